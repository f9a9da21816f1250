/**
 * The compliance engine: phrases (Aho-Corasick) and regular expressions on normalised text, negation,
 * and personal-data detectors, reported as spans of the original draft.
 *
 * Unit of work: the sentence. Nothing is matched across a sentence break (。！？；newline), so the result of a
 * draft is the concatenation of the results of its sentences. The incremental session uses exactly that: after
 * an edit it re-checks only the sentences the edit touched and shifts the others, which is why its result always
 * equals check() of the full text.
 */
import { DoubleArrayAhoCorasick } from './ahoCorasick';
import { NegationScanner } from './negation';
import { NormalizedBuffer, SENTENCE_BREAK, charClass, normalizeRange, normalizeText, warmUpNormalizer } from './normalize';
import { detectPii } from './pii';
import { requiredLiterals } from './regexLiterals';
import type {
  ComplianceEngine,
  ComplianceHit,
  ComplianceResult,
  ComplianceRule,
  ComplianceSession,
  PiiDetector,
  RuleSet,
  Verdict,
} from './types';

/** Most spellings generated per phrase from the variants table (fewest substitutions first). */
const MAX_VARIANTS_PER_PHRASE = 64;
/** A generated all-Latin variant shorter than this ("vx" from 微信 would be) matches too much English. */
const MIN_LATIN_VARIANT_LENGTH = 5;

interface CompiledRule extends ComplianceRule {
  order: number;
  rank: number;
}

/** A hit inside one sentence, offsets relative to the sentence start. */
interface SentenceHit {
  rule: CompiledRule;
  start: number;
  end: number;
  matched: string;
}

interface NormHit {
  rule: CompiledRule;
  start: number;
  end: number;
}

interface Sentence {
  start: number;
  /** Index of the sentence break that ends it, or the text length for the last one. */
  end: number;
  hits: SentenceHit[];
  /** Public hits built for `publicStart`; reused while the sentence has not moved (results are treated as immutable). */
  publicHits: ComplianceHit[] | null;
  publicStart: number;
}

const EMPTY_HITS: SentenceHit[] = [];
const NO_REGEXES: number[] = [];
/** Length of the draft typed at construction (see warmUp): about 900 updates, enough for V8 to optimise the hot path. */
const WARM_UP_DRAFT_LENGTH = 600;
const isLatinOnly = (s: string): boolean => /^[a-z0-9]+$/.test(s);

/** Phrase spellings with pinyin / homophone substitutions, fewest substitutions first, at most `cap`. */
export function expandVariants(phrase: string, variants: ReadonlyMap<string, readonly string[]>, cap = MAX_VARIANTS_PER_PHRASE): string[] {
  const chars = [...phrase];
  const options = chars.map((ch) => [ch, ...(variants.get(ch) ?? [])]);
  const out: string[] = [];
  const seen = new Set<string>();
  for (let maxSubs = 0; maxSubs <= chars.length && out.length < cap; maxSubs++) {
    const walk = (index: number, prefix: string, subs: number): void => {
      if (out.length >= cap) return;
      if (index === chars.length) {
        if (subs === maxSubs && !seen.has(prefix)) {
          seen.add(prefix);
          if (subs === 0 || !isLatinOnly(prefix) || prefix.length >= MIN_LATIN_VARIANT_LENGTH) out.push(prefix);
        }
        return;
      }
      const opts = options[index]!;
      for (let k = 0; k < opts.length; k++) {
        const used = subs + (k === 0 ? 0 : 1);
        if (used > maxSubs) break;
        walk(index + 1, prefix + opts[k]!, used);
      }
    };
    walk(0, '', 0);
  }
  return out;
}

export interface CompiledPatterns {
  /** Distinct normalised strings the matcher looks for, in pattern-id order: phrase spellings, allow-list terms and
   * the literals that let regular expressions run (see regexLiterals.ts). */
  patterns: string[];
  matcher: DoubleArrayAhoCorasick;
}

class Engine implements ComplianceEngine {
  readonly ruleSet: RuleSet;
  readonly compiled: CompiledPatterns;
  private readonly rules: CompiledRule[];
  private readonly patternRules: CompiledRule[][];
  /** 1 for patterns from the allow list. */
  private readonly patternAllowed: Uint8Array;
  private readonly regexRules: { rule: CompiledRule; source: string; regex: RegExp }[] = [];
  /** Per pattern: the regular expressions that its occurrence lets run (it is one of their required literals). */
  private readonly patternOpens: number[][];
  /** 1 for expressions without a required literal: they run on every sentence. */
  private readonly regexAlways: Uint8Array;
  private readonly regexAlwaysAny: boolean;
  private readonly regexDue: Uint8Array;
  private readonly detectorRules = new Map<PiiDetector, CompiledRule>();
  private readonly negation: NegationScanner;
  private readonly buffer = new NormalizedBuffer();
  /** Scratch lists of checkSentence, reused so that a keystroke allocates only for what it finds. */
  private readonly found: NormHit[] = [];
  private readonly allowedSpans: number[] = [];

  constructor(ruleSet: RuleSet) {
    warmUpNormalizer();
    this.ruleSet = ruleSet;
    this.rules = ruleSet.rules.map((rule, order) => ({ ...rule, order, rank: rule.severity === 'block' ? 2 : 1 }));
    this.negation = new NegationScanner(ruleSet.negation);

    const variants = new Map<string, string[]>();
    for (const [key, spellings] of Object.entries(ruleSet.variants)) {
      const normalizedKey = normalizeText(key);
      if (normalizedKey.length !== 1) continue;
      const list = variants.get(normalizedKey) ?? [];
      for (const spelling of spellings) {
        const normalized = normalizeText(spelling);
        if (normalized && !list.includes(normalized)) list.push(normalized);
      }
      variants.set(normalizedKey, list);
    }

    const byPattern = new Map<string, CompiledRule[]>();
    for (const rule of this.rules) {
      for (const phrase of rule.phrases) {
        const normalized = normalizeText(phrase);
        const spellings = rule.variants ? expandVariants(normalized, variants) : [normalized];
        for (const spelling of spellings) {
          const list = byPattern.get(spelling);
          if (!list) byPattern.set(spelling, [rule]);
          else if (!list.includes(rule)) list.push(rule);
        }
      }
      for (const pattern of rule.patterns) this.regexRules.push({ rule, source: pattern, regex: new RegExp(pattern, 'gu') });
      if (rule.detector && !this.detectorRules.has(rule.detector)) this.detectorRules.set(rule.detector, rule);
    }
    this.regexAlways = new Uint8Array(this.regexRules.length);
    this.regexDue = new Uint8Array(this.regexRules.length);
    const opens = new Map<string, number[]>();
    this.regexRules.forEach(({ source }, index) => {
      const literals = requiredLiterals(source);
      if (!literals) this.regexAlways[index] = 1;
      else for (const literal of literals) (opens.get(literal) ?? opens.set(literal, []).get(literal)!).push(index);
    });
    this.regexAlwaysAny = this.regexAlways.includes(1);

    // One scan finds phrases, allow-list terms and regex literals alike.
    for (const term of ruleSet.allow) {
      const normalized = normalizeText(term);
      if (!byPattern.has(normalized)) byPattern.set(normalized, []);
    }
    for (const literal of opens.keys()) if (!byPattern.has(literal)) byPattern.set(literal, []);
    const allowed = new Set(ruleSet.allow.map((term) => normalizeText(term)));
    const patterns = [...byPattern.keys()];
    this.patternRules = patterns.map((p) => byPattern.get(p)!);
    this.patternAllowed = Uint8Array.from(patterns, (p) => (allowed.has(p) ? 1 : 0));
    this.patternOpens = patterns.map((p) => opens.get(p) ?? NO_REGEXES);
    this.compiled = { patterns, matcher: new DoubleArrayAhoCorasick(patterns) };
    this.warmUp();
  }

  /**
   * Types and deletes a short draft made of the rule set's own phrases, so that V8 has optimised the keystroke
   * path before the agent's first key (cold, the first thousand keystrokes of a session were twice as slow).
   */
  private warmUp(): void {
    const { patterns } = this.compiled;
    const pick = (list: readonly string[], k: number): string => (list.length > 0 ? list[(k * 7919) % list.length]! : '');
    let draft = '';
    for (let k = 0; draft.length < WARM_UP_DRAFT_LENGTH; k++) {
      draft += `您好，${pick(patterns, k)}不${pick(patterns, k + 1)}8.5%，电话138 0013 ${8000 + k}。${pick(patterns, k + 2)}\n`;
    }
    const session = new IncrementalSession(this);
    for (let i = 1; i <= draft.length; i++) session.update(draft.slice(0, i));
    for (let i = draft.length - 1; i >= 0; i -= 2) session.update(draft.slice(0, i));
    this.check(draft);
  }

  check(text: string): ComplianceResult {
    const hits: ComplianceHit[] = [];
    let start = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i < text.length && charClass(text.charCodeAt(i)) !== SENTENCE_BREAK) continue;
      const sentenceHits = this.checkSentence(text, start, i);
      for (const hit of sentenceHits) hits.push(toPublicHit(hit, start));
      start = i + 1;
    }
    return { verdict: verdictOf(hits), hits };
  }

  createSession(): ComplianceSession {
    return new IncrementalSession(this);
  }

  /**
   * Everything the engine reports for text[from, to), which holds no sentence break.
   * Split into small steps on purpose: V8 optimises a function after a number of calls that grows with its size,
   * and one large function here stayed unoptimised for the first few thousand keystrokes of a session.
   */
  checkSentence(text: string, from: number, to: number): SentenceHit[] {
    if (from >= to) return EMPTY_HITS;
    const buffer = this.buffer;
    normalizeRange(text, from, to, buffer);
    const found = this.found;
    const allowed = this.allowedSpans;
    found.length = 0;
    allowed.length = 0;
    if (buffer.length > 0 && this.findPhrases(found, allowed)) this.findPatterns(found);
    let out: SentenceHit[] | null = found.length > 0 ? this.keepClaims(text, from, found, allowed) : null;
    if (this.detectorRules.size > 0) out = this.findPii(text, from, to, out);
    if (out === null || out.length === 0) return EMPTY_HITS;
    if (out.length > 1) out.sort(bySentencePosition);
    return out;
  }

  /**
   * Phrase occurrences in the normalised buffer; allow-list terms go to `allowed` as [start, end) pairs, and the
   * regular expressions whose literal occurs (or that have none) are marked in regexDue. True if any is marked.
   */
  private findPhrases(found: NormHit[], allowed: number[]): boolean {
    const due = this.regexDue;
    due.set(this.regexAlways);
    let anyDue = this.regexAlwaysAny;
    const matcher = this.compiled.matcher;
    const count = matcher.scan(this.buffer.codes, this.buffer.length);
    for (let k = 0; k < count; k++) {
      const pattern = matcher.matchPattern[k]!;
      const end = matcher.matchEnd[k]!;
      const start = end - matcher.patternLengths[pattern]!;
      if (this.patternAllowed[pattern] === 1) allowed.push(start, end);
      const rules = this.patternRules[pattern]!;
      for (let r = 0; r < rules.length; r++) found.push({ rule: rules[r]!, start, end });
      const opens = this.patternOpens[pattern]!;
      for (let r = 0; r < opens.length; r++) due[opens[r]!] = 1;
      if (opens.length > 0) anyDue = true;
    }
    return anyDue;
  }

  /** Matches of the regular expressions marked in regexDue, in rule order. */
  private findPatterns(found: NormHit[]): void {
    const normalized = this.buffer.toString();
    const due = this.regexDue;
    for (let r = 0; r < this.regexRules.length; r++) {
      if (due[r] === 0) continue;
      const { rule, regex } = this.regexRules[r]!;
      regex.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = regex.exec(normalized)) !== null) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        found.push({ rule, start: m.index, end: m.index + m[0].length });
      }
    }
  }

  /** Drops allowed, contained and negated hits and maps the rest to the original text. */
  private keepClaims(text: string, from: number, found: NormHit[], allowed: readonly number[]): SentenceHit[] | null {
    const buffer = this.buffer;
    const kept = dropContained(allowed.length > 0 ? found.filter((hit) => !insideAny(hit, allowed)) : found);
    let out: SentenceHit[] | null = null;
    for (let k = 0; k < kept.length; k++) {
      const hit = kept[k]!;
      if (hit.rule.negatable) {
        let floor = 0;
        for (let o = 0; o < kept.length; o++) {
          const otherEnd = kept[o]!.end;
          if (otherEnd <= hit.start && otherEnd > floor) floor = otherEnd;
        }
        if (this.negation.isNegated(buffer.codes, buffer.clauseBefore, buffer.length, hit.start, hit.end, floor)) continue;
      }
      const start = buffer.origin[hit.start]!;
      const end = buffer.origin[hit.end - 1]! + 1;
      (out ??= []).push({ rule: hit.rule, start: start - from, end: end - from, matched: text.slice(start, end) });
    }
    return out;
  }

  private findPii(text: string, from: number, to: number, out: SentenceHit[] | null): SentenceHit[] | null {
    const matches = detectPii(text, from, to);
    for (let k = 0; k < matches.length; k++) {
      const match = matches[k]!;
      const rule = this.detectorRules.get(match.detector);
      if (rule) (out ??= []).push({ rule, start: match.start - from, end: match.end - from, matched: text.slice(match.start, match.end) });
    }
    return out;
  }
}

function bySentencePosition(a: SentenceHit, b: SentenceHit): number {
  return a.start - b.start || b.end - a.end || a.rule.order - b.rule.order;
}

function byClaimStrength(a: NormHit, b: NormHit): number {
  return a.start - b.start || b.end - a.end || b.rule.rank - a.rule.rank || a.rule.order - b.rule.order;
}

function insideAny(hit: NormHit, spans: readonly number[]): boolean {
  for (let k = 0; k < spans.length; k += 2) if (spans[k]! <= hit.start && hit.end <= spans[k + 1]!) return true;
  return false;
}

/** A hit inside another hit that is at least as severe adds nothing (保本 inside 保本保收益). */
function dropContained(hits: NormHit[]): NormHit[] {
  hits.sort(byClaimStrength);
  const kept: NormHit[] = [];
  for (const hit of hits) {
    let covered = false;
    for (const k of kept) {
      if (k.start <= hit.start && k.end >= hit.end && k.rule.rank >= hit.rule.rank) {
        covered = true;
        break;
      }
    }
    if (!covered) kept.push(hit);
  }
  return kept;
}

function toPublicHit(hit: SentenceHit, offset: number): ComplianceHit {
  const { rule } = hit;
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: rule.severity,
    start: hit.start + offset,
    end: hit.end + offset,
    matched: hit.matched,
    reason: rule.reason,
    alternative: rule.alternative,
  };
}

function verdictOf(hits: readonly ComplianceHit[]): Verdict {
  let verdict: Verdict = 'pass';
  for (const hit of hits) {
    if (hit.severity === 'block') return 'block';
    verdict = 'warn';
  }
  return verdict;
}

/**
 * Length of the common prefix of two strings. Native comparison of slices, in shrinking steps, beats a loop over
 * charCodeAt by several times on a 2,000-character draft; the slices are short-lived views, not copies.
 */
export function commonPrefix(a: string, b: string, limit: number): number {
  let n = 0;
  for (let step = 512; step >= 16; step >>= 2) {
    while (n + step <= limit && a.slice(n, n + step) === b.slice(n, n + step)) n += step;
  }
  while (n < limit && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** Length of the common suffix of two strings, at most `limit`. */
export function commonSuffix(a: string, b: string, limit: number): number {
  const aEnd = a.length;
  const bEnd = b.length;
  let n = 0;
  for (let step = 512; step >= 16; step >>= 2) {
    while (n + step <= limit && a.slice(aEnd - n - step, aEnd - n) === b.slice(bEnd - n - step, bEnd - n)) n += step;
  }
  while (n < limit && a.charCodeAt(aEnd - 1 - n) === b.charCodeAt(bEnd - 1 - n)) n++;
  return n;
}

/**
 * Incremental checking while the agent types. Keeps the sentences of the previous text with their hits;
 * an edit is located by the common prefix and suffix, the sentences it touches are checked again, and the
 * sentences after it keep their hits with shifted offsets.
 */
class IncrementalSession implements ComplianceSession {
  private text = '';
  private sentences: Sentence[] = [{ start: 0, end: 0, hits: EMPTY_HITS, publicHits: null, publicStart: 0 }];
  private result: ComplianceResult = { verdict: 'pass', hits: [] };

  constructor(private readonly engine: Engine) {}

  update(newText: string): ComplianceResult {
    const old = this.text;
    if (newText === old) return this.result;
    const limit = Math.min(old.length, newText.length);
    const prefix = commonPrefix(old, newText, limit);
    const suffix = commonSuffix(old, newText, limit - prefix);
    this.recheck(newText, prefix, old.length - suffix, newText.length - old.length);
    this.text = newText;
    this.result = this.collect();
    return this.result;
  }

  /** Re-checks the sentences holding old text [editStart, oldEditEnd) and shifts the ones after by `delta`. */
  private recheck(newText: string, editStart: number, oldEditEnd: number, delta: number): void {
    // Sentences from the one holding the edit start to the one holding the edit end (their breaks are unchanged).
    const first = this.firstSentenceEndingAtOrAfter(editStart);
    const last = this.firstSentenceEndingAtOrAfter(oldEditEnd);
    const regionStart = this.sentences[first]!.start;
    const regionEnd = this.sentences[last]!.end + delta;

    const replacement: Sentence[] = [];
    let start = regionStart;
    for (let i = regionStart; i <= regionEnd; i++) {
      if (i < regionEnd && charClass(newText.charCodeAt(i)) !== SENTENCE_BREAK) continue;
      replacement.push({ start, end: i, hits: this.engine.checkSentence(newText, start, i), publicHits: null, publicStart: 0 });
      start = i + 1;
    }
    const sentences = this.sentences;
    if (delta !== 0) {
      for (let k = last + 1; k < sentences.length; k++) {
        const s = sentences[k]!;
        s.start += delta;
        s.end += delta;
      }
    }
    if (replacement.length === 1 && first === last) sentences[first] = replacement[0]!;
    else sentences.splice(first, last - first + 1, ...replacement);
  }

  /** The public result; hits of sentences that did not move are reused (results are treated as immutable). */
  private collect(): ComplianceResult {
    const hits: ComplianceHit[] = [];
    let verdict: Verdict = 'pass';
    const sentences = this.sentences;
    for (let k = 0; k < sentences.length; k++) {
      const sentence = sentences[k]!;
      const own = sentence.hits;
      if (own.length === 0) continue;
      let shown = sentence.publicHits;
      if (shown === null || sentence.publicStart !== sentence.start) {
        shown = new Array<ComplianceHit>(own.length);
        for (let h = 0; h < own.length; h++) shown[h] = toPublicHit(own[h]!, sentence.start);
        sentence.publicHits = shown;
        sentence.publicStart = sentence.start;
      }
      for (let h = 0; h < shown.length; h++) {
        const hit = shown[h]!;
        if (hit.severity === 'block') verdict = 'block';
        else if (verdict === 'pass') verdict = 'warn';
        hits.push(hit);
      }
    }
    return { verdict, hits };
  }

  private firstSentenceEndingAtOrAfter(position: number): number {
    let lo = 0;
    let hi = this.sentences.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sentences[mid]!.end >= position) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

export function createComplianceEngine(ruleSet: RuleSet): ComplianceEngine & { readonly compiled: CompiledPatterns } {
  return new Engine(ruleSet);
}
