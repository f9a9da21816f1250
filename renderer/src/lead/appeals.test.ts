import { describe, expect, it } from 'vitest';
import type { AppealCase } from '../../../shared/qa';
import { appealDecision, appealReason, originalScore, sortAppeals } from './appeals';

const published = { type: 'published', at: '2024-05-01T08:00:00Z', by: 'qa01', score: { total: 72, passed: false } } as const;
const base = (sessionId: string, events: AppealCase['events'], status: AppealCase['status'], score = published.score): AppealCase => ({
  sessionId,
  agentId: 'agent01',
  branchId: 'BR-SH01',
  status,
  publishedAt: published.at,
  score,
  events,
});

const appealedAt = (at: string) => ({ type: 'appealed', at, by: 'agent01', reason: '客户先挂断,不属于未解决' }) as const;

describe('appeal cases', () => {
  it("reads the agent's reason, the decision and the first score", () => {
    const open = base('CV-1', [published, appealedAt('2024-05-01T09:00:00Z')], 'appealed');
    expect(appealReason(open)).toEqual({ reason: '客户先挂断,不属于未解决', at: '2024-05-01T09:00:00Z', by: 'agent01' });
    expect(appealDecision(open)).toBeNull();

    const overturned = base(
      'CV-2',
      [published, appealedAt('2024-05-01T09:00:00Z'), { type: 'overturned', at: '2024-05-01T10:00:00Z', by: 'lead-sh', notes: '录音证实', previousScore: published.score, newScore: { total: 88, passed: true } }],
      'overturned',
      { total: 88, passed: true },
    );
    expect(appealDecision(overturned)).toEqual({ decision: 'overturned', at: '2024-05-01T10:00:00Z', by: 'lead-sh', notes: '录音证实', newScore: { total: 88, passed: true } });
    expect(originalScore(overturned)).toEqual({ total: 72, passed: false });
    expect(appealReason(base('CV-3', [published], 'published'))).toBeNull();
  });

  it('lists waiting appeals first (oldest first), then decisions (newest first)', () => {
    const upheld = (id: string, at: string) =>
      base(id, [published, appealedAt('2024-05-01T09:00:00Z'), { type: 'upheld', at, by: 'lead-sh', notes: '维持' }], 'upheld');
    const cases = [
      upheld('D-old', '2024-05-02T09:00:00Z'),
      base('A-late', [published, appealedAt('2024-05-03T09:00:00Z')], 'appealed'),
      upheld('D-new', '2024-05-04T09:00:00Z'),
      base('A-early', [published, appealedAt('2024-05-01T09:00:00Z')], 'appealed'),
    ];
    expect(sortAppeals(cases).map((c) => c.sessionId)).toEqual(['A-early', 'A-late', 'D-new', 'D-old']);
  });
});
