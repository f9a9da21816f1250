/** Joins what the client workers logged into the benchmark's figures: latency per direction, loss, duplicates. */
import type { ReceivedRecord, SentRecord } from './ipc';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface StepFigures {
  targetMsgsPerSec: number;
  /** What the client workers actually emitted per second (below target means the driver could not keep up). */
  offeredMsgsPerSec: number;
  /** Messages delivered live to the other side per second of the step. */
  deliveredMsgsPerSec: number;
  sent: number;
  acked: number;
  delivered: number;
  all: LatencySummary;
  customerToAgent: LatencySummary;
  agentToCustomer: LatencySummary;
  ackP99Ms: number;
}

/** Every arrival seen so far in one target's run, by clientMsgId. */
export class Arrivals {
  readonly firstPush = new Map<string, number>();
  readonly pushCount = new Map<string, number>();
  readonly synced = new Set<string>();

  add(records: readonly ReceivedRecord[]): void {
    for (const [id, at, via] of records) {
      if (via === 1) {
        this.synced.add(id);
        continue;
      }
      this.pushCount.set(id, (this.pushCount.get(id) ?? 0) + 1);
      if (!this.firstPush.has(id)) this.firstPush.set(id, at);
    }
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarise(latencies: number[]): LatencySummary {
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies[latencies.length - 1] ?? NaN),
  };
}

export function stepFigures(targetMsgsPerSec: number, durationMs: number, sent: readonly SentRecord[], arrivals: Arrivals): StepFigures {
  const byDirection: [number[], number[]] = [[], []];
  const acks: number[] = [];
  let acked = 0;
  for (const [id, direction, sentAt, ackedAt] of sent) {
    if (ackedAt >= 0) {
      acked++;
      acks.push(ackedAt - sentAt);
    }
    const at = arrivals.firstPush.get(id);
    if (at !== undefined) byDirection[direction].push(at - sentAt);
  }
  const delivered = byDirection[0].length + byDirection[1].length;
  acks.sort((a, b) => a - b);
  return {
    targetMsgsPerSec,
    offeredMsgsPerSec: round((sent.length * 1000) / durationMs),
    deliveredMsgsPerSec: round((delivered * 1000) / durationMs),
    sent: sent.length,
    acked,
    delivered,
    all: summarise([...byDirection[0], ...byDirection[1]]),
    customerToAgent: summarise(byDirection[0]),
    agentToCustomer: summarise(byDirection[1]),
    ackP99Ms: round(percentile(acks, 99)),
  };
}

/** Over a whole run: acknowledged messages never delivered at all, and messages pushed more than once. */
export function lossAndDuplicates(sent: readonly SentRecord[], arrivals: Arrivals): { lost: number; unacked: number; duplicated: number; caughtUpBySync: number } {
  let lost = 0;
  let unacked = 0;
  let caughtUpBySync = 0;
  for (const [id, , , ackedAt] of sent) {
    const pushed = arrivals.firstPush.has(id);
    if (!pushed && arrivals.synced.has(id)) caughtUpBySync++;
    else if (!pushed) {
      if (ackedAt >= 0) lost++;
      else unacked++;
    }
  }
  let duplicated = 0;
  for (const n of arrivals.pushCount.values()) if (n > 1) duplicated++;
  return { lost, unacked, duplicated, caughtUpBySync };
}

export const round = (n: number, digits = 1): number => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);
