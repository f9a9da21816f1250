/**
 * Generates resources/security/hostile-strings.txt: a deterministic corpus of hostile text (script injection in its
 * many forms, bidi and zero-width tricks, template injection, entity and encoding games, very long lines, markdown
 * links), one per line. Every payload that could run calls `__pwned(<line number>)` or `alert(<line number>)`, so a
 * test that traps those two functions knows exactly which line fired.
 *
 *   npx tsx resources/security/generate.ts          # rewrites the file
 *   npx tsx resources/security/generate.ts --check  # exits 1 if the committed file differs from the generator
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Lines the hub accepts as a message: non-empty after trim, at most 4,000 characters. */
export const MAX_LINE = 3_990;

const PWN = '@PWN@';
const ALERT = '@ALERT@';
/** The bare line number, for payloads that spell the call in another encoding. */
const NUM = '@NUM@';

const scriptTags = [
  `<script>${PWN}</script>`,
  `<ScRiPt>${PWN}</sCrIpT>`,
  `<script src="data:text/javascript,${PWN}"></script>`,
  `<script>/*</script>*/${PWN}</script>`,
  `"><script>${PWN}</script>`,
  `'><script>${ALERT}</script>`,
  `</textarea><script>${PWN}</script>`,
  `</title><script>${PWN}</script>`,
  `</style><script>${PWN}</script>`,
  `<script type="module">${PWN}</script>`,
  `<script\x20type="text/javascript">${PWN}</script>`,
  `<scr<script>ipt>${PWN}</scr</script>ipt>`,
  `<noscript><p title="</noscript><img src=x onerror=${PWN}>">`,
  `<template><script>${PWN}</script></template>`,
  `<object data="javascript:${PWN}"></object>`,
  `<embed src="javascript:${PWN}">`,
  `<base href="javascript:${PWN}//">`,
  `<meta http-equiv="refresh" content="0;url=javascript:${PWN}">`,
];

const handlerTags = ['img src=x', 'svg', 'body', 'input autofocus', 'details open', 'video src=x', 'audio src=x', 'iframe', 'marquee', 'select autofocus', 'textarea autofocus', 'object data=x', 'image src=x', 'style', 'div tabindex=1', 'a href=#'];
const handlers = ['onerror', 'onload', 'onfocus', 'ontoggle', 'onstart', 'onmouseover', 'onanimationstart', 'onpointerenter', 'onbegin', 'onclick'];
const quotes: [string, string][] = [['', ''], ['"', '"'], ["'", "'"], ['`', '`']];

const javascriptUrls = [
  `<a href="javascript:${PWN}">点击查看收益</a>`,
  `<a href="JaVaScRiPt:${PWN}">x</a>`,
  `<a href="java\tscript:${PWN}">x</a>`,
  `<a href="&#106;avascript:${PWN}">x</a>`,
  `<a href="javascript&colon;${PWN}">x</a>`,
  `<a href="  javascript:${PWN}">x</a>`,
  `<a href="data:text/html,<script>${PWN}</script>">x</a>`,
  `<iframe src="javascript:${PWN}"></iframe>`,
  `<iframe srcdoc="<script>parent.${PWN}</script>"></iframe>`,
  `<form action="javascript:${PWN}"><button>提交</button></form>`,
  `<button formaction="javascript:${PWN}">x</button>`,
  `<math href="javascript:${PWN}">CLICK</math>`,
  `javascript:${PWN}`,
  `javascript://%0a${PWN}`,
  `vbscript:msgbox(1)`,
];

const svgMath = [
  `<svg><script>${PWN}</script></svg>`,
  `<svg><animate onbegin=${PWN} attributeName=x dur=1s>`,
  `<svg><a xlink:href="javascript:${PWN}"><text x=20 y=20>点我</text></a></svg>`,
  `<svg><set attributeName=onmouseover to=${PWN}>`,
  `<svg><foreignObject><img src=x onerror=${PWN}></foreignObject></svg>`,
  `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='x' onerror='${PWN}'/></svg>#x"/></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${PWN}>`,
  `<math><maction actiontype="statusline" xlink:href="javascript:${PWN}">x</maction></math>`,
  `<svg/onload=${PWN}>`,
  `<svg><style>@import url("javascript:${PWN}")</style></svg>`,
];

const css = [
  `<div style="width:expression(${PWN})">x</div>`,
  `<div style="background:url('javascript:${PWN}')">x</div>`,
  `<style>@import 'javascript:${PWN}';</style>`,
  `<style>*{background:url(javascript:${PWN})}</style>`,
  `<link rel="stylesheet" href="javascript:${PWN}">`,
  `<div style="behavior:url(x.htc)">x</div>`,
  `<style>@keyframes x{}</style><div style="animation-name:x" onanimationstart="${PWN}"></div>`,
  `<p style="-moz-binding:url(x.xml#xss)">x</p>`,
];

const templates = [
  `{{constructor.constructor('${PWN}')()}}`,
  `{{$on.constructor('${PWN}')()}}`,
  `\${${PWN}}`,
  `#{${PWN}}`,
  `<%= ${PWN} %>`,
  `{{7*7}}`,
  `\${7*7}`,
  `[[\${7*7}]]`,
  `{% raw %}{{${PWN}}}{% endraw %}`,
  `{{#with "s" as |string|}}{{string.constructor "${PWN}"}}{{/with}}`,
  `<div v-html="'<img src=x onerror=${PWN}>'"></div>`,
  `<div ng-app>{{constructor.constructor('${ALERT}')()}}</div>`,
  `{{__proto__.polluted}}`,
  `t('messages.empty', { defaultValue: '<img src=x onerror=${PWN}>' })`,
];

const entities = [
  `&lt;img src=x onerror=${PWN}&gt;`,
  `&#60;script&#62;${PWN}&#60;/script&#62;`,
  `&#x3C;svg onload=${PWN}&#x3E;`,
  `\\u003cscript\\u003e${PWN}\\u003c/script\\u003e`,
  `%3Cscript%3E${PWN}%3C%2Fscript%3E`,
  `&amp;lt;script&amp;gt;${PWN}`,
  `&lt;&#x73;cript&gt;${PWN}`,
  `＜script＞${PWN}＜/script＞`,
  `<img src=x onerror="&#95;&#95;pwned&#40;${NUM}&#41;">`,
  `<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;__pwned(${NUM})">x</a>`,
  `&NewLine;&Tab;&colon;javascript&colon;${PWN}`,
];

const bidi = [
  `\u202E${PWN}>tpircs<`,
  `收益率 \u202E%05\u202C 保证`,
  `账号 \u2066123456\u2069 \u2067654321\u2069`,
  `\u202Dexe.gnp\u202E 附件.exe`,
  `\u200F\u200E\u061C混合方向`,
  `مرحبا <script>${PWN}</script> שלום`,
  `\u202Bعربي\u202C 中文 English`,
  `\u2068<img src=x onerror=${PWN}>\u2069`,
];

const zeroWidth = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u180E'];

const markdown = [
  `[点击领取新股红包](javascript:${PWN})`,
  `![图片](x" onerror="${PWN})`,
  `[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `<https://evil.example/?q=<script>${PWN}</script>>`,
  `[link](https://evil.example "title\\" onmouseover=\\"${PWN}")`,
  `**粗体**<img src=x onerror=${PWN}>**`,
  '```html\n'.replace('\n', ' ') + `<script>${PWN}</script>` + ' ```',
  `> 引用 <svg onload=${PWN}>`,
  `[![x](https://evil.example/x.png)](javascript:${PWN})`,
  `[x]: javascript:${PWN}`,
];

const polyglots = [
  `jaVasCript:/*-/*\`/*\\\`/*'/*"/**/(/* */oNcliCk=${PWN} )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=${PWN}//>\\x3e`,
  `'"--></style></script><script>${PWN}</script>`,
  `<!--<img src="--><img src=x onerror=${PWN}//">`,
  `<![CDATA[<script>${PWN}</script>]]>`,
  `</div></div></div></body></html><script>${PWN}</script>`,
  `<x contenteditable onblur=${PWN}>lose focus!`,
  `"><img src=x onerror=${PWN}><"`,
  `';${PWN};'`,
  `";${PWN};"`,
  `\\";${PWN};//`,
  `</script><script>${PWN}</script>`,
  `<img src="x` + '`' + `onerror=${PWN}>`,
  `<a id=x tabindex=1 onfocusin=${PWN}></a>`,
  `<img srcset="x 1x, y" onerror=${PWN}>`,
];

const contexts = [
  (p: string) => p,
  (p: string) => `您好,${p}`,
  (p: string) => `${p} 请问收益怎么算?`,
  (p: string) => `客户备注:${p}`,
  (p: string) => `Hello ${p} world`,
];

function handlerPayloads(): string[] {
  const out: string[] = [];
  for (const tag of handlerTags) {
    for (const h of handlers) {
      const [open, close] = quotes[(tag.length + h.length) % quotes.length]!;
      const name = tag.split(' ')[0]!;
      out.push(`<${tag} ${h}=${open}${PWN}${close}>${name === 'img' || name === 'input' ? '' : `</${name}>`}`);
    }
  }
  return out;
}

function withZeroWidth(p: string, zw: string): string {
  // Split keywords with an invisible character: a filter that strips them after checking would be fooled.
  return p.replace(/script|onerror|onload|javascript/gi, (m) => `${m.slice(0, 3)}${zw}${m.slice(3)}`);
}

/** About `n` UTF-16 units of `seed` repeated, never cutting a surrogate pair or a grapheme's code points apart. */
function longLine(seed: string, n: number): string {
  let s = '';
  for (let i = 0; s.length + seed.length + 1 <= n; i++) s += `${seed}${i % 10}`;
  return s;
}

/** The corpus, without line numbers filled in yet (markers are resolved by `generateHostileStrings`). */
function templatesOfCorpus(): string[] {
  const base = [...scriptTags, ...handlerPayloads(), ...javascriptUrls, ...svgMath, ...css, ...templates, ...entities, ...bidi, ...markdown, ...polyglots];
  const lines: string[] = [];
  for (const [i, p] of base.entries()) {
    for (const [j, ctx] of contexts.entries()) if ((i + j) % 2 === 0 || j === 0) lines.push(ctx(p));
  }
  for (const [i, p] of base.entries()) lines.push(withZeroWidth(p, zeroWidth[i % zeroWidth.length]!));
  for (const zw of zeroWidth) lines.push(`不${zw}保${zw}本,稳${zw}赚${zw}不${zw}赔 <img src=x onerror=${PWN}>`);
  // Very long lines: a payload at the start, in the middle and at the very end of a near-maximum message.
  for (const [i, p] of [...scriptTags.slice(0, 4), ...polyglots.slice(0, 4)].entries()) {
    const filler = longLine(i % 2 === 0 ? '长' : 'A', MAX_LINE - 200);
    lines.push(`${p}${filler}`.slice(0, MAX_LINE), `${filler.slice(0, 1500)}${p}${filler.slice(1500)}`.slice(0, MAX_LINE), `${filler}${p}`.slice(-MAX_LINE));
  }
  lines.push(longLine('<b>', MAX_LINE), longLine('\u202E', 500) + PWN, longLine('a\u0301\u0302\u0303', 2000), longLine('👨‍👩‍👧‍👦', 1000));
  return lines;
}

/** Deterministic: the same corpus on every machine and every run. */
export function generateHostileStrings(): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of templatesOfCorpus()) {
    const n = out.length + 1;
    const line = raw.replaceAll(PWN, `__pwned(${n})`).replaceAll(ALERT, `alert(${n})`).replaceAll(NUM, String(n)).trim();
    if (!line || line.length > 4000 || !line.isWellFormed() || /[\r\n\u2028\u2029\u0085]/.test(line) || seen.has(line)) continue;
    seen.add(line);
    out.push(line);
  }
  return out;
}

export const CORPUS_FILE = fileURLToPath(new URL('./hostile-strings.txt', import.meta.url));

export function readHostileStrings(): string[] {
  return readFileSync(CORPUS_FILE, 'utf8').split('\n').filter((l) => l.length > 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const lines = generateHostileStrings();
  const text = `${lines.join('\n')}\n`;
  if (process.argv.includes('--check')) {
    const same = readFileSync(CORPUS_FILE, 'utf8') === text;
    console.log(same ? `hostile-strings.txt is up to date (${lines.length} lines)` : 'hostile-strings.txt differs from the generator: run npx tsx resources/security/generate.ts');
    process.exit(same ? 0 : 1);
  }
  writeFileSync(CORPUS_FILE, text);
  console.log(`wrote ${lines.length} lines to ${CORPUS_FILE}`);
}
