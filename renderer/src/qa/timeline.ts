/**
 * The replay's timeline column: lifecycle transitions, compliance events, product pushes and the customer's
 * confirmations merged into one time-ordered list, and the message list split into days.
 */
import type { QaComment, ReplayView } from '../../../shared/protocol/qa';

export type TimelineEntry =
  | {
      kind: 'transition';
      at: string;
      from: string;
      to: string;
      event: string;
      actorId: string;
      actorKind: string;
      reason: string | null;
      /** Transfers and escalations stand out in the column. */
      emphasis: 'transfer' | 'escalation' | 'normal';
    }
  | { kind: 'compliance'; at: string; action: ReplayView['compliance'][number]['kind']; ruleIds: string[]; actorId: string }
  | { kind: 'push'; at: string; pushId: string; productCode: string; decision: string; customerInitiated: boolean }
  | { kind: 'confirmation'; at: string; pushId: string; productCode: string };

/** On equal timestamps: the state change first, then what the agent was warned about, then pushes and confirmations. */
const KIND_ORDER: Record<TimelineEntry['kind'], number> = { transition: 0, compliance: 1, push: 2, confirmation: 3 };

function emphasisOf(t: ReplayView['transitions'][number]): 'transfer' | 'escalation' | 'normal' {
  if (t.to === 'escalated' || t.event === 'ticket.escalate') return 'escalation';
  if (t.to === 'transferred' || t.event === 'ticket.transfer') return 'transfer';
  return 'normal';
}

export function buildTimeline(replay: Pick<ReplayView, 'transitions' | 'compliance' | 'pushes'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const t of replay.transitions) {
    entries.push({ kind: 'transition', at: t.at, from: t.from, to: t.to, event: t.event, actorId: t.actorId, actorKind: t.actorKind, reason: t.reason, emphasis: emphasisOf(t) });
  }
  for (const c of replay.compliance) entries.push({ kind: 'compliance', at: c.at, action: c.kind, ruleIds: c.ruleIds, actorId: c.actorId });
  for (const p of replay.pushes) {
    entries.push({ kind: 'push', at: p.createdAt, pushId: p.id, productCode: p.productCode, decision: p.decision, customerInitiated: p.customerInitiated });
    if (p.confirmedAt) entries.push({ kind: 'confirmation', at: p.confirmedAt, pushId: p.id, productCode: p.productCode });
  }
  // An unparsable time sorts last rather than poisoning the comparison (NaN would make the sort order undefined).
  const time = (e: TimelineEntry) => {
    const ms = Date.parse(e.at);
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  return entries
    .map((entry, index) => ({ entry, index, ms: time(entry) }))
    .sort((a, b) => a.ms - b.ms || KIND_ORDER[a.entry.kind] - KIND_ORDER[b.entry.kind] || a.index - b.index)
    .map((x) => x.entry);
}

export interface DayGroup<T> {
  /** "YYYY-MM-DD" in the given time zone. */
  day: string;
  items: T[];
}

/** Consecutive items split where the calendar day changes (items are expected in time order, as messages are). */
export function groupByDay<T extends { at: string }>(items: readonly T[], timeZone?: string): DayGroup<T>[] {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const date = new Date(item.at);
    const day = Number.isNaN(date.getTime()) ? 'unknown' : format.format(date);
    const last = groups.at(-1);
    if (last && last.day === day) last.items.push(item);
    else groups.push({ day, items: [item] });
  }
  return groups;
}

/** Comments pinned to each message seq, oldest first. */
export function commentsBySeq(comments: readonly QaComment[]): Map<number, QaComment[]> {
  const map = new Map<number, QaComment[]>();
  for (const c of [...comments].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id)) {
    const list = map.get(c.messageSeq);
    if (list) list.push(c);
    else map.set(c.messageSeq, [c]);
  }
  return map;
}
