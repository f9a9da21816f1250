/** Reading an appeal case for the lead: the agent's reason, the decision if any, and the order they are listed in. */
import type { AppealCase } from '../../../shared/qa';

export interface AppealDecisionView {
  decision: 'upheld' | 'overturned';
  at: string;
  by: string;
  notes: string;
  newScore: { total: number; passed: boolean } | null;
}

/** The agent's reason in the latest appeal (null when the result was never appealed). */
export function appealReason(c: Pick<AppealCase, 'events'>): { reason: string; at: string; by: string } | null {
  for (let i = c.events.length - 1; i >= 0; i--) {
    const e = c.events[i]!;
    if (e.type === 'appealed') return { reason: e.reason, at: e.at, by: e.by };
  }
  return null;
}

/** The lead's decision on the case, or null while it waits. */
export function appealDecision(c: Pick<AppealCase, 'events'>): AppealDecisionView | null {
  for (let i = c.events.length - 1; i >= 0; i--) {
    const e = c.events[i]!;
    if (e.type === 'upheld') return { decision: 'upheld', at: e.at, by: e.by, notes: e.notes, newScore: null };
    if (e.type === 'overturned') return { decision: 'overturned', at: e.at, by: e.by, notes: e.notes, newScore: e.newScore };
  }
  return null;
}

/** The score first published (before any overturn), from the case's history. */
export function originalScore(c: Pick<AppealCase, 'events' | 'score'>): { total: number; passed: boolean } {
  const published = c.events.find((e) => e.type === 'published');
  return published && published.type === 'published' ? published.score : c.score;
}

/** Cases waiting for a decision first (oldest appeal first: it has waited longest), then decided ones, newest first. */
export function sortAppeals<T extends Pick<AppealCase, 'status' | 'events' | 'sessionId'>>(cases: readonly T[]): T[] {
  const appealedAt = (c: T) => appealReason(c)?.at ?? '';
  const decidedAt = (c: T) => appealDecision(c)?.at ?? '';
  return [...cases].sort((a, b) => {
    const pa = a.status === 'appealed';
    const pb = b.status === 'appealed';
    if (pa !== pb) return pa ? -1 : 1;
    if (pa) return appealedAt(a).localeCompare(appealedAt(b)) || a.sessionId.localeCompare(b.sessionId);
    return decidedAt(b).localeCompare(decidedAt(a)) || a.sessionId.localeCompare(b.sessionId);
  });
}
