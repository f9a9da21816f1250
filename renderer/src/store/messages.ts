/**
 * Message list maintenance: the services push changed messages (`messages.changed`) and answer `listMessages`; the
 * view needs one list per conversation, merged by clientMsgId, ordered by the hub's seq with messages the hub has not
 * acknowledged yet (no seq) last, in the order they were created.
 */
import type { MessageView } from '../../../shared/ipc/contract';

export function compareMessages(a: MessageView, b: MessageView): number {
  if (a.seq !== null && b.seq !== null) return a.seq - b.seq;
  if (a.seq !== null) return -1;
  if (b.seq !== null) return 1;
  return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
}

/**
 * Whether `incoming` should replace `current` for the same clientMsgId. An acknowledged message (with a seq) is final:
 * a late, stale copy without a seq (pending or failed) must not turn it back.
 */
function supersedes(current: MessageView, incoming: MessageView): boolean {
  if (current.seq !== null && incoming.seq === null) return false;
  return true;
}

/**
 * Returns a new sorted list with `incoming` merged into `existing` (which must already be sorted). Returns the same
 * array when nothing changed, so React can skip a render.
 */
export function mergeMessages(existing: readonly MessageView[], incoming: readonly MessageView[]): MessageView[] {
  if (incoming.length === 0) return existing as MessageView[];
  const index = new Map<string, number>();
  existing.forEach((m, i) => index.set(m.clientMsgId, i));
  const next = existing.slice();
  let changed = false;
  let appendedInOrder = true;
  for (const m of incoming) {
    const at = index.get(m.clientMsgId);
    if (at === undefined) {
      const last = next[next.length - 1];
      if (last && compareMessages(last, m) > 0) appendedInOrder = false;
      index.set(m.clientMsgId, next.length);
      next.push(m);
      changed = true;
    } else {
      const current = next[at]!;
      if (current === m || !supersedes(current, m)) continue;
      if (compareMessages(current, m) !== 0) appendedInOrder = false;
      next[at] = m;
      changed = true;
    }
  }
  if (!changed) return existing as MessageView[];
  // Common case (a new message at the end, or a status change in place) needs no sort; otherwise a stable sort.
  if (!appendedInOrder) next.sort(compareMessages);
  return next;
}
