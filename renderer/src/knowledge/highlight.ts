/**
 * Highlighting without innerHTML: the index's snippet marks hits with `<mark>`; those hit texts (the words as the
 * article spells them, so they cover synonyms, typos and traditional characters the agent typed) are then marked
 * again in the title and in the previewed body.
 */
import { splitHighlighted, type HighlightSegment } from '../../../shared/knowledge/search';

export type { HighlightSegment };

/** A snippet's plain-text segments (hits flagged), ready to render as text nodes. */
export const snippetSegments = (snippet: string): HighlightSegment[] => splitHighlighted(snippet);

/** The distinct texts a snippet marked as hits, longest first (so a longer hit wins over a hit inside it). */
export function hitTerms(snippet: string): string[] {
  const terms = new Set<string>();
  for (const s of splitHighlighted(snippet)) {
    const text = s.text.trim();
    if (s.hit && text.length > 0) terms.add(text);
  }
  return [...terms].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/**
 * Splits `text` into segments, flagging every occurrence of any term (case-insensitive for Latin letters). Overlaps
 * resolve to the earliest, then longest, occurrence; the segments always join back to `text` exactly.
 */
export function markTerms(text: string, terms: readonly string[]): HighlightSegment[] {
  const wanted = [...new Set(terms.map((t) => t.trim()).filter((t) => t.length > 0))];
  if (text.length === 0) return [];
  if (wanted.length === 0) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const needles = wanted.map((t) => t.toLowerCase()).sort((a, b) => b.length - a.length);
  const segments: HighlightSegment[] = [];
  const push = (part: string, hit: boolean) => {
    if (!part) return;
    const last = segments[segments.length - 1];
    if (last && last.hit === hit) last.text += part;
    else segments.push({ text: part, hit });
  };
  let at = 0;
  while (at < text.length) {
    let bestStart = -1;
    let bestLength = 0;
    for (const needle of needles) {
      const found = lower.indexOf(needle, at);
      if (found >= 0 && (bestStart < 0 || found < bestStart || (found === bestStart && needle.length > bestLength))) {
        bestStart = found;
        bestLength = needle.length;
      }
    }
    if (bestStart < 0) break;
    push(text.slice(at, bestStart), false);
    push(text.slice(bestStart, bestStart + bestLength), true);
    at = bestStart + bestLength;
  }
  push(text.slice(at), false);
  return segments;
}

/** Query words worth marking on their own (besides the snippet's hits): two characters or more. */
export function queryWords(query: string): string[] {
  return query
    .split(/[\s,，、;；]+/)
    .map((w) => w.trim())
    .filter((w) => [...w].length >= 2);
}

/** A score of 0..1 as a whole percentage for the subtle relevance figure. */
export const scorePercent = (score: number): number => Math.round(Math.min(1, Math.max(0, score)) * 100);
