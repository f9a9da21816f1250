import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { review } from './fixtures.test-helpers';
import { blindView, listDisagreements, pairReviews, pickSpotChecks } from './review';

const branchReviews = (branchId: string, n: number) =>
  Array.from({ length: n }, (_, i) => review({ sessionId: `${branchId}-s${i}`, branchId, knowledge: 8, manner: 8 }));

describe('pickSpotChecks', () => {
  const reviewed = [...branchReviews('big', 30), ...branchReviews('small', 3)];

  it('picks ceil(rate × n) of each branch, so a small branch is checked too', () => {
    const picked = pickSpotChecks(reviewed, 0.1, 'seed');
    expect(picked.filter((r) => r.branchId === 'big')).toHaveLength(3);
    expect(picked.filter((r) => r.branchId === 'small')).toHaveLength(1);
  });

  it('only picks branch-level reviews and nothing at rate 0', () => {
    const ho = review({ sessionId: 'big-s0', branchId: 'big', level: 'head_office', knowledge: 1, manner: 1 });
    expect(pickSpotChecks([ho], 1, 'seed')).toEqual([]);
    expect(pickSpotChecks(reviewed, 0, 'seed')).toEqual([]);
    expect(pickSpotChecks(reviewed, 1, 'seed')).toHaveLength(33);
  });

  it('is reproducible, order-independent, and varies with the seed', () => {
    const reference = pickSpotChecks(reviewed, 0.2, 'seed');
    fc.assert(
      fc.property(fc.shuffledSubarray(reviewed, { minLength: reviewed.length, maxLength: reviewed.length }), (shuffled) => {
        expect(pickSpotChecks(shuffled, 0.2, 'seed')).toEqual(reference);
      }),
      { numRuns: 30 },
    );
    const seeds = ['a', 'b', 'c', 'd', 'e'].map((s) => pickSpotChecks(reviewed, 0.2, s).map((r) => r.sessionId).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('rejects a rate outside [0, 1]', () => {
    expect(() => pickSpotChecks(reviewed, 1.2, 'seed')).toThrow(/\[0, 1\]/);
  });
});

describe('blindView', () => {
  it('hides the branch score, verdict, answers, notes and reviewer from head office', () => {
    const r = review({ sessionId: 's1', knowledge: 7, manner: 9 });
    const blind = blindView(r);
    expect(blind).toEqual({ sessionId: 's1', agentId: 'a1', branchId: 'b1', scorecardId: 'hand' });
    const serialised = JSON.stringify(blind);
    expect(serialised).not.toContain(String(r.result.total));
    expect(serialised).not.toContain('br1');
    expect(serialised).not.toContain('遗漏');
  });
});

describe('listDisagreements', () => {
  it('lists pass/fail differences and gaps at or above the threshold, nothing else', () => {
    const branch = [
      review({ sessionId: 'verdict', knowledge: 8, manner: 8 }), // 80 pass
      review({ sessionId: 'gap', knowledge: 10, manner: 10 }), // 100 pass
      review({ sessionId: 'close', knowledge: 10, manner: 10 }), // 100 pass
      review({ sessionId: 'critical', knowledge: 10, manner: 10 }), // 100 pass
    ];
    const ho = [
      review({ sessionId: 'verdict', level: 'head_office', knowledge: 8, manner: 7 }), // 76 fail, gap 4
      review({ sessionId: 'gap', level: 'head_office', knowledge: 10, manner: 5 }), // 80 pass, gap 20
      review({ sessionId: 'close', level: 'head_office', knowledge: 9, manner: 7 }), // 82 pass, gap 18 < 20
      review({ sessionId: 'critical', level: 'head_office', knowledge: 10, manner: 10, critical: 'fail' }), // 100 fail
    ];
    const found = listDisagreements(branch, ho, 20);
    expect(found.map((d) => [d.sessionId, d.reasons, d.gap])).toEqual([
      ['critical', ['pass_fail'], 0],
      ['gap', ['score_gap'], 20],
      ['verdict', ['pass_fail'], 4],
    ]);
    expect(found[2]).toMatchObject({ branch: { reviewerId: 'br1', total: 80, passed: true }, headOffice: { reviewerId: 'ho1', total: 76, passed: false } });
  });

  it('compares totals with one-decimal precision (70.1 − 60.1 = 9.999… must not miss a threshold of 10)', () => {
    const b = review({ sessionId: 's', knowledge: 8, manner: 8 });
    const h = review({ sessionId: 's', level: 'head_office', knowledge: 8, manner: 8 });
    b.result = { ...b.result, total: 70.1 };
    h.result = { ...h.result, total: 60.1 };
    expect(70.1 - 60.1).toBeLessThan(10);
    expect(listDisagreements([b], [h], 10).map((d) => d.gap)).toEqual([10]);
  });

  it('uses the latest review per session and reports unmatched head-office reviews separately', () => {
    const old = review({ sessionId: 's', knowledge: 10, manner: 10, reviewedAt: '2025-03-04T09:00:00+08:00' });
    const redone = review({ sessionId: 's', knowledge: 7, manner: 7, reviewedAt: '2025-03-05T09:00:00+08:00' }); // 70 fail
    const ho = review({ sessionId: 's', level: 'head_office', knowledge: 7, manner: 7 });
    const orphan = review({ sessionId: 'nobody', level: 'head_office', knowledge: 7, manner: 7 });
    expect(listDisagreements([old, redone], [ho, orphan], 10)).toEqual([]);
    const { pairs, unmatched } = pairReviews([redone, old], [ho, orphan]);
    expect(pairs.map((p) => p.branch.result.total)).toEqual([70]);
    expect(unmatched.map((r) => r.sessionId)).toEqual(['nobody']);
  });
});
