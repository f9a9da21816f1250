/**
 * Compliance engine benchmark (not a test): npm run bench:compliance
 *
 * A generated rule set (5,000 phrases, 50 regular expressions, the PII detectors, the shipped negation lexicon),
 * a 2,000-character draft and a few thousand realistic edits (typing, backspace, selections deleted, pastes).
 * Reports p50/p95/p99 of the incremental check per keystroke and of a full-draft check, and, over the same normalised
 * text and phrases, the core matcher beside two anchors: @monyone/aho-corasick (double-array "fast" build, its
 * fastest matcher) and one large RegExp alternation (the naive approach). Exits non-zero when the core's hits
 * differ from the anchors' or the incremental result differs from a full check.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AhoCorasick } from '@monyone/aho-corasick/fast';
import rulesJson from '../resources/compliance/rules.json';
import { createComplianceEngine } from '../shared/compliance/engine';
import { NormalizedBuffer, normalizeRange } from '../shared/compliance/normalize';
import { loadRuleSet } from '../shared/compliance/ruleSet';
import { COMPLIANCE_CATEGORIES } from '../shared/compliance/types';

const PHRASES = 5000;
const REGEXES = 50;
const DRAFT_LENGTH = 2000;
const EDITS = 4000;
const FULL_RUNS = 400;
const CORE_RUNS = 400;
const NAIVE_RUNS = 60;

/** Deterministic PRNG (mulberry32) so every run measures the same work. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20250601);
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Frequent characters of customer-service chat, so that generated phrases and the draft share prefixes.
const POOL = [
  ...'的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保发收益赚稳股票基金券商客户账号码微信买卖涨跌停仓位佣费率风险测评产品理财投资承诺证监市场价格盘庄消息推荐内幕私下转',
];
const randomWord = (min: number, max: number): string => {
  let w = '';
  for (let i = int(min, max); i > 0; i--) w += pick(POOL);
  return w;
};

function generateRuleSet(): { json: unknown; phrases: string[] } {
  const shipped = rulesJson as { negation: unknown };
  const phrases = new Set<string>();
  while (phrases.size < PHRASES) phrases.add(randomWord(2, 6));
  const list = [...phrases];
  const rules: unknown[] = [];
  const perRule = 50;
  for (let r = 0; r * perRule < list.length; r++) {
    rules.push({
      id: `gen.phrases.${r}`,
      category: COMPLIANCE_CATEGORIES[r % COMPLIANCE_CATEGORIES.length],
      severity: r % 3 === 0 ? 'block' : 'warn',
      reason: { zh: '生成的规则', en: 'generated rule' },
      alternative: { zh: '合规表述', en: 'compliant wording' },
      phrases: list.slice(r * perRule, (r + 1) * perRule),
    });
  }
  // Literal-anchored expressions, as compliance staff write them (a keyword, a short gap, a figure or a verb).
  for (let r = 0; r < REGEXES; r++) {
    const a = randomWord(2, 2);
    const b = randomWord(2, 2);
    const c = randomWord(1, 2);
    const shapes = [
      `${a}.{0,4}\\d+(\\.\\d+)?%`,
      `(${a}|${b})(${c}|会|要){1,2}${randomWord(1, 2)}`,
      `${a}[^，。]{0,6}${b}`,
      `(?<!\\d)${a}\\d{3,6}(?!\\d)`,
    ];
    rules.push({
      id: `gen.regex.${r}`,
      category: COMPLIANCE_CATEGORIES[r % COMPLIANCE_CATEGORIES.length],
      severity: 'warn',
      reason: { zh: '生成的规则', en: 'generated rule' },
      alternative: { zh: '合规表述', en: 'compliant wording' },
      patterns: [shapes[r % shapes.length]],
    });
  }
  for (const detector of ['cn_id_card', 'bank_card', 'cn_mobile']) {
    rules.push({
      id: `gen.pii.${detector}`,
      category: 'privacy_leak',
      severity: 'block',
      reason: { zh: '个人信息', en: 'personal data' },
      alternative: { zh: '脱敏', en: 'mask it' },
      detector,
    });
  }
  return { json: { version: 'bench', updatedAt: '2025-06-01', negation: shipped.negation, variants: {}, allow: [], rules }, phrases: list };
}

function sentence(phrases: readonly string[]): string {
  let s = '';
  const target = int(8, 60);
  while (s.length < target) {
    const r = random();
    if (r < 0.05) s += pick(phrases);
    else if (r < 0.08) s += pick(['不', '不能', '没有', '谨防']);
    else if (r < 0.1) s += String(int(1, 999));
    else if (r < 0.13) s += pick(['，', ' ', '、']);
    else s += pick(POOL);
  }
  return s + pick(['。', '。', '！', '？', '\n']);
}

function draft(phrases: readonly string[], length: number): string {
  let d = '';
  while (d.length < length) d += sentence(phrases);
  return d.slice(0, length);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const fmt = (ms: number): string => (ms < 0.1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(3)} ms`);

function timeRuns(runs: number, fn: () => void): number[] {
  for (let i = 0; i < Math.min(50, runs); i++) fn(); // warm-up: let the JIT settle
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = nowMs();
    fn();
    times.push(nowMs() - t0);
  }
  return times;
}

function main(): number {
  const { json, phrases } = generateRuleSet();
  const buildStart = nowMs();
  const engine = createComplianceEngine(loadRuleSet(json));
  const buildMs = nowMs() - buildStart;
  const patterns = engine.compiled.patterns;
  let failures = 0;

  // ---- typing ----
  const session = engine.createSession();
  let text = draft(phrases, DRAFT_LENGTH);
  session.update(text);
  let cursor = text.length;
  let previousLength = text.length;
  const keyTimes: number[] = [];
  /** Single-character inserts and backspaces only (the bulk of typing), to show apart from pastes and selections. */
  const singleCharTimes: number[] = [];
  const edits = { insert: 0, delete: 0, paste: 0 };
  const texts: string[] = [];
  for (let e = 0; e < EDITS; e++) {
    const r = random();
    if (r < 0.03) cursor = int(0, text.length); // click somewhere else
    if (text.length > DRAFT_LENGTH * 1.1) {
      // The draft has grown: select a stretch and delete it, as an agent trims a reply.
      const length = int(10, 100);
      const from = int(0, text.length - length);
      text = text.slice(0, from) + text.slice(from + length);
      cursor = from;
      edits.delete++;
    } else if (r < 0.8 || text.length < 200) {
      const ch = random() < 0.08 ? pick(['，', '。', ' ']) : random() < 0.1 ? pick(phrases)[0]! : pick(POOL);
      text = text.slice(0, cursor) + ch + text.slice(cursor);
      cursor += 1;
      edits.insert++;
    } else if (r < 0.97) {
      const length = random() < 0.85 ? 1 : int(2, 12);
      const from = Math.max(0, cursor - length);
      text = text.slice(0, from) + text.slice(cursor);
      cursor = from;
      edits.delete++;
    } else {
      const paste = random() < 0.5 ? pick(phrases) + sentence(phrases) : sentence(phrases);
      cursor = int(0, text.length);
      text = text.slice(0, cursor) + paste + text.slice(cursor);
      cursor += paste.length;
      edits.paste++;
    }
    const singleChar = Math.abs(text.length - previousLength) === 1;
    previousLength = text.length;
    const t0 = nowMs();
    const incremental = session.update(text);
    const elapsed = nowMs() - t0;
    keyTimes.push(elapsed);
    if (singleChar) singleCharTimes.push(elapsed);
    if (e % 200 === 0) {
      texts.push(text);
      if (JSON.stringify(incremental) !== JSON.stringify(engine.check(text))) {
        console.error(`MISMATCH: incremental result differs from a full check after edit ${e}`);
        failures++;
      }
    }
  }

  // ---- full-draft check ----
  const fullDraft = draft(phrases, DRAFT_LENGTH);
  const fullTimes = timeRuns(FULL_RUNS, () => engine.check(fullDraft));
  const fullResult = engine.check(fullDraft);

  // ---- core vs anchors over the same normalised text ----
  const buffer = new NormalizedBuffer();
  normalizeRange(fullDraft, 0, fullDraft.length, buffer);
  const normalizedCodes = buffer.codes.slice(0, buffer.length);
  const normalized = buffer.toString();
  const matcher = engine.compiled.matcher;
  const library = new AhoCorasick(patterns);
  const escaped = [...patterns].sort((a, b) => b.length - a.length).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const naive = new RegExp(`(?=(${escaped.join('|')}))`, 'gu');

  const coreTimes = timeRuns(CORE_RUNS, () => matcher.scan(normalizedCodes, normalizedCodes.length));
  const anchorTimes = timeRuns(CORE_RUNS, () => library.matchInText(normalized));
  const naiveMatches = (): Map<number, number> => {
    const longest = new Map<number, number>();
    naive.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = naive.exec(normalized)) !== null) {
      longest.set(m.index, m.index + m[1]!.length);
      naive.lastIndex = m.index + 1;
    }
    return longest;
  };
  const naiveTimes = timeRuns(NAIVE_RUNS, naiveMatches);

  // Same hits: every occurrence (core vs library); the longest at each start (core vs naive alternation).
  const count = matcher.scan(normalizedCodes, normalizedCodes.length);
  const core: string[] = [];
  const coreLongest = new Map<number, number>();
  for (let k = 0; k < count; k++) {
    const end = matcher.matchEnd[k]!;
    const start = end - matcher.patternLengths[matcher.matchPattern[k]!]!;
    core.push(`${start}:${end}`);
    if ((coreLongest.get(start) ?? -1) < end) coreLongest.set(start, end);
  }
  const anchor = library.matchInText(normalized).map((m) => `${m.begin}:${m.end}`);
  const sameAsLibrary = JSON.stringify([...core].sort()) === JSON.stringify([...anchor].sort());
  const naiveLongest = naiveMatches();
  const sameAsNaive =
    JSON.stringify([...coreLongest.entries()].sort((a, b) => a[0] - b[0])) === JSON.stringify([...naiveLongest.entries()].sort((a, b) => a[0] - b[0]));
  if (!sameAsLibrary) {
    console.error('MISMATCH: core hits differ from @monyone/aho-corasick');
    failures++;
  }
  if (!sameAsNaive) {
    console.error('MISMATCH: core hits differ from the RegExp alternation');
    failures++;
  }

  const results = {
    phrases: PHRASES,
    keyP50Ms: percentile(keyTimes, 50),
    keyP95Ms: percentile(keyTimes, 95),
    keyP99Ms: percentile(keyTimes, 99),
    fullP99Ms: percentile(fullTimes, 99),
    coreP99Ms: percentile(coreTimes, 99),
    anchorAcP99Ms: percentile(anchorTimes, 99),
    naiveP99Ms: percentile(naiveTimes, 99),
  };
  const out = fileURLToPath(new URL('./results/compliance.json', import.meta.url));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');

  const goal = (ok: boolean): string => (ok ? 'met' : 'NOT met');
  console.log(`compliance bench — ${PHRASES} phrases (${patterns.length} patterns), ${REGEXES} regexes, PII detectors; engine built in ${buildMs.toFixed(0)} ms`);
  console.log(`draft ${DRAFT_LENGTH} chars; ${EDITS} edits (${edits.insert} inserts, ${edits.delete} deletes, ${edits.paste} pastes); ${fullResult.hits.length} hits in the full draft`);
  console.log(`per keystroke (incremental)  p50 ${fmt(results.keyP50Ms)}  p95 ${fmt(results.keyP95Ms)}  p99 ${fmt(results.keyP99Ms)}   goal p99 ≤ 0.05 ms: ${goal(results.keyP99Ms <= 0.05)}`);
  console.log(`  of which single-character edits (${singleCharTimes.length})  p50 ${fmt(percentile(singleCharTimes, 50))}  p95 ${fmt(percentile(singleCharTimes, 95))}  p99 ${fmt(percentile(singleCharTimes, 99))}`);
  console.log(`full draft check             p50 ${fmt(percentile(fullTimes, 50))}  p99 ${fmt(results.fullP99Ms)}   goal p99 ≤ 1 ms: ${goal(results.fullP99Ms <= 1)}`);
  console.log(`matcher over ${normalized.length} normalised chars, ${count} occurrences:`);
  console.log(`  core (double-array AC)     p50 ${fmt(percentile(coreTimes, 50))}  p99 ${fmt(results.coreP99Ms)}`);
  console.log(`  anchor @monyone/aho-corasick/fast  p50 ${fmt(percentile(anchorTimes, 50))}  p99 ${fmt(results.anchorAcP99Ms)}   core no slower: ${goal(results.coreP99Ms <= results.anchorAcP99Ms)}`);
  console.log(`  naive RegExp alternation   p50 ${fmt(percentile(naiveTimes, 50))}  p99 ${fmt(results.naiveP99Ms)}   core ≥ 20× faster: ${goal(results.naiveP99Ms >= 20 * results.coreP99Ms)} (${(results.naiveP99Ms / results.coreP99Ms).toFixed(0)}×)`);
  console.log(`hits equal: library ${sameAsLibrary ? 'yes' : 'NO'}, naive ${sameAsNaive ? 'yes' : 'NO'}; incremental == full at ${texts.length} checkpoints: ${failures === 0 ? 'yes' : 'NO'}`);
  console.log(`wrote ${out}`);
  return failures > 0 ? 1 : 0;
}

process.exitCode = main();
