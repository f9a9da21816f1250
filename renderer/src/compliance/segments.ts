/**
 * Maps compliance hits onto the draft as contiguous spans, for the highlight overlay behind the composer. Hits may
 * overlap (a phrase inside a pattern match) or be stale for a moment (an offset past the end of a shorter text);
 * every character belongs to exactly one segment and the segments concatenate to the text.
 */
import type { ComplianceHit, Severity } from '../../../shared/compliance';

export interface TextSegment {
  start: number;
  end: number;
  text: string;
  /** The most severe hit covering this span; absent for plain text. */
  severity?: Severity;
  /** Rules whose hits cover this span, in hit order. */
  ruleIds: string[];
}

export function segmentText(text: string, hits: readonly Pick<ComplianceHit, 'start' | 'end' | 'severity' | 'ruleId'>[]): TextSegment[] {
  const spans = hits
    .map((h) => ({ ...h, start: Math.max(0, Math.min(h.start, text.length)), end: Math.max(0, Math.min(h.end, text.length)) }))
    .filter((h) => h.end > h.start);
  const cuts = new Set<number>([0, text.length]);
  for (const h of spans) {
    cuts.add(h.start);
    cuts.add(h.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const covering = spans.filter((h) => h.start <= start && h.end >= end);
    const severity: Severity | undefined = covering.length === 0 ? undefined : covering.some((h) => h.severity === 'block') ? 'block' : 'warn';
    const ruleIds = [...new Set(covering.map((h) => h.ruleId))];
    const previous = segments[segments.length - 1];
    // Neighbours with the same marking are one span, so a mark is not split into pieces that render as separate boxes.
    if (previous && previous.severity === severity && previous.ruleIds.join() === ruleIds.join()) {
      previous.end = end;
      previous.text = text.slice(previous.start, end);
      continue;
    }
    segments.push({ start, end, text: text.slice(start, end), ruleIds, ...(severity ? { severity } : {}) });
  }
  return segments;
}
