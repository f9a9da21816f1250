import { escapeHtml } from '../../../shared/knowledge/search';
import { normalizeText, type QueryTerm } from './text';

/**
 * Normalised text with a map back to the original, so hits found in the normalised form are marked in the text the
 * agent reads. Ordinary articles normalise to the same length, and then the map is the identity.
 * `plain` (stored per article) says OpenCC would change nothing beyond NFKC and lower case.
 */
export interface Haystack {
  text: string;
  /** index in `text` → index in the original; undefined when the two line up one to one */
  map?: number[];
}

export function haystackOf(original: string, plain: boolean): Haystack {
  // Plain text (no traditional characters) only needs NFKC and lower case, which is cheap; OpenCC is not.
  const fold = plain ? (t: string) => t.normalize('NFKC').toLowerCase() : normalizeText;
  const whole = fold(original);
  if (whole.length === original.length) return { text: whole };
  // Rare (ellipses, ligatures, circled digits…): normalise code point by code point to keep positions.
  let text = '';
  const map: number[] = [];
  let index = 0;
  for (const ch of original) {
    const n = fold(ch);
    for (let k = 0; k < n.length; k++) map.push(index);
    text += n;
    index += ch.length;
  }
  map.push(original.length);
  return { text, map };
}

interface Span {
  start: number;
  end: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every place a term occurs in the normalised text: Han surfaces as substrings, Latin stems at a word start. */
export function findHits(hay: string, terms: readonly QueryTerm[]): Span[] {
  const spans: Span[] = [];
  for (const term of terms) {
    for (const surface of term.surfaces) {
      if (term.kind === 'latin' || /^[a-z0-9 ]+$/.test(surface)) {
        const re = new RegExp(`(?<![a-z0-9])${escapeRegExp(surface)}[a-z]*`, 'g');
        for (const m of hay.matchAll(re)) spans.push({ start: m.index, end: m.index + m[0].length });
      } else {
        for (let at = hay.indexOf(surface); at >= 0; at = hay.indexOf(surface, at + surface.length))
          spans.push({ start: at, end: at + surface.length });
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** Does the term occur in the text (any of its surfaces)? */
export function termOccurs(hay: string, term: QueryTerm): boolean {
  return findHits(hay, [term]).length > 0;
}

/**
 * A window of about `width` characters around the densest cluster of hits, escaped, hits wrapped in <mark>.
 * Without hits (a match on title or tags only), the start of the text.
 */
export function highlightSnippet(
  original: string,
  hay: Haystack,
  terms: readonly QueryTerm[],
  width = 90,
): string {
  const hits = findHits(hay.text, terms).map((s) =>
    hay.map ? { start: hay.map[s.start]!, end: hay.map[s.end] ?? original.length } : s,
  );
  let start = 0;
  if (hits.length > 0) {
    let best = 0;
    let bestCount = -1;
    for (let i = 0; i < hits.length; i++) {
      let count = 0;
      for (let j = i; j < hits.length && hits[j]!.end <= hits[i]!.start + width; j++) count++;
      if (count > bestCount) {
        bestCount = count;
        best = i;
      }
    }
    // Start at the beginning when the cluster fits in the first window; else leave a little context before it.
    const first = hits[best]!;
    start = first.end <= width * 0.6 ? 0 : Math.max(0, first.start - Math.floor(width / 6));
  }
  const end = Math.min(original.length, start + width);
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const h of hits) {
    if (h.end <= start || h.start >= end) continue;
    const s = Math.max(h.start, start);
    const e = Math.min(h.end, end);
    out += escapeHtml(original.slice(at, s)) + '<mark>' + escapeHtml(original.slice(s, e)) + '</mark>';
    at = e;
  }
  out += escapeHtml(original.slice(at, end));
  if (end < original.length) out += '…';
  return out.replace(/\s+/g, ' ');
}
