/**
 * Deck-wide commands that cross panels without prop drilling: side panels insert text into the composer (quoting
 * knowledge), shortcuts focus the knowledge search. A tiny typed emitter; listeners are removed on unmount.
 */
export interface DeckCommands {
  focusKnowledgeSearch: void;
  /** Insert text at the composer's cursor (for quotes, cards' text, etc.). */
  insertIntoComposer: string;
  focusComposer: void;
  /** Scroll the history to the newest message (after the agent sends). */
  scrollToLatest: void;
  showShortcuts: void;
}

type Listener<T> = (payload: T) => void;
const listeners = new Map<keyof DeckCommands, Set<Listener<never>>>();

export const deckEvents = {
  emit<K extends keyof DeckCommands>(name: K, ...payload: DeckCommands[K] extends void ? [] : [DeckCommands[K]]): void {
    for (const l of [...(listeners.get(name) ?? [])]) (l as Listener<unknown>)(payload[0]);
  },
  on<K extends keyof DeckCommands>(name: K, listener: Listener<DeckCommands[K]>): () => void {
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  },
};
