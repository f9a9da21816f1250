/**
 * The lead's "my chats" tab renders the agent's deck unchanged, but a lead's services list every open conversation of
 * the branch. This view of the app store shows the deck only the conversations the lead owns (those taken over),
 * while every action and every write still goes to the one real store.
 */
import type { ConversationView } from '../../../shared/ipc/contract';
import type { AppState, AppStore } from '../store/appStore';
import type { Store } from '../store/store';

/** The conversations `ownerId` owns, as the same array when nothing in it changed (memoised selectors stay stable). */
export function ownedConversations(all: readonly ConversationView[], ownerId: string, previous: readonly ConversationView[] = []): ConversationView[] {
  const owned = all.filter((c) => c.ownerId === ownerId);
  const same = owned.length === previous.length && owned.every((c, i) => c === previous[i]);
  return same ? (previous as ConversationView[]) : owned;
}

/**
 * An AppStore whose state shows only `ownerId`'s conversations (and their unread total); methods and fields come from
 * `base` (it is the prototype), so `select`, `send`, `resolve` and the rest act on the real store.
 */
export function ownedConversationsStore(base: AppStore, ownerId: string): AppStore {
  let seen: AppState | null = null;
  let shown: AppState = base.state.get();
  let owned: ConversationView[] = [];
  const state: Store<AppState> = {
    get() {
      const current = base.state.get();
      if (current !== seen) {
        seen = current;
        owned = ownedConversations(current.conversations, ownerId, owned);
        const unreadTotal = owned.reduce((n, c) => n + c.unread, 0);
        shown = { ...current, conversations: owned, unreadTotal };
      }
      return shown;
    },
    set: (update) => base.state.set(update),
    subscribe: (listener) => base.state.subscribe(listener),
  };
  const view = Object.create(base) as AppStore;
  Object.defineProperty(view, 'state', { value: state, enumerable: true });
  return view;
}
