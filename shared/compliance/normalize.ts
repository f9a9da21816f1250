/**
 * Normalisation for matching: NFKC (full-width → half-width), traditional → simplified, lower case, and
 * spaces / punctuation / zero-width characters dropped so that "保 本", "保.本" and "保\u200b本" read as "保本".
 * Every normalised code unit remembers the original index it came from, so hits map back to the draft.
 *
 * The keystroke path must be fast, so each UTF-16 code unit is classified once and cached in a flat table.
 */
import { ConverterBuilder } from 'opencc-js/core';
import * as t2cnPreset from 'opencc-js/preset/t2cn';

const UNKNOWN = -1;
/** Dropped: whitespace, punctuation, symbols, zero-width and other format characters. */
export const SKIP = -2;
/** One original character becomes several normalised ones (NFKC of ㍻ → 平成); see expansions. */
const EXPAND = -3;
/** A '.' is kept only between two digits (8.5%), elsewhere it is an inserted separator. */
const DOT = -4;
/** Ends a sentence (。！？；newline). Nothing is matched across it. */
export const SENTENCE_BREAK = -5;
/** Ends a clause (，：). Phrases match across it, but a negator before it does not reach past it. The enumeration
 * comma 、 is not a clause break: in "谨防内幕消息、私下转账" the warning governs every item of the list. */
const CLAUSE_BREAK = -6;

const table = new Int32Array(65536).fill(UNKNOWN);
const expansions = new Map<number, string>();
const astralSkip = new Map<number, boolean>();

const SENTENCE_ENDERS = new Set(['。', '!', '?', ';', '\n', '\r', '\u2028', '\u2029', '…']);
const CLAUSE_ENDERS = new Set([',', ':', '﹐']);
/** Kept although it is punctuation: rates are written as 8%. */
const KEPT_SYMBOLS = new Set(['%']);
const SKIPPABLE = /[\p{P}\p{S}\p{Z}\p{C}]/u;

let toSimplified: ((s: string) => string) | null = null;

function simplifier(): (s: string) => string {
  // Built once: the t2cn preset is the smallest opencc-js bundle that converts Taiwan/HK variants to simplified.
  toSimplified ??= ConverterBuilder(t2cnPreset)({ from: 'tw', to: 'cn' });
  return toSimplified;
}

/** Build the converter now rather than on the first keystroke. */
export function warmUpNormalizer(): void {
  simplifier();
}

function classify(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return code; // surrogate halves are handled by the caller
  const nfkc = String.fromCharCode(code).normalize('NFKC');
  if (SENTENCE_ENDERS.has(nfkc)) return SENTENCE_BREAK;
  if (CLAUSE_ENDERS.has(nfkc)) return CLAUSE_BREAK;
  if (nfkc === '.') return DOT;
  const simplified = simplifier()(nfkc).toLowerCase();
  let kept = '';
  for (const ch of simplified) if (KEPT_SYMBOLS.has(ch) || !SKIPPABLE.test(ch)) kept += ch;
  if (kept.length === 0) return SKIP;
  if (kept.length === 1) return kept.charCodeAt(0);
  expansions.set(code, kept);
  return EXPAND;
}

/** The cached class of one code unit: a normalised code unit (≥ 0) or one of the negative markers. */
export function charClass(code: number): number {
  const cached = table[code]!;
  if (cached !== UNKNOWN) return cached;
  const computed = classify(code);
  table[code] = computed;
  return computed;
}

function isAstralSkippable(codePoint: number): boolean {
  let skip = astralSkip.get(codePoint);
  if (skip === undefined) {
    skip = SKIPPABLE.test(String.fromCodePoint(codePoint)); // emoji and other symbols inserted inside words
    astralSkip.set(codePoint, skip);
  }
  return skip;
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** Reusable output buffers; an engine owns one and reuses it for every sentence. */
export class NormalizedBuffer {
  codes = new Uint16Array(256);
  /** Original index of each normalised code unit. */
  origin = new Int32Array(256);
  /** 1 where a clause break was dropped just before this position. */
  clauseBefore = new Uint8Array(256);
  length = 0;

  ensure(capacity: number): void {
    if (capacity <= this.codes.length) return;
    let size = this.codes.length;
    while (size < capacity) size *= 2;
    const codes = new Uint16Array(size);
    codes.set(this.codes);
    const origin = new Int32Array(size);
    origin.set(this.origin);
    const clause = new Uint8Array(size);
    clause.set(this.clauseBefore);
    this.codes = codes;
    this.origin = origin;
    this.clauseBefore = clause;
  }

  toString(): string {
    const { codes, length } = this;
    if (length <= 2048) return String.fromCharCode.apply(null, codes.subarray(0, length) as unknown as number[]);
    let out = '';
    for (let i = 0; i < length; i += 2048) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + 2048)) as unknown as number[]);
    return out;
  }
}

/**
 * Normalise text[from, to) into `out`. Sentence breaks inside the range are treated like clause breaks; callers
 * split sentences first (see engine.ts), so normally there are none.
 */
export function normalizeRange(text: string, from: number, to: number, out: NormalizedBuffer): void {
  out.ensure(to - from + 8);
  let { codes, origin, clauseBefore } = out;
  let n = 0;
  let pendingClause = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    let cls = table[code]!;
    if (cls === UNKNOWN) cls = charClass(code);
    if (cls >= 0) {
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < to) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          if (!isAstralSkippable(((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000)) {
            codes[n] = code;
            origin[n] = i;
            clauseBefore[n] = pendingClause;
            codes[n + 1] = low;
            origin[n + 1] = i + 1;
            clauseBefore[n + 1] = 0;
            n += 2;
            pendingClause = 0;
          }
          i++;
          continue;
        }
      }
      codes[n] = cls;
      origin[n] = i;
      clauseBefore[n] = pendingClause;
      pendingClause = 0;
      n++;
    } else if (cls === SKIP) {
      continue;
    } else if (cls === CLAUSE_BREAK || cls === SENTENCE_BREAK) {
      pendingClause = 1;
    } else if (cls === DOT) {
      // Keep the decimal point of 8.5 so that rate patterns see the real figure.
      const next = i + 1 < to ? charClass(text.charCodeAt(i + 1)) : SKIP;
      if (n > 0 && isDigitCode(codes[n - 1]!) && next >= 0 && isDigitCode(next)) {
        codes[n] = 46;
        origin[n] = i;
        clauseBefore[n] = pendingClause;
        pendingClause = 0;
        n++;
      }
    } else {
      // Rare: NFKC expands one character into several (㍻ → 平成); grow the buffers if needed.
      const expanded = expansions.get(code)!;
      out.ensure(n + expanded.length + (to - i) + 8);
      ({ codes, origin, clauseBefore } = out);
      for (let k = 0; k < expanded.length; k++) {
        codes[n] = expanded.charCodeAt(k);
        origin[n] = i;
        clauseBefore[n] = k === 0 ? pendingClause : 0;
        n++;
      }
      pendingClause = 0;
    }
  }
  out.length = n;
}

/** Normalise a whole string (used for phrases in the rule set and in tests). */
export function normalizeText(text: string): string {
  const buffer = new NormalizedBuffer();
  normalizeRange(text, 0, text.length, buffer);
  return buffer.toString();
}

export const isSentenceBreak = (code: number): boolean => charClass(code) === SENTENCE_BREAK;
