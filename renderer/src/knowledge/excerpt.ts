/**
 * Turns what the agent selected in the previewed article into the excerpt to quote. The DOM's selection text differs
 * from the article body in whitespace (paragraphs rendered as blocks, line breaks), so the selection is located in the
 * body ignoring whitespace, and the excerpt is the body's own text there: the quote then carries the article's exact
 * wording, and the service can tell whether it starts or ends the article.
 */

/** The contract's limit for an excerpt. */
export const MAX_EXCERPT = 4000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The body's text matching `selected` (whitespace-insensitive), or null when the selection is empty, only whitespace,
 * not part of the body (it spans the title or the meta line), or longer than an excerpt may be.
 */
export function excerptFromSelection(body: string, selected: string): string | null {
  const words = selected.split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  const pattern = new RegExp(words.map(escapeRegExp).join('\\s*'));
  const match = pattern.exec(body);
  if (!match) return null;
  const excerpt = match[0].trim();
  if (excerpt.length === 0 || excerpt.length > MAX_EXCERPT) return null;
  return excerpt;
}
