/** Builders shared by the QA tests (not a test file itself). */
import { type QaReview } from './review';
import { ScorecardSchema, scoreSession, type Scorecard } from './scorecard';

/**
 * A card whose totals are easy to compute by hand: total = 6 × knowledge + 4 × manner (each 0–10), pass mark 80,
 * a criterion is "met" at 6/10 or more.
 */
export const handCard: Scorecard = ScorecardSchema.parse({
  id: 'hand',
  version: 1,
  name: { zh: '手算', en: 'Hand' },
  channel: 'service',
  locale: 'zh-CN',
  passMark: 80,
  criterionPassRatio: 0.6,
  criteria: [
    { id: 'knowledge', name: { zh: '业务知识', en: 'Knowledge' }, description: { zh: '知识', en: 'Knowledge' }, weight: 60, maxPoints: 10 },
    { id: 'manner', name: { zh: '服务态度', en: 'Manner' }, description: { zh: '态度', en: 'Manner' }, weight: 40, maxPoints: 10 },
  ],
  criticalItems: [{ id: 'promised_returns', name: { zh: '违规承诺收益', en: 'Promised returns' }, description: { zh: '承诺收益', en: 'Promised returns' } }],
});

export function review(input: {
  sessionId: string;
  knowledge: number;
  manner: number;
  critical?: 'pass' | 'fail';
  agentId?: string;
  branchId?: string;
  level?: QaReview['level'];
  reviewerId?: string;
  sessionEndedAt?: string;
  reviewedAt?: string;
}): QaReview {
  const answers = { points: { knowledge: input.knowledge, manner: input.manner }, critical: { promised_returns: input.critical ?? 'pass' } };
  return {
    sessionId: input.sessionId,
    agentId: input.agentId ?? 'a1',
    branchId: input.branchId ?? 'b1',
    reviewerId: input.reviewerId ?? (input.level === 'head_office' ? 'ho1' : 'br1'),
    level: input.level ?? 'branch',
    scorecardId: handCard.id,
    answers,
    result: scoreSession(handCard, answers),
    sessionEndedAt: input.sessionEndedAt ?? '2025-03-03T10:00:00+08:00',
    reviewedAt: input.reviewedAt ?? '2025-03-04T10:00:00+08:00',
    notes: '态度较好，业务解答有遗漏',
  };
}
