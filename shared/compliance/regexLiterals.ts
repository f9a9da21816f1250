/**
 * Required literals of a regular expression: a set of strings such that every match contains at least one of
 * them. The engine runs a rule's expression on a sentence only when the phrase scan saw one of its literals, so
 * most of the 50+ expressions cost nothing per keystroke. The analysis must never claim a literal that a match
 * could lack: every construct it does not understand counts as "could match anything", and any syntax it does
 * not know makes the whole expression ungated (it then always runs, as before).
 *
 * Patterns are compiled with the `u` flag (see types.ts), so the grammar is the strict one of ECMAScript's
 * Unicode mode: no Annex B oddities, `{` always starts a quantifier.
 */

/** Most strings kept in an exact set; a bigger set is summarised by what it requires. */
const EXACT_CAP = 32;
/** Most alternatives kept in a required set; beyond it the expression is ungated. */
const REQUIRED_CAP = 256;

interface Info {
  /** Every string the node can match, when that set is finite and small; otherwise null. */
  exact: string[] | null;
  /** Strings of which every match contains one; null when nothing is known. */
  required: string[] | null;
}

const ANYTHING: Info = { exact: null, required: null };
const EMPTY: Info = { exact: [''], required: null };

class UnsupportedSyntax extends Error {}

function requirementOf(info: Info): string[] | null {
  if (info.exact) return info.exact.length === 0 || info.exact.includes('') ? null : info.exact;
  return info.required;
}

/** The more selective of two requirements: longer shortest literal first, then fewer alternatives. */
function better(a: string[] | null, b: string[] | null): string[] | null {
  if (!a) return b;
  if (!b) return a;
  const shortestA = Math.min(...a.map((s) => s.length));
  const shortestB = Math.min(...b.map((s) => s.length));
  if (shortestA !== shortestB) return shortestA > shortestB ? a : b;
  return b.length < a.length ? b : a;
}

function product(a: readonly string[], b: readonly string[]): string[] | null {
  if (a.length * b.length > EXACT_CAP) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return [...out];
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parse(): Info {
    const info = this.disjunction();
    if (this.pos !== this.src.length) throw new UnsupportedSyntax(`unexpected "${this.src[this.pos]}"`);
    return info;
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw new UnsupportedSyntax(`expected "${ch}"`);
    this.pos++;
  }

  private disjunction(): Info {
    const branches = [this.alternative()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.alternative());
    }
    if (branches.length === 1) return branches[0]!;
    let exact: string[] | null = [];
    let required: string[] | null = [];
    for (const branch of branches) {
      exact = exact && branch.exact ? [...new Set([...exact, ...branch.exact])] : null;
      if (exact && exact.length > EXACT_CAP) exact = null;
      const need = requirementOf(branch);
      required = required && need ? [...new Set([...required, ...need])] : null;
      if (required && required.length > REQUIRED_CAP) required = null;
    }
    return { exact, required };
  }

  private alternative(): Info {
    // The running exact set of the current stretch of literals, and the best requirement seen so far.
    let run: string[] = [''];
    let unbroken = true;
    let best: string[] | null = null;
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const term = this.term();
      const joined = term.exact ? product(run, term.exact) : null;
      if (joined) {
        run = joined;
        continue;
      }
      unbroken = false;
      best = better(best, requirementOf({ exact: run, required: null }));
      best = better(best, requirementOf(term));
      run = term.exact ?? [''];
    }
    if (unbroken) return { exact: run, required: null };
    return { exact: null, required: better(best, requirementOf({ exact: run, required: null })) };
  }

  private term(): Info {
    const ch = this.peek();
    if (ch === '^' || ch === '$') {
      this.pos++;
      return EMPTY;
    }
    if (ch === '\\' && (this.peek(1) === 'b' || this.peek(1) === 'B')) {
      this.pos += 2;
      return EMPTY;
    }
    if (ch === '(' && this.peek(1) === '?') {
      const kind = this.peek(2);
      const lookbehind = kind === '<' && (this.peek(3) === '=' || this.peek(3) === '!');
      if (kind === '=' || kind === '!' || lookbehind) {
        // A lookaround consumes nothing: what it looks at lies outside the match.
        this.pos += lookbehind ? 4 : 3;
        this.disjunction();
        this.expect(')');
        return EMPTY;
      }
    }
    return this.quantified(this.atom());
  }

  private quantified(atom: Info): Info {
    const ch = this.peek();
    let min: number;
    let max: number;
    if (ch === '*') [min, max] = [0, Infinity];
    else if (ch === '+') [min, max] = [1, Infinity];
    else if (ch === '?') [min, max] = [0, 1];
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) throw new UnsupportedSyntax('bad quantifier');
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
    } else return atom;
    this.pos++;
    if (this.peek() === '?') this.pos++; // lazy: same strings
    if (min === 0) {
      if (max === 1 && atom.exact) return { exact: [...new Set([...atom.exact, ''])], required: null };
      return max === 0 ? EMPTY : ANYTHING;
    }
    if (atom.exact && min === max) {
      let power: string[] | null = [''];
      for (let k = 0; k < min && power; k++) power = product(power, atom.exact);
      if (power) return { exact: power, required: null };
    }
    return { exact: null, required: requirementOf(atom) };
  }

  private atom(): Info {
    const ch = this.peek();
    if (ch === '.') {
      this.pos++;
      return ANYTHING;
    }
    if (ch === '[') return this.characterClass();
    if (ch === '(') {
      this.pos++;
      if (this.peek() === '?') {
        if (this.peek(1) === ':') this.pos += 2;
        else if (this.peek(1) === '<') {
          const close = this.src.indexOf('>', this.pos);
          if (close < 0) throw new UnsupportedSyntax('bad group name');
          this.pos = close + 1;
        } else throw new UnsupportedSyntax('unknown group'); // e.g. inline modifiers (?i:…)
      }
      const inner = this.disjunction();
      this.expect(')');
      return inner;
    }
    if (ch === '\\') return this.atomEscape();
    if ('*+?{}])|'.includes(ch)) throw new UnsupportedSyntax(`unexpected "${ch}"`);
    const cp = this.src.codePointAt(this.pos)!;
    const literal = String.fromCodePoint(cp);
    this.pos += literal.length;
    return { exact: [literal], required: null };
  }

  private atomEscape(): Info {
    this.pos++; // backslash
    const ch = this.peek();
    if ('dDsSwW'.includes(ch) && ch !== '') {
      this.pos++;
      return ANYTHING;
    }
    if (ch === 'p' || ch === 'P') {
      this.skipPropertyEscape();
      return ANYTHING;
    }
    if (/[1-9]/.test(ch)) {
      while (/\d/.test(this.peek())) this.pos++;
      return ANYTHING; // back-reference
    }
    if (ch === 'k') {
      const close = this.src.indexOf('>', this.pos);
      if (this.peek(1) !== '<' || close < 0) throw new UnsupportedSyntax('bad back-reference');
      this.pos = close + 1;
      return ANYTHING;
    }
    return { exact: [String.fromCodePoint(this.characterEscape())], required: null };
  }

  private skipPropertyEscape(): void {
    this.pos++;
    this.expect('{');
    const close = this.src.indexOf('}', this.pos);
    if (close < 0) throw new UnsupportedSyntax('bad property escape');
    this.pos = close + 1;
  }

  /** The code point of a character escape (after the backslash), as in Unicode mode. */
  private characterEscape(): number {
    const ch = this.peek();
    this.pos++;
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11 };
    if (ch in simple) return simple[ch]!;
    if (ch === '0' && !/\d/.test(this.peek())) return 0;
    if (ch === 'c' && /[A-Za-z]/.test(this.peek())) return this.src.charCodeAt(this.pos++) % 32;
    if (ch === 'x') return this.hex(2);
    if (ch === 'u') {
      if (this.peek() === '{') {
        const close = this.src.indexOf('}', this.pos);
        if (close < 0) throw new UnsupportedSyntax('bad \\u{…}');
        const cp = parseInt(this.src.slice(this.pos + 1, close), 16);
        this.pos = close + 1;
        if (!Number.isFinite(cp)) throw new UnsupportedSyntax('bad \\u{…}');
        return cp;
      }
      return this.hex(4);
    }
    if ('^$\\.*+?()[]{}|/-'.includes(ch) && ch !== '') return ch.charCodeAt(0);
    throw new UnsupportedSyntax(`unknown escape \\${ch}`);
  }

  private hex(digits: number): number {
    const text = this.src.slice(this.pos, this.pos + digits);
    if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(text)) throw new UnsupportedSyntax('bad hex escape');
    this.pos += digits;
    return parseInt(text, 16);
  }

  /** A class of a few plain characters ([0-5], [涨跌]) is an exact set; anything wider matches "anything". */
  private characterClass(): Info {
    this.pos++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.pos++;
    }
    let enumerable = true;
    const chars = new Set<string>();
    const classAtom = (): number | null => {
      const ch = this.peek();
      if (ch === '') throw new UnsupportedSyntax('unterminated class');
      if (ch !== '\\') {
        const cp = this.src.codePointAt(this.pos)!;
        this.pos += cp > 0xffff ? 2 : 1;
        return cp;
      }
      this.pos++;
      const esc = this.peek();
      if ('dDsSwW'.includes(esc)) {
        this.pos++;
        return null;
      }
      if (esc === 'p' || esc === 'P') {
        this.skipPropertyEscape();
        return null;
      }
      if (esc === 'b') {
        this.pos++;
        return 8; // backspace inside a class
      }
      return this.characterEscape();
    };
    while (this.peek() !== ']') {
      const low = classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']') {
        this.pos++;
        const high = classAtom();
        if (low === null || high === null) throw new UnsupportedSyntax('class escape in a range');
        if (high - low + 1 + chars.size > EXACT_CAP) enumerable = false;
        else for (let cp = low; cp <= high; cp++) chars.add(String.fromCodePoint(cp));
      } else if (low === null) enumerable = false;
      else chars.add(String.fromCodePoint(low));
      if (chars.size > EXACT_CAP) enumerable = false;
    }
    this.pos++; // ]
    if (negated || !enumerable || chars.size === 0) return ANYTHING;
    return { exact: [...chars], required: null };
  }
}

/**
 * Literals of which every match of `source` (compiled with the `u` flag) contains one, or null when the
 * expression can match without any fixed text (then it has to run on every sentence).
 */
export function requiredLiterals(source: string): string[] | null {
  try {
    const required = requirementOf(new Parser(source).parse());
    return required && required.length > 0 ? required : null;
  } catch (err) {
    if (err instanceof UnsupportedSyntax) return null;
    throw err;
  }
}
