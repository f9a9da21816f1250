/**
 * Text analysis for knowledge search: one normaliser and one tokeniser shared by documents and queries, so that
 * what is indexed and what is searched always agree.
 *
 * Pipeline: NFKC (full-width → half-width) → traditional → simplified (OpenCC) → lower case → [queries only: typo
 * corrections] → Han runs segmented by jieba with the domain lexicon loaded, Latin runs split and lightly stemmed →
 * synonym variants mapped to their canonical term → stop words dropped.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import * as OpenCC from 'opencc-js';
import synonymData from '../../../resources/knowledge/synonyms.json';
import typoData from '../../../resources/knowledge/typos.json';

export type TermKind = 'han' | 'latin';

/** A query term after analysis: `token` is what the index is searched for; `surfaces` are what to highlight. */
export interface QueryTerm {
  token: string;
  kind: TermKind;
  surfaces: string[];
}

/** Tokens for each indexed column, space-joined (the FTS tokenizer only splits on spaces). */
export interface IndexedText {
  title: string;
  tags: string;
  body: string;
  grams: string;
}

/** Prefix that keeps character bigrams apart from words in the index (`g销户` is a bigram, `销户` a word). */
export const GRAM_PREFIX = 'g';

const HAN_RUN = /\p{Script=Han}+/gu;
const TOKEN_RUN = /\p{Script=Han}+|[a-z0-9]+/gu;
const HAN_ONLY = /^\p{Script=Han}+$/u;

const STOP_WORDS = new Set(
  (
    '的 了 吗 嘛 呢 吧 啊 呀 哦 嗯 哈 么 我 你 您 他 她 它 我们 你们 他们 咱们 是 在 有 和 与 及 或 也 都 就 还 要 想 想要 ' +
    '请问 请 问 问下 问一下 一下 下 怎么 怎样 怎么样 如何 怎么办 怎么弄 怎么搞 怎么回事 咋 咋办 咋弄 什么 啥 哪里 哪儿 哪个 哪些 为什么 为啥 ' +
    '可以 能 能否 能不能 可不可以 会 需要 得 把 被 给 让 对 从 到 这个 那个 这 那 个 些 一个 一些 吗 呗 ' +
    '谢谢 你好 您好 麻烦 帮 帮忙 帮我 一 下子 现在 已经 还是 但是 如果 因为 所以 然后 就是 不是 没有 没 不 ' +
    '东西 事情 情况 一直 老是 总是 突然 知道 告诉 看看 以后 之后 的话 一点 有点 这样 那样 不会 会不会 有没有 是不是 不了 什么时候 ' +
    'a an the is are was were be been do does did how what when where which who why can could i me my we our ' +
    'you your it its this that to of for in on at by with and or if from as about please should would will'
  ).split(/\s+/),
);

// ---------------------------------------------------------------------------------------------------------------
// Lexicon (synonyms, typos, domain words) — data files under resources/knowledge.

interface SynonymFile {
  groups: { canonical: string; variants: string[] }[];
  terms: string[];
}
interface TypoFile {
  corrections: Record<string, string>;
}

interface Lexicon {
  /** variant token (or space-joined Latin phrase) → canonical token */
  canonicalOf: Map<string, string>;
  /** canonical token → every surface form that means it (for highlighting) */
  surfacesOf: Map<string, string[]>;
  /** longest Latin phrase length in tokens */
  maxLatinPhrase: number;
  typos: [wrong: string, right: string][];
  /** Han words the segmenter must keep whole */
  segmenterWords: string[];
}

let lexicon: Lexicon | undefined;

function buildLexicon(): Lexicon {
  const synonyms = synonymData as SynonymFile;
  const canonicalOf = new Map<string, string>();
  const surfacesOf = new Map<string, string[]>();
  const segmenterWords = new Set<string>();
  let maxLatinPhrase = 1;
  const key = (phrase: string): string =>
    latinTokens(normalizeText(phrase)).join(' ') || normalizeText(phrase);
  for (const group of synonyms.groups) {
    const canonical = key(group.canonical);
    if (canonical.includes(' '))
      throw new Error(`synonyms.json: canonical "${group.canonical}" must be a single word`);
    const surfaces = [normalizeText(group.canonical)];
    for (const variant of group.variants) {
      const k = key(variant);
      canonicalOf.set(k, canonical);
      surfaces.push(normalizeText(variant));
      maxLatinPhrase = Math.max(maxLatinPhrase, k.split(' ').length);
      if (HAN_ONLY.test(k)) segmenterWords.add(k);
    }
    if (HAN_ONLY.test(canonical)) segmenterWords.add(canonical);
    surfacesOf.set(canonical, surfaces);
  }
  for (const term of synonyms.terms) {
    const t = normalizeText(term);
    if (HAN_ONLY.test(t)) segmenterWords.add(t);
  }
  const typos = Object.entries((typoData as TypoFile).corrections)
    .map(([wrong, right]) => [normalizeText(wrong), normalizeText(right)] as [string, string])
    .sort((a, b) => b[0].length - a[0].length);
  for (const [, right] of typos) if (HAN_ONLY.test(right)) segmenterWords.add(right);
  return { canonicalOf, surfacesOf, maxLatinPhrase, typos, segmenterWords: [...segmenterWords] };
}

function getLexicon(): Lexicon {
  lexicon ??= buildLexicon();
  return lexicon;
}

// ---------------------------------------------------------------------------------------------------------------
// Normalisation

let toSimplified: ((text: string) => string) | undefined;

/** NFKC (full-width → half-width), traditional → simplified, lower case. Keeps length for ordinary text. */
export function normalizeText(text: string): string {
  // 'tw' also folds Taiwan variant characters (裡, 臺) before the traditional → simplified step.
  toSimplified ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  return toSimplified(text.normalize('NFKC')).toLowerCase();
}

/** Normalised query with known typos and homophones corrected. */
export function correctQuery(normalized: string): string {
  let out = normalized;
  for (const [wrong, right] of getLexicon().typos)
    if (out.includes(wrong)) out = out.split(wrong).join(right);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Segmentation

let jieba: Jieba | undefined;

/** Loaded on first use (about a quarter of a second), with the domain words taught so that 科创板 stays one word. */
function segmenter(): Jieba {
  if (!jieba) {
    const instance = Jieba.withDict(dict);
    const words = getLexicon()
      .segmenterWords.map((w) => `${w} 200000 n`)
      .join('\n');
    instance.loadDict(Buffer.from(words, 'utf8'));
    jieba = instance;
  }
  return jieba;
}

/** Light English stemmer: enough to make open/opens/opened/opening and fee/fees meet. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (/([b-df-hj-km-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

function latinTokens(normalized: string): string[] {
  return (normalized.match(/[a-z0-9]+/g) ?? []).map(stem);
}

interface RawToken {
  text: string;
  kind: TermKind;
}

/**
 * Splits normalised text into Han words (jieba) and stemmed Latin words, in reading order. One segmenter call per
 * text (not per Han run): crossing into native code is the expensive part.
 */
function rawTokens(normalized: string, mode: 'index' | 'query'): RawToken[] {
  const out: RawToken[] = [];
  const text = normalized.replace(/t\+([01])/g, 't$1');
  // HMM on: jieba then keeps unknown words whole (盘后, 弃购, 复牌), so they get posting and champion lists of their
  // own instead of falling back to character bigrams.
  const words = mode === 'index' ? segmenter().cutForSearch(text, true) : segmenter().cut(text, true);
  // In a query, jieba breaks a word it does not know (弃购, 复牌) into characters; glue adjacent ones back so the
  // word is searched as a character sequence rather than as unrelated characters.
  let run = '';
  const flush = () => {
    if (run) out.push({ text: run, kind: 'han' });
    run = '';
  };
  for (const w of words) {
    if (mode === 'query' && w.length === 1 && HAN_ONLY.test(w) && !STOP_WORDS.has(w)) {
      run += w;
      continue;
    }
    flush();
    if (HAN_ONLY.test(w)) out.push({ text: w, kind: 'han' });
    else
      for (const m of w.matchAll(TOKEN_RUN))
        out.push(HAN_ONLY.test(m[0]) ? { text: m[0], kind: 'han' } : { text: stem(m[0]), kind: 'latin' });
  }
  flush();
  return out;
}

/** Maps synonym variants to canonical tokens; Latin variants may span several words ("margin trading"). */
function canonicalise(tokens: RawToken[]): { token: string; kind: TermKind; variant: boolean }[] {
  const { canonicalOf, maxLatinPhrase } = getLexicon();
  const out: { token: string; kind: TermKind; variant: boolean }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'latin' && maxLatinPhrase > 1) {
      let matched = false;
      for (let n = Math.min(maxLatinPhrase, tokens.length - i); n >= 2; n--) {
        const span = tokens.slice(i, i + n);
        if (span.some((s) => s.kind !== 'latin')) continue;
        const canonical = canonicalOf.get(span.map((s) => s.text).join(' '));
        if (canonical) {
          out.push({ token: canonical, kind: 'latin', variant: true });
          i += n - 1;
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    const canonical = canonicalOf.get(t.text);
    out.push(
      canonical
        ? { token: canonical, kind: HAN_ONLY.test(canonical) ? 'han' : 'latin', variant: true }
        : { token: t.text, kind: t.kind, variant: false },
    );
  }
  return out;
}

function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

/** Index tokens of one normalised field: every word, plus the canonical term of each synonym variant met. */
function indexTokens(normalized: string): string[] {
  const raw = rawTokens(normalized, 'index');
  const out: string[] = [];
  for (const t of raw) if (!isStopWord(t.text)) out.push(t.text);
  // Canonical terms are added next to the surface words, so "入金" in an article is also found by "银证转入".
  for (const c of canonicalise(raw)) if (c.variant && !isStopWord(c.token)) out.push(c.token);
  return out;
}

/**
 * Overlapping character bigrams of every Han run (a lone character stands as itself). For the index, each run's
 * last character is added alone too, so that a prefix query `g税*` finds every 税, even at the end of 红利税.
 */
export function hanBigrams(normalized: string, withFinalChar = false): string[] {
  const out: string[] = [];
  for (const m of normalized.matchAll(HAN_RUN)) {
    const chars = [...m[0]];
    if (chars.length === 1) out.push(chars[0]!);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    if (withFinalChar && chars.length > 1) out.push(chars[chars.length - 1]!);
  }
  return out;
}

export interface AnalysedDocument {
  text: IndexedText;
  /** the same tokens per column, before joining (the champion lists count them) */
  columns: { title: string[]; tags: string[]; body: string[]; grams: string[] };
  /** tokens in all indexed columns, as FTS5 counts them (ranking statistics) */
  tokenCount: number;
  /** true when OpenCC changes nothing beyond NFKC and letter case (highlighting can skip OpenCC) */
  plain: boolean;
}

/** Normalises each field once, segments it, and derives the bigram column from the same normalised text. */
export function analyseDocument(doc: {
  title: string;
  body: string;
  tags: readonly string[];
}): AnalysedDocument {
  const tagText = doc.tags.join(' ， ');
  const title = normalizeText(doc.title);
  const tags = normalizeText(tagText);
  const body = normalizeText(doc.body);
  const t = indexTokens(title);
  const g = indexTokens(tags);
  const b = indexTokens(body);
  const grams = hanBigrams(`${title} ， ${tags} ， ${body}`, true).map((x) => GRAM_PREFIX + x);
  return {
    text: { title: t.join(' '), tags: g.join(' '), body: b.join(' '), grams: grams.join(' ') },
    columns: { title: t, tags: g, body: b, grams },
    tokenCount: t.length + g.length + b.length + grams.length,
    plain: [
      [title, doc.title],
      [tags, tagText],
      [body, doc.body],
    ].every(([normalized, original]) => normalized === original!.normalize('NFKC').toLowerCase()),
  };
}

/** Query terms in order, de-duplicated, stop words removed, variants replaced by their canonical term. */
export function analyseQuery(query: string): QueryTerm[] {
  const normalized = correctQuery(normalizeText(query));
  const { surfacesOf } = getLexicon();
  const seen = new Set<string>();
  const terms: QueryTerm[] = [];
  for (const c of canonicalise(rawTokens(normalized, 'query'))) {
    if (isStopWord(c.token) || seen.has(c.token)) continue;
    seen.add(c.token);
    const surfaces = new Set(surfacesOf.get(c.token) ?? [c.token]);
    surfaces.add(c.token);
    terms.push({ token: c.token, kind: c.kind, surfaces: [...surfaces].filter((s) => s.length > 0) });
  }
  return terms;
}

/**
 * Dictionary words that together spell a word the index does not know (最低保护 → 最低 + 保护), longest first from
 * the left, using only parts `known` accepts; empty when they cannot cover the whole word.
 */
export function dictionaryParts(word: string, known: (part: string) => boolean): string[] {
  const candidates = [
    ...new Set([...segmenter().cut(word, false), ...segmenter().cutForSearch(word, false)]),
  ].filter((p) => p !== word && p.length >= 2 && known(p));
  const parts: string[] = [];
  for (let at = 0; at < word.length;) {
    const next = candidates.filter((p) => word.startsWith(p, at)).sort((a, b) => b.length - a.length)[0];
    if (!next) return [];
    parts.push(next);
    at += next.length;
  }
  return parts;
}

/** The word tokens the index stores for a text (for benchmarks that feed other engines the same analysis). */
export function tokensForIndex(text: string): string[] {
  return indexTokens(normalizeText(text));
}

/** The word tokens a query is searched by. */
export function tokensForQuery(query: string): string[] {
  return analyseQuery(query).map((t) => t.token);
}

/** Content words of a customer's message (single Han characters are too vague to search a message by). */
export function messageKeywords(text: string): QueryTerm[] {
  return analyseQuery(text).filter((t) => t.kind === 'latin' || [...t.token].length >= 2);
}

/** Warms the segmenter and converter (for example at start-up, off the critical path). */
export function warmUpAnalyser(): void {
  segmenter();
  normalizeText('預熱');
}
