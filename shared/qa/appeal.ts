/**
 * Appeals against a published QA result, as pure functions over an immutable case record:
 *
 *   published ──agent appeals (once, within the window, with a reason)──▶ appealed
 *   appealed ──branch lead upholds (notes)──▶ upheld
 *   appealed ──branch lead overturns (new score + notes)──▶ overturned
 *
 * Every step appends an event; nothing is ever removed, so the history shows the original score, the appeal and
 * the decision. A step the current status does not allow throws AppFailure('INVALID_TRANSITION'), a step by the
 * wrong person 'FORBIDDEN', a bad payload 'BAD_REQUEST'.
 */
import { AppFailure } from '../result';

export type AppealStatus = 'published' | 'appealed' | 'upheld' | 'overturned';

export interface QaScore {
  total: number;
  passed: boolean;
}

export type AppealEvent =
  | { type: 'published'; at: string; by: string; score: QaScore }
  | { type: 'appealed'; at: string; by: string; reason: string }
  | { type: 'upheld'; at: string; by: string; notes: string }
  | { type: 'overturned'; at: string; by: string; notes: string; previousScore: QaScore; newScore: QaScore };

export interface AppealCase {
  sessionId: string;
  agentId: string;
  branchId: string;
  status: AppealStatus;
  publishedAt: string;
  /** The score in force now (changes only when overturned). */
  score: QaScore;
  events: readonly AppealEvent[];
}

export interface AppealPolicy {
  /** Days (24-hour periods) after publication during which the agent may appeal; the end instant is included. */
  appealWindowDays: number;
}

export const MAX_TEXT_LENGTH = 2000;
const DAY_MS = 86_400_000;

function instant(at: string, what: string): number {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new AppFailure('BAD_REQUEST', `${what} is not a valid timestamp: ${JSON.stringify(at)}`);
  return ms;
}

function requiredText(text: string | undefined, what: string): string {
  const trimmed = (text ?? '').trim();
  if (trimmed.length === 0) throw new AppFailure('BAD_REQUEST', `${what} is required / 请填写${what === 'reason' ? '申诉理由' : '处理意见'}`);
  if (trimmed.length > MAX_TEXT_LENGTH) throw new AppFailure('BAD_REQUEST', `${what} is longer than ${MAX_TEXT_LENGTH} characters`);
  return trimmed;
}

function checkScore(score: QaScore): QaScore {
  if (!Number.isFinite(score.total) || score.total < 0 || score.total > 100) {
    throw new AppFailure('BAD_REQUEST', `a score total must be within 0–100, got ${score.total}`);
  }
  if (typeof score.passed !== 'boolean') throw new AppFailure('BAD_REQUEST', 'a score needs passed: true or false');
  return { total: score.total, passed: score.passed };
}

/** A reviewed session's result is published to the agent: the start of its appeal history. */
export function publishResult(input: { sessionId: string; agentId: string; branchId: string; score: QaScore; at: string; by: string }): AppealCase {
  instant(input.at, 'publishedAt');
  const score = checkScore(input.score);
  return {
    sessionId: input.sessionId,
    agentId: input.agentId,
    branchId: input.branchId,
    status: 'published',
    publishedAt: input.at,
    score,
    events: [{ type: 'published', at: input.at, by: input.by, score }],
  };
}

/** When the appeal window closes (ISO timestamp). */
export function appealDeadline(c: AppealCase, policy: AppealPolicy): string {
  return new Date(instant(c.publishedAt, 'publishedAt') + policy.appealWindowDays * DAY_MS).toISOString();
}

export type AppealRefusal = 'not_own_session' | 'already_appealed' | 'window_closed' | 'before_publication';

/** Whether `agentId` may appeal at `at`, and if not why (for enabling the button and explaining it). */
export function canAppeal(c: AppealCase, agentId: string, at: string, policy: AppealPolicy): { allowed: true } | { allowed: false; reason: AppealRefusal } {
  if (agentId !== c.agentId) return { allowed: false, reason: 'not_own_session' };
  if (c.status !== 'published' || c.events.some((e) => e.type === 'appealed')) return { allowed: false, reason: 'already_appealed' };
  const now = instant(at, 'appeal time');
  const published = instant(c.publishedAt, 'publishedAt');
  if (now < published) return { allowed: false, reason: 'before_publication' };
  if (now > published + policy.appealWindowDays * DAY_MS) return { allowed: false, reason: 'window_closed' };
  return { allowed: true };
}

const REFUSAL_TEXT: Record<AppealRefusal, { code: 'FORBIDDEN' | 'INVALID_TRANSITION' | 'BAD_REQUEST'; message: string }> = {
  not_own_session: { code: 'FORBIDDEN', message: '只能对本人会话的质检结果申诉 / only the agent who served the session may appeal' },
  already_appealed: { code: 'INVALID_TRANSITION', message: '每个质检结果只能申诉一次 / a result can be appealed only once' },
  window_closed: { code: 'INVALID_TRANSITION', message: '已超过申诉期限 / the appeal window has closed' },
  before_publication: { code: 'BAD_REQUEST', message: '申诉时间早于结果发布时间 / appeal time is before publication' },
};

/** The agent appeals, with a reason. */
export function fileAppeal(c: AppealCase, input: { agentId: string; reason: string; at: string }, policy: AppealPolicy): AppealCase {
  const verdict = canAppeal(c, input.agentId, input.at, policy);
  if (!verdict.allowed) {
    const { code, message } = REFUSAL_TEXT[verdict.reason];
    throw new AppFailure(code, message, { reason: verdict.reason, deadline: appealDeadline(c, policy) });
  }
  const reason = requiredText(input.reason, 'reason');
  return { ...c, status: 'appealed', events: [...c.events, { type: 'appealed', at: input.at, by: input.agentId, reason }] };
}

export interface AppealDecider {
  userId: string;
  role: string;
  branchId: string;
}

export type AppealDecision = { decision: 'uphold'; notes: string } | { decision: 'overturn'; notes: string; newScore: QaScore };

/** The branch lead of the session's branch upholds the result or overturns it with a new score. */
export function decideAppeal(c: AppealCase, by: AppealDecider, decision: AppealDecision, at: string): AppealCase {
  if (c.status !== 'appealed') {
    throw new AppFailure('INVALID_TRANSITION', `only an appealed result can be decided; this one is "${c.status}" / 该结果当前不在申诉中`);
  }
  if (by.role !== 'branch_lead' || by.branchId !== c.branchId) {
    throw new AppFailure('FORBIDDEN', '只有本营业部负责人可以处理申诉 / only the lead of the session\'s branch may decide the appeal');
  }
  if (by.userId === c.agentId) throw new AppFailure('FORBIDDEN', 'an agent cannot decide their own appeal / 不能处理本人的申诉');
  const appealedAt = [...c.events].reverse().find((e) => e.type === 'appealed')?.at ?? c.publishedAt;
  if (instant(at, 'decision time') < instant(appealedAt, 'appeal time')) throw new AppFailure('BAD_REQUEST', 'decision time is before the appeal');
  const notes = requiredText(decision.notes, 'notes');
  if (decision.decision === 'uphold') {
    return { ...c, status: 'upheld', events: [...c.events, { type: 'upheld', at, by: by.userId, notes }] };
  }
  if (decision.decision !== 'overturn') throw new AppFailure('BAD_REQUEST', `unknown decision ${JSON.stringify((decision as { decision: unknown }).decision)}`);
  if (!decision.newScore) throw new AppFailure('BAD_REQUEST', 'overturning needs the new score / 改判需给出新分数');
  const newScore = checkScore(decision.newScore);
  return {
    ...c,
    status: 'overturned',
    score: newScore,
    events: [...c.events, { type: 'overturned', at, by: by.userId, notes, previousScore: c.score, newScore }],
  };
}
