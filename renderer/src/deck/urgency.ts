/**
 * SLA timers and session ordering. A conversation's deadline is the earlier of its first-response and reply
 * deadlines; its level moves green → orange → red as the deadline nears, and the session list is ordered so the
 * agent's eye lands on what is about to breach.
 */
import type { ConversationView } from '../../../shared/ipc/contract';

export type SlaLevel = 'none' | 'ok' | 'warn' | 'danger';

export interface SlaInfo {
  level: SlaLevel;
  /** Milliseconds until the deadline; negative once overdue. Null when no timer runs. */
  remainingMs: number | null;
  dueAt: number | null;
  /** Which deadline the timer shows: the first response, or the reply to the customer's last message. */
  kind: 'firstResponse' | 'reply' | null;
}

/** Below this share of the window left the timer turns orange, and red below the second. */
const WARN_SHARE = 0.5;
const DANGER_SHARE = 0.2;
/** Used when the window's start is unknown. */
const WARN_MS = 60_000;
const DANGER_MS = 20_000;

const FINISHED_STATES = new Set(['resolved', 'closed', 'abandoned']);

const parse = (iso: string | null): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

export function slaInfo(conversation: ConversationView, now: number): SlaInfo {
  const first = parse(conversation.firstResponseDueAt);
  const reply = parse(conversation.replyDueAt);
  if ((first === null && reply === null) || FINISHED_STATES.has(conversation.state)) {
    return { level: 'none', remainingMs: null, dueAt: null, kind: null };
  }
  const kind = first !== null && (reply === null || first <= reply) ? 'firstResponse' : 'reply';
  const dueAt = (kind === 'firstResponse' ? first : reply) as number;
  const remainingMs = dueAt - now;
  // The window starts at the message that started the clock: the last message, or the conversation's creation.
  const start = parse(conversation.lastMessageAt) ?? parse(conversation.createdAt);
  const windowMs = start !== null && start < dueAt ? dueAt - start : null;
  let level: SlaLevel;
  if (remainingMs <= 0) level = 'danger';
  else if (windowMs !== null) {
    const share = remainingMs / windowMs;
    level = share < DANGER_SHARE ? 'danger' : share < WARN_SHARE ? 'warn' : 'ok';
  } else level = remainingMs < DANGER_MS ? 'danger' : remainingMs < WARN_MS ? 'warn' : 'ok';
  return { level, remainingMs, dueAt, kind };
}

/** `m:ss` (or `h:mm:ss`), with a leading minus once overdue. */
export function formatCountdown(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}

const LEVEL_RANK: Record<SlaLevel, number> = { danger: 0, warn: 1, ok: 2, none: 3 };

/**
 * Orders sessions by urgency: SLA risk first (red, then orange, soonest deadline first), then those with unread
 * messages (most first), then by recency; finished sessions sink to the bottom. Ranks change only when a level
 * changes, so the list does not jitter every second.
 */
export function sortByUrgency(conversations: readonly ConversationView[], now: number): ConversationView[] {
  const keyed = conversations.map((c) => ({ c, sla: slaInfo(c, now), finished: FINISHED_STATES.has(c.state) }));
  keyed.sort((a, b) => {
    if (a.finished !== b.finished) return a.finished ? 1 : -1;
    const risky = (x: typeof a) => x.sla.level === 'danger' || x.sla.level === 'warn';
    const riskA = risky(a);
    const riskB = risky(b);
    if (riskA !== riskB) return riskA ? -1 : 1;
    if (riskA && riskB) {
      const byLevel = LEVEL_RANK[a.sla.level] - LEVEL_RANK[b.sla.level];
      if (byLevel !== 0) return byLevel;
      if (a.sla.dueAt !== b.sla.dueAt) return (a.sla.dueAt ?? 0) - (b.sla.dueAt ?? 0);
    }
    if ((a.c.unread > 0) !== (b.c.unread > 0)) return a.c.unread > 0 ? -1 : 1;
    if (a.c.unread !== b.c.unread) return b.c.unread - a.c.unread;
    const recency = (x: typeof a) => parse(x.c.lastMessageAt) ?? parse(x.c.createdAt) ?? 0;
    const byRecency = recency(b) - recency(a);
    if (byRecency !== 0) return byRecency;
    return a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0;
  });
  return keyed.map((k) => k.c);
}
