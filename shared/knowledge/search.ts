import { z } from 'zod';

/** What a knowledge search answers; the same shape crosses IPC and the loopback web transport. */
export interface SearchResult {
  id: string;
  title: string;
  /** 0..1; 1 means every query term matched and this is the best hit. */
  score: number;
  /** Escaped text with hits wrapped in `<mark>`…`</mark>`; render it with `splitHighlighted`, never as HTML. */
  snippet: string;
  version: number;
  superseded: boolean;
  category: string;
  tags: string[];
}

export interface SearchResponse {
  results: SearchResult[];
  /** False when nothing is a good match: the UI says "no confident answer" instead of offering a guess. */
  confident: boolean;
  tookMs: number;
}

export const searchRequestSchema = z.object({
  query: z.string().max(500),
  limit: z.number().int().min(1).max(50).optional(),
  offset: z.number().int().min(0).max(1000).optional(),
  includeSuperseded: z.boolean().optional(),
});
export type SearchRequest = z.infer<typeof searchRequestSchema>;

export interface HighlightSegment {
  text: string;
  hit: boolean;
}

const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => entities[e] ?? e);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

/**
 * Splits a highlighted snippet into plain-text segments so the renderer can show hits without innerHTML.
 * Text outside the marks is unescaped back to what the article says; unbalanced marks are treated as text.
 */
export function splitHighlighted(snippet: string): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  const push = (text: string, hit: boolean) => {
    if (text.length === 0) return;
    const last = segments[segments.length - 1];
    if (last && last.hit === hit) last.text += text;
    else segments.push({ text, hit });
  };
  let rest = snippet;
  while (rest.length > 0) {
    const open = rest.indexOf('<mark>');
    const close = open < 0 ? -1 : rest.indexOf('</mark>', open + 6);
    if (open < 0 || close < 0) {
      push(unescapeHtml(rest.replace(/<\/?mark>/g, '')), false);
      break;
    }
    push(unescapeHtml(rest.slice(0, open).replace(/<\/mark>/g, '')), false);
    push(unescapeHtml(rest.slice(open + 6, close)), true);
    rest = rest.slice(close + 7);
  }
  return segments;
}
