/**
 * Negation: "不保本", "我们不能承诺收益", "稳赚不赔的产品是不存在的" cite a claim to deny it and are compliant.
 * Only the text around a hit is read (never the hit itself, so the 不 of "稳赚不赔" does not count), within the
 * clause before it and up to the neighbouring hits. Logical negators count for parity ("不是不能保本" is a
 * double negation and still a promise); warning words (谨防, 严禁 …) and denials after the hit always excuse it.
 */
import { normalizeText } from './normalize';
import type { NegationLexicon } from './types';

const LOGICAL = 1;
const STRONG = 2;
const PSEUDO = 3;
const DENIAL = 4;

interface LexiconNode {
  next: Map<number, LexiconNode>;
  kind: number;
}

function newNode(): LexiconNode {
  return { next: new Map(), kind: 0 };
}

/** Code units that begin a word of the trie: most positions are rejected by one typed-array read. */
type StartSet = Uint8Array;

function insert(root: LexiconNode, starts: StartSet, word: string, kind: number): void {
  const normalized = normalizeText(word);
  if (normalized.length === 0) return;
  starts[normalized.charCodeAt(0)] = 1;
  let node = root;
  for (let i = 0; i < normalized.length; i++) {
    const code = normalized.charCodeAt(i);
    let child = node.next.get(code);
    if (!child) {
      child = newNode();
      node.next.set(code, child);
    }
    node = child;
  }
  node.kind = kind;
}

/** Longest lexicon word starting at `from` and ending by `to`; returns kind * 256 + length, or 0. */
function longestAt(root: LexiconNode, codes: Uint16Array, from: number, to: number): number {
  let node: LexiconNode | undefined = root;
  let best = 0;
  for (let i = from; i < to; i++) {
    node = node.next.get(codes[i]!);
    if (!node) break;
    if (node.kind !== 0) best = node.kind * 256 + (i - from + 1);
  }
  return best;
}

export class NegationScanner {
  private readonly before = newNode();
  private readonly after = newNode();
  private readonly beforeStarts: StartSet = new Uint8Array(65536);
  private readonly afterStarts: StartSet = new Uint8Array(65536);
  readonly windowBefore: number;
  readonly windowStrong: number;
  readonly windowAfter: number;

  constructor(lexicon: NegationLexicon) {
    for (const word of lexicon.before) insert(this.before, this.beforeStarts, word, LOGICAL);
    for (const word of lexicon.strong) insert(this.before, this.beforeStarts, word, STRONG);
    for (const word of lexicon.pseudo) insert(this.before, this.beforeStarts, word, PSEUDO);
    for (const word of lexicon.pseudo) insert(this.after, this.afterStarts, word, PSEUDO);
    for (const word of lexicon.after) insert(this.after, this.afterStarts, word, DENIAL);
    this.windowBefore = lexicon.windowBefore;
    this.windowStrong = lexicon.windowStrong;
    this.windowAfter = lexicon.windowAfter;
  }

  /**
   * Is the hit at [start, end) of the normalised sentence (length n) negated?
   * `floor` is the end of the previous hit: another claim is not a negator ("稳赚不赔包赚" is two claims).
   */
  isNegated(codes: Uint16Array, clauseBefore: Uint8Array, n: number, start: number, end: number, floor: number): boolean {
    let clauseStart = Math.max(0, start - Math.max(this.windowStrong, this.windowBefore));
    for (let j = start; j > clauseStart; j--) {
      if (clauseBefore[j] === 1) {
        clauseStart = j;
        break;
      }
    }
    // Warning words govern the whole clause before the hit ("严禁员工向客户承诺收益").
    let logical = 0;
    const logicalFrom = Math.max(clauseStart, start - this.windowBefore, floor);
    const beforeStarts = this.beforeStarts;
    for (let i = clauseStart; i < start; ) {
      const found = beforeStarts[codes[i]!] === 1 ? longestAt(this.before, codes, i, start) : 0;
      if (found === 0) {
        i++;
        continue;
      }
      const kind = found >> 8;
      if (kind === STRONG && i >= start - this.windowStrong) return true;
      if (kind === LOGICAL && i >= logicalFrom) logical++;
      i += found & 255;
    }
    if (logical % 2 === 1) return true;
    const to = Math.min(end + this.windowAfter, n);
    const afterStarts = this.afterStarts;
    for (let i = end; i < to; ) {
      const found = afterStarts[codes[i]!] === 1 ? longestAt(this.after, codes, i, to) : 0;
      if (found === 0) {
        i++;
        continue;
      }
      if (found >> 8 === DENIAL) return true;
      i += found & 255;
    }
    return false;
  }
}
