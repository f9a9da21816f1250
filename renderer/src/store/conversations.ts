/**
 * The services push the whole conversation list on every change (a message, a read mark, a ticket transition), each
 * time as new objects. Keeping the previous object for a conversation that did not change lets memoised rows and
 * panels skip their render: one new message re-renders one row, not the whole deck.
 */
import type { ConversationView } from '../../../shared/ipc/contract';

function sameConversation(a: ConversationView, b: ConversationView): boolean {
  for (const key of Object.keys(b) as (keyof ConversationView)[]) {
    if (key === 'ticket') continue;
    if (!Object.is(a[key], b[key])) return false;
  }
  if (Object.keys(a).length !== Object.keys(b).length) return false;
  // The ticket is a nested snapshot; it changes rarely, and a JSON comparison of it is cheap next to a render.
  return a.ticket === b.ticket || JSON.stringify(a.ticket) === JSON.stringify(b.ticket);
}

/** `next`, with unchanged conversations replaced by their `previous` objects; `previous` itself when nothing changed. */
export function reuseUnchanged(previous: readonly ConversationView[], next: readonly ConversationView[]): ConversationView[] {
  const before = new Map(previous.map((c) => [c.id, c]));
  let changed = previous.length !== next.length;
  const merged = next.map((c, i) => {
    const old = before.get(c.id);
    if (old && sameConversation(old, c)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return c;
  });
  return changed ? merged : (previous as ConversationView[]);
}
