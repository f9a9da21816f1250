/** The branch reviewer's queue: every sampled session once, newest sample first, with all the reasons it was drawn for. */
import type { StoredSample } from '../../../shared/protocol/qa';
import { SAMPLE_REASONS, type SampleReason } from '../../../shared/qa';

export interface QueueItem {
  sessionId: string;
  agentId: string;
  branchId: string;
  reasons: SampleReason[];
  complaintWords: string[];
  /** The latest sample that drew it. */
  sampleId: string;
  drawnAt: string;
}

export function queueFromSamples(samples: readonly StoredSample[]): QueueItem[] {
  const byId = new Map<string, QueueItem>();
  const newestFirst = [...samples].sort((a, b) => Date.parse(b.drawnAt) - Date.parse(a.drawnAt));
  for (const sample of newestFirst) {
    for (const item of sample.result.items) {
      const known = byId.get(item.sessionId);
      if (known) {
        // The same session drawn again (another seed or plan) keeps one row, with the reasons of every draw.
        known.reasons = SAMPLE_REASONS.filter((r) => known.reasons.includes(r) || item.reasons.includes(r));
        for (const word of item.complaintWords ?? []) if (!known.complaintWords.includes(word)) known.complaintWords.push(word);
        continue;
      }
      byId.set(item.sessionId, {
        sessionId: item.sessionId,
        agentId: item.agentId,
        branchId: item.branchId,
        reasons: [...item.reasons],
        complaintWords: [...(item.complaintWords ?? [])],
        sampleId: sample.id,
        drawnAt: sample.drawnAt,
      });
    }
  }
  return [...byId.values()];
}

/** Runs `task` over `items` with at most `limit` at a time (the bridge is shared with the rest of the app). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
