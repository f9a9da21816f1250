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
  /** Distinct normalised phrase spellings, in matcher pattern-id order. */
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
  private readonly regexRules: { rule: CompiledRule; regex: RegExp }[] = [];
  private readonly detectorRules = new Map<PiiDetector, CompiledRule>();
  private readonly negation: NegationScanner;
  private readonly buffer = new NormalizedBuffer();

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
      for (const pattern of rule.patterns) this.regexRules.push({ rule, regex: new RegExp(pattern, 'gu') });
      if (rule.detector && !this.detectorRules.has(rule.detector)) this.detectorRules.set(rule.detector, rule);
    }
    for (const term of ruleSet.allow) {
      const normalized = normalizeText(term);
      if (!byPattern.has(normalized)) byPattern.set(normalized, []);
    }
    const allowed = new Set(ruleSet.allow.map((term) => normalizeText(term)));
    const patterns = [...byPattern.keys()];
    this.patternRules = patterns.map((p) => byPattern.get(p)!);
    this.patternAllowed = Uint8Array.from(patterns, (p) => (allowed.has(p) ? 1 : 0));
    this.compiled = { patterns, matcher: new DoubleArrayAhoCorasick(patterns) };
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

  /** Everything the engine reports for text[from, to), which holds no sentence break. */
  checkSentence(text: string, from: number, to: number): SentenceHit[] {
    if (from >= to) return EMPTY_HITS;
    const buffer = this.buffer;
    normalizeRange(text, from, to, buffer);
    const n = buffer.length;
    const found: NormHit[] = [];
    let allowedSpans: number[] | null = null;

    if (n > 0) {
      const matcher = this.compiled.matcher;
      const count = matcher.scan(buffer.codes, n);
      for (let k = 0; k < count; k++) {
        const pattern = matcher.matchPattern[k]!;
        const end = matcher.matchEnd[k]!;
        const start = end - matcher.patternLengths[pattern]!;
        if (this.patternAllowed[pattern] === 1) (allowedSpans ??= []).push(start, end);
        for (const rule of this.patternRules[pattern]!) found.push({ rule, start, end });
      }
      if (this.regexRules.length > 0) {
        const normalized = buffer.toString();
        for (const { rule, regex } of this.regexRules) {
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
    }

    const out: SentenceHit[] = [];
    if (found.length > 0) {
      const kept = dropContained(allowedSpans ? found.filter((hit) => !insideAny(hit, allowedSpans!)) : found);
      for (let k = 0; k < kept.length; k++) {
        const hit = kept[k]!;
        if (hit.rule.negatable) {
          let floor = 0;
          for (const other of kept) if (other.end <= hit.start && other.end > floor) floor = other.end;
          if (this.negation.isNegated(buffer.codes, buffer.clauseBefore, n, hit.start, hit.end, floor)) continue;
        }
        const start = buffer.origin[hit.start]!;
        const end = buffer.origin[hit.end - 1]! + 1;
        out.push({ rule: hit.rule, start: start - from, end: end - from, matched: text.slice(start, end) });
      }
    }

    if (this.detectorRules.size > 0) {
      for (const match of detectPii(text, from, to)) {
        const rule = this.detectorRules.get(match.detector);
        if (rule) out.push({ rule, start: match.start - from, end: match.end - from, matched: text.slice(match.start, match.end) });
      }
    }
    if (out.length > 1) out.sort((a, b) => a.start - b.start || b.end - a.end || a.rule.order - b.rule.order);
    return out;
  }
}

function insideAny(hit: NormHit, spans: readonly number[]): boolean {
  for (let k = 0; k < spans.length; k += 2) if (spans[k]! <= hit.start && hit.end <= spans[k + 1]!) return true;
  return false;
}

/** A hit inside another hit that is at least as severe adds nothing (保本 inside 保本保收益). */
function dropContained(hits: NormHit[]): NormHit[] {
  hits.sort((a, b) => a.start - b.start || b.end - a.end || b.rule.rank - a.rule.rank || a.rule.order - b.rule.order);
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
    const oldLength = old.length;
    const newLength = newText.length;
    const limit = Math.min(oldLength, newLength);
    // Compare 64-unit blocks first (native string comparison), then finish unit by unit.
    let prefix = 0;
    while (prefix + 64 <= limit && old.slice(prefix, prefix + 64) === newText.slice(prefix, prefix + 64)) prefix += 64;
    while (prefix < limit && old.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    const maxSuffix = limit - prefix;
    while (suffix + 64 <= maxSuffix && old.slice(oldLength - suffix - 64, oldLength - suffix) === newText.slice(newLength - suffix - 64, newLength - suffix)) suffix += 64;
    while (suffix < maxSuffix && old.charCodeAt(oldLength - 1 - suffix) === newText.charCodeAt(newLength - 1 - suffix)) suffix++;
    const delta = newLength - oldLength;

    // Sentences from the one holding the edit start to the one holding the edit end (their breaks are unchanged).
    const first = this.firstSentenceEndingAtOrAfter(prefix);
    const last = this.firstSentenceEndingAtOrAfter(oldLength - suffix);
    const regionStart = this.sentences[first]!.start;
    const regionEnd = this.sentences[last]!.end + delta;

    const replacement: Sentence[] = [];
    let start = regionStart;
    for (let i = regionStart; i <= regionEnd; i++) {
      if (i < regionEnd && charClass(newText.charCodeAt(i)) !== SENTENCE_BREAK) continue;
      replacement.push({ start, end: i, hits: this.engine.checkSentence(newText, start, i), publicHits: null, publicStart: 0 });
      start = i + 1;
    }
    for (let k = last + 1; k < this.sentences.length; k++) {
      const s = this.sentences[k]!;
      s.start += delta;
      s.end += delta;
    }
    this.sentences.splice(first, last - first + 1, ...replacement);
    this.text = newText;

    const hits: ComplianceHit[] = [];
    for (const sentence of this.sentences) {
      if (sentence.hits.length === 0) continue;
      if (sentence.publicHits === null || sentence.publicStart !== sentence.start) {
        sentence.publicHits = sentence.hits.map((hit) => toPublicHit(hit, sentence.start));
        sentence.publicStart = sentence.start;
      }
      for (const hit of sentence.publicHits) hits.push(hit);
    }
    this.result = { verdict: verdictOf(hits), hits };
    return this.result;
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
