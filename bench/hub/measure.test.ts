import { describe, expect, it } from 'vitest';
import { Arrivals, lossAndDuplicates, percentile, stepFigures } from './measure';
import type { SentRecord } from './ipc';

describe('hub benchmark bookkeeping', () => {
  it('joins sends and arrivals by clientMsgId: latency per direction, loss, duplicates', () => {
    const sent: SentRecord[] = [
      ['c-1', 0, 1000, 1002],
      ['a-1', 1, 1000, 1001],
      ['c-2', 0, 1010, 1011],
      ['a-2', 1, 1020, -1],
      ['c-3', 0, 1030, 1031],
    ];
    const arrivals = new Arrivals();
    arrivals.add([
      ['c-1', 1005, 0],
      ['a-1', 1003, 0],
      ['c-1', 1009, 0], // pushed twice
      ['c-3', 1090, 1], // only caught up after a reconnect
    ]);
    const f = stepFigures(5, 1000, sent, arrivals);
    expect(f).toMatchObject({ sent: 5, acked: 4, delivered: 2, offeredMsgsPerSec: 5, deliveredMsgsPerSec: 2 });
    expect(f.customerToAgent).toMatchObject({ count: 1, p50Ms: 5 });
    expect(f.agentToCustomer).toMatchObject({ count: 1, p50Ms: 3 });
    expect(lossAndDuplicates(sent, arrivals)).toEqual({ lost: 1, unacked: 1, duplicated: 1, caughtUpBySync: 1 });
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });
});
