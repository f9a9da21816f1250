/**
 * Personal-data detectors on the original text: 18-digit resident ID numbers (GB 11643 check digit),
 * bank cards (16–19 digits, Luhn) and mainland mobile numbers, also written in Chinese numerals or grouped
 * with spaces / dashes. A masked number (138****8000) is broken by the mask and is not reported.
 */
import type { PiiDetector } from './types';

export interface PiiMatch {
  detector: PiiDetector;
  start: number;
  end: number;
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 幺: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
  壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9,
};

const DIGIT_TABLE = (() => {
  const table = new Int8Array(65536).fill(-1);
  for (let d = 0; d <= 9; d++) {
    table[48 + d] = d;
    table[0xff10 + d] = d;
  }
  for (const [ch, d] of Object.entries(CHINESE_DIGITS)) table[ch.charCodeAt(0)] = d;
  return table;
})();

/** Digit value of a code unit (ASCII, full-width, Chinese numerals) or -1. */
export function digitValue(code: number): number {
  return DIGIT_TABLE[code]!;
}

/** Characters people put between digit groups: space, dash, full-width space, zero-width characters. */
function isGroupSeparator(code: number): boolean {
  return code === 32 || code === 45 || code === 0x3000 || code === 0xa0 || code === 0x2010 || code === 0x2011 || code === 0x2012 ||
    code === 0x2013 || code === 0xff0d || code === 0x200b || code === 0x200c || code === 0x200d || code === 0x2060 || code === 0xfeff;
}

const isAsciiLetter = (code: number): boolean => (code | 32) >= 97 && (code | 32) <= 122;
const isCheckX = (code: number): boolean => code === 88 || code === 120 || code === 0xff38 || code === 0xff58;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643-1999: 17 digits + check character; also a plausible birth date. 10 stands for X. */
export function isValidResidentId(digits: readonly number[]): boolean {
  if (digits.length !== 18) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = digits[i]!;
    if (d > 9) return false;
    sum += d * ID_WEIGHTS[i]!;
  }
  const expected = ID_CHECK[sum % 11]!;
  const last = digits[17]!;
  if ((last === 10 ? 'X' : String(last)) !== expected) return false;
  if (digits[0] === 0 || digits[0]! > 9) return false;
  const year = digits.slice(6, 10).reduce((a, d) => a * 10 + d, 0);
  const month = digits[10]! * 10 + digits[11]!;
  const day = digits[12]! * 10 + digits[13]!;
  return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export function passesLuhn(digits: readonly number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits[digits.length - 1 - i]!;
    if (d > 9) return false;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function isMobile(digits: readonly number[]): boolean {
  return digits.length === 11 && digits[0] === 1 && digits[1]! >= 3 && digits[1]! <= 9 && digits.every((d) => d <= 9);
}

function classifyDigits(digits: readonly number[]): PiiDetector | null {
  if (digits.length === 18 && isValidResidentId(digits)) return 'cn_id_card';
  if (digits.length >= 16 && digits.length <= 19 && new Set(digits).size > 1 && passesLuhn(digits)) return 'bank_card';
  if (isMobile(digits)) return 'cn_mobile';
  if (digits.length === 13 && digits[0] === 8 && digits[1] === 6 && isMobile(digits.slice(2))) return 'cn_mobile';
  return null;
}

interface DigitGroup {
  start: number;
  end: number;
  digits: number[];
}

/** The shortest number a detector reports (a mobile number); shorter runs are skipped without allocating. */
const MIN_DIGITS = 11;
const NO_MATCHES: readonly PiiMatch[] = Object.freeze([]);

/** Group bounds [start, end) of the run being scanned, reused across calls (the keystroke path allocates nothing). */
let groupBounds = new Int32Array(64);

/** Candidates are whole groups or runs of neighbouring groups, so 13800138000 6222… split by a space both count. */
function detectInRun(groups: DigitGroup[], found: PiiMatch[]): void {
  const candidates: { from: number; to: number; length: number }[] = [];
  for (let from = 0; from < groups.length; from++) {
    let length = 0;
    for (let to = from; to < groups.length && length < 19; to++) {
      length += groups[to]!.digits.length;
      if (length >= 11 && length <= 19) candidates.push({ from, to, length });
    }
  }
  // Longer numbers first: an ID card contains digit runs that look like a phone number.
  candidates.sort((a, b) => b.length - a.length || a.from - b.from);
  const taken = new Uint8Array(groups.length);
  for (const { from, to } of candidates) {
    let free = true;
    for (let g = from; g <= to; g++) if (taken[g]) free = false;
    if (!free) continue;
    const digits: number[] = [];
    for (let g = from; g <= to; g++) digits.push(...groups[g]!.digits);
    const detector = classifyDigits(digits);
    if (!detector) continue;
    for (let g = from; g <= to; g++) taken[g] = 1;
    found.push({ detector, start: groups[from]!.start, end: groups[to]!.end });
  }
}

/** The digit groups of a run whose bounds are in groupBounds[0, 2 * count). */
function groupsOf(text: string, count: number): DigitGroup[] {
  const groups: DigitGroup[] = [];
  for (let g = 0; g < count; g++) {
    const start = groupBounds[2 * g]!;
    const end = groupBounds[2 * g + 1]!;
    const digits: number[] = [];
    for (let p = start; p < end; p++) {
      const d = digitValue(text.charCodeAt(p));
      digits.push(d >= 0 ? d : 10); // only the check character X is not a digit
    }
    groups.push({ start, end, digits });
  }
  return groups;
}

/** Find personal numbers in text[from, to). Offsets are absolute. The result must not be modified. */
export function detectPii(text: string, from: number, to: number): readonly PiiMatch[] {
  let found: PiiMatch[] | null = null;
  let i = from;
  while (i < to) {
    if (digitValue(text.charCodeAt(i)) < 0) {
      i++;
      continue;
    }
    // A number glued to Latin letters is an order or reference code, not personal data.
    const gluedBefore = i > from && isAsciiLetter(text.charCodeAt(i - 1));
    let groupCount = 0;
    let digitCount = 0;
    let j = i;
    for (;;) {
      if (2 * groupCount + 2 > groupBounds.length) {
        const grown = new Int32Array(groupBounds.length * 2);
        grown.set(groupBounds);
        groupBounds = grown;
      }
      groupBounds[2 * groupCount] = j;
      while (j < to && digitValue(text.charCodeAt(j)) >= 0) j++;
      let closed = false;
      if (j < to && isCheckX(text.charCodeAt(j)) && !(j + 1 < to && isAsciiLetter(text.charCodeAt(j + 1)))) {
        j++;
        closed = true; // the check character ends an ID number
      }
      digitCount += j - groupBounds[2 * groupCount]!;
      groupBounds[2 * groupCount + 1] = j;
      groupCount++;
      if (closed) break;
      let k = j;
      while (k < to && k - j < 2 && isGroupSeparator(text.charCodeAt(k))) k++;
      if (k > j && k < to && digitValue(text.charCodeAt(k)) >= 0) {
        j = k;
        continue;
      }
      break;
    }
    const gluedAfter = j < to && isAsciiLetter(text.charCodeAt(j));
    if (!gluedBefore && !gluedAfter && digitCount >= MIN_DIGITS) detectInRun(groupsOf(text, groupCount), (found ??= []));
    i = j;
  }
  return found ?? NO_MATCHES;
}
