/**
 * Pure helpers of the lead workspace: durations and rates as a lead reads them, and the escalation record a
 * conversation carries in its ticket context (read defensively: the context is `unknown` on the wire).
 */
import type { ConversationView, Locale } from '../../../shared/ipc/contract';

const DASH = '—';

/**
 * A duration in seconds, compact and in the UI language: 45秒 / 3分05秒 / 1小时02分 / 2天3小时 (en: 45s, 3m 05s,
 * 1h 02m, 2d 3h). Null or a non-finite value (no samples) gives a dash; negative durations count as zero.
 */
export function formatDuration(seconds: number | null | undefined, locale: Locale): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return DASH;
  const total = Math.max(0, Math.round(seconds));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const en = locale === 'en';
  if (d > 0) return en ? `${d}d ${h}h` : `${d}天${h}小时`;
  if (h > 0) return en ? `${h}h ${pad(m)}m` : `${h}小时${pad(m)}分`;
  if (m > 0) return en ? `${m}m ${pad(s)}s` : `${m}分${pad(s)}秒`;
  return en ? `${s}s` : `${s}秒`;
}

/** Seconds from an ISO time until `nowMs` (0 when in the future, null when the time is missing or invalid). */
export function secondsSince(iso: string | null | undefined, nowMs: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : Math.max(0, (nowMs - at) / 1000);
}

/** A 0–1 share as a percentage with one decimal ("87.5%"); a dash when there was nothing to divide by. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return DASH;
  return `${(rate * 100).toFixed(1)}%`;
}

export interface EscalationView {
  reason: string;
  auto: boolean;
  at: string;
  /** The agent who owned the chat when it escalated (null when it escalated before anyone took it). */
  agentId: string | null;
  outcome: string;
}

const AUTO_PREFIX = /^自动升级[:：]\s*/;

/** The escalation record of a conversation's ticket, or null when it has none (or the context is not readable). */
export function escalationOf(conversation: Pick<ConversationView, 'ticket'>): EscalationView | null {
  const context = conversation.ticket?.context;
  if (typeof context !== 'object' || context === null) return null;
  const raw = (context as { escalation?: unknown }).escalation;
  if (typeof raw !== 'object' || raw === null) return null;
  const e = raw as Record<string, unknown>;
  if (typeof e.reason !== 'string' || typeof e.at !== 'string') return null;
  return {
    reason: e.reason,
    auto: e.auto === true,
    at: e.at,
    agentId: typeof e.agentId === 'string' ? e.agentId : null,
    outcome: typeof e.outcome === 'string' ? e.outcome : 'pending',
  };
}

/** The reason as a lead reads it: automatic ones lose the hub's "自动升级:" prefix (an "auto" tag says so instead). */
export function escalationReasonText(e: Pick<EscalationView, 'reason' | 'auto'>): string {
  return e.auto ? e.reason.replace(AUTO_PREFIX, '') : e.reason;
}

export interface QueuedEscalation {
  conversation: ConversationView;
  escalation: EscalationView;
}

/** Escalated conversations still waiting for the lead, longest waiting first. */
export function escalationQueue(conversations: readonly ConversationView[]): QueuedEscalation[] {
  const queue: QueuedEscalation[] = [];
  for (const conversation of conversations) {
    if (conversation.state !== 'escalated') continue;
    const escalation = escalationOf(conversation);
    // An escalated ticket always has a record; a hub that sent none still shows the chat, with an unknown reason.
    queue.push({ conversation, escalation: escalation ?? { reason: '', auto: false, at: conversation.lastMessageAt ?? conversation.createdAt, agentId: conversation.ownerId, outcome: 'pending' } });
  }
  return queue.sort((a, b) => Date.parse(a.escalation.at) - Date.parse(b.escalation.at) || a.conversation.id.localeCompare(b.conversation.id));
}

/** The load bar's fill: share of capacity in percent (0–100), and whether the agent is at or over capacity. */
export function loadShare(load: number, capacity: number): { percent: number; full: boolean } {
  if (capacity <= 0) return { percent: load > 0 ? 100 : 0, full: load > 0 };
  return { percent: Math.min(100, Math.round((load / capacity) * 100)), full: load >= capacity };
}

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
export const RANGE_DAYS = { today: 1, '7d': 7, '30d': 30 } as const;

/**
 * The dashboard's volume by day with every day of the range present (days without chats count 0). Days are Beijing
 * dates (YYYY-MM-DD), as the hub counts them; `since` is the start of the first day.
 */
export function dailySeries(byDay: readonly { day: string; count: number }[], since: string, days: number): { day: string; count: number }[] {
  const start = Date.parse(since);
  if (Number.isNaN(start) || days <= 0) return [...byDay];
  const counts = new Map(byDay.map((d) => [d.day, d.count]));
  const series: { day: string; count: number }[] = [];
  for (let i = 0; i < days; i++) {
    const day = new Date(start + BEIJING_OFFSET_MS + i * DAY_MS + DAY_MS / 2).toISOString().slice(0, 10);
    series.push({ day, count: counts.get(day) ?? 0 });
    counts.delete(day);
  }
  // A day the hub counted outside the expected window (clock skew) is kept rather than silently dropped.
  for (const [day, count] of counts) series.push({ day, count });
  return series.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
