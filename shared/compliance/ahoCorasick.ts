/**
 * Aho-Corasick over UTF-16 code units, stored as a double array (base/check) in typed arrays.
 * A transition is two array reads; characters that occur in no pattern reset to the root without any lookup.
 * Reports every occurrence of every pattern, overlapping ones included.
 */

const FREE = -1;

export class DoubleArrayAhoCorasick {
  readonly patternLengths: Int32Array;
  /** Code unit → label 1..A; 0 for a code unit that occurs in no pattern. */
  private readonly labels = new Uint16Array(65536);
  private readonly base: Int32Array;
  private readonly check: Int32Array;
  private readonly fail: Int32Array;
  /** Pattern that ends exactly at this state, or -1. */
  private readonly output: Int32Array;
  /** Nearest state on the failure chain (this one included) that has an output, or -1. */
  private readonly firstOutput: Int32Array;
  /** Next state with an output after `firstOutput` along the failure chain, or -1. */
  private readonly nextOutput: Int32Array;

  /** Matches of the last scan: pattern id and end offset (exclusive). Valid until the next scan. */
  matchPattern = new Int32Array(64);
  matchEnd = new Int32Array(64);

  constructor(patterns: readonly string[]) {
    this.patternLengths = Int32Array.from(patterns, (p) => p.length);
    let labelCount = 0;
    for (const pattern of patterns) {
      if (pattern.length === 0) throw new Error('Aho-Corasick: empty pattern');
      for (let i = 0; i < pattern.length; i++) {
        const code = pattern.charCodeAt(i);
        if (this.labels[code] === 0) this.labels[code] = ++labelCount;
      }
    }

    // 1. A pointer trie (one Map per node), then 2. laid out breadth first into the double array.
    const children: Map<number, number>[] = [new Map()];
    const nodeOutput: number[] = [-1];
    patterns.forEach((pattern, id) => {
      let node = 0;
      for (let i = 0; i < pattern.length; i++) {
        const label = this.labels[pattern.charCodeAt(i)]!;
        let next = children[node]!.get(label);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          nodeOutput.push(-1);
          children[node]!.set(label, next);
        }
        node = next;
      }
      if (nodeOutput[node] !== -1) throw new Error(`Aho-Corasick: duplicate pattern "${pattern}"`);
      nodeOutput[node] = id;
    });

    let capacity = Math.max(1024, children.length * 2 + labelCount + 1);
    let base = new Int32Array(capacity);
    let check = new Int32Array(capacity).fill(FREE);
    const grow = (needed: number): void => {
      if (needed < capacity) return;
      let size = capacity;
      while (size <= needed) size *= 2;
      const b = new Int32Array(size);
      b.set(base);
      const c = new Int32Array(size).fill(FREE);
      c.set(check);
      base = b;
      check = c;
      capacity = size;
    };
    check[0] = -2; // the root's slot is taken and is never anyone's child
    const position = new Int32Array(children.length);
    const order: number[] = [0];
    let firstFree = 1;
    let maxSlot = 0;
    for (let head = 0; head < order.length; head++) {
      const node = order[head]!;
      const kids = [...children[node]!.keys()].sort((a, b) => a - b);
      if (kids.length === 0) continue;
      const smallest = kids[0]!;
      while (firstFree < capacity && check[firstFree] !== FREE) firstFree++;
      let offset = Math.max(0, firstFree - smallest);
      for (;;) {
        grow(offset + kids[kids.length - 1]! + 1);
        let fits = check[offset + smallest] === FREE;
        for (let k = 1; fits && k < kids.length; k++) fits = check[offset + kids[k]!] === FREE;
        if (fits) break;
        offset++;
      }
      const slot = position[node]!;
      base[slot] = offset;
      for (const label of kids) {
        const childSlot = offset + label;
        check[childSlot] = slot;
        const child = children[node]!.get(label)!;
        position[child] = childSlot;
        order.push(child);
        if (childSlot > maxSlot) maxSlot = childSlot;
      }
    }

    // Pad so that base[s] + label never reads past the end (keeps the scan loop free of bounds checks).
    let highest = maxSlot;
    for (const p of position) if (base[p]! > highest) highest = base[p]!;
    const size = highest + labelCount + 2;
    this.base = new Int32Array(size);
    this.base.set(base.subarray(0, Math.min(size, capacity)));
    this.check = new Int32Array(size).fill(FREE);
    this.check.set(check.subarray(0, Math.min(size, capacity)));
    this.fail = new Int32Array(size);
    this.output = new Int32Array(size).fill(-1);
    this.firstOutput = new Int32Array(size).fill(-1);
    this.nextOutput = new Int32Array(size).fill(-1);
    for (let node = 0; node < children.length; node++) this.output[position[node]!] = nodeOutput[node]!;

    // 3. Failure links in breadth-first order, and the output chains that follow them.
    for (const node of order) {
      const slot = position[node]!;
      for (const [label, child] of children[node]!) {
        const childSlot = position[child]!;
        let target = 0;
        if (slot !== 0) {
          let f = this.fail[slot]!;
          for (;;) {
            const t = this.base[f]! + label;
            if (this.check[t] === f) {
              target = t;
              break;
            }
            if (f === 0) break;
            f = this.fail[f]!;
          }
        }
        this.fail[childSlot] = target;
        const inherited = this.firstOutput[target]!;
        if (this.output[childSlot]! >= 0) {
          this.firstOutput[childSlot] = childSlot;
          this.nextOutput[childSlot] = inherited;
        } else {
          this.firstOutput[childSlot] = inherited;
        }
      }
    }
  }

  /** Scan codes[0, length); returns the number of matches written to matchPattern / matchEnd. */
  scan(codes: Uint16Array, length: number): number {
    const { labels, base, check, fail, output, firstOutput, nextOutput } = this;
    let count = 0;
    let state = 0;
    for (let i = 0; i < length; i++) {
      const label = labels[codes[i]!]!;
      if (label === 0) {
        state = 0;
        continue;
      }
      for (;;) {
        const t = base[state]! + label;
        if (check[t] === state) {
          state = t;
          break;
        }
        if (state === 0) break;
        state = fail[state]!;
      }
      let out = firstOutput[state]!;
      while (out >= 0) {
        if (count === this.matchPattern.length) this.growMatches();
        this.matchPattern[count] = output[out]!;
        this.matchEnd[count] = i + 1;
        count++;
        out = nextOutput[out]!;
      }
    }
    return count;
  }

  /** Convenience for tests and tools: every occurrence in a string. */
  findAll(text: string): { pattern: number; start: number; end: number }[] {
    const codeUnits = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) codeUnits[i] = text.charCodeAt(i);
    const count = this.scan(codeUnits, codeUnits.length);
    const found: { pattern: number; start: number; end: number }[] = [];
    for (let k = 0; k < count; k++) {
      const pattern = this.matchPattern[k]!;
      const end = this.matchEnd[k]!;
      found.push({ pattern, start: end - this.patternLengths[pattern]!, end });
    }
    return found;
  }

  private growMatches(): void {
    const patterns = new Int32Array(this.matchPattern.length * 2);
    patterns.set(this.matchPattern);
    const ends = new Int32Array(this.matchEnd.length * 2);
    ends.set(this.matchEnd);
    this.matchPattern = patterns;
    this.matchEnd = ends;
  }
}
