import { useEffect } from 'react';
import { useStore } from '../store/context';
import { deckEvents } from './deckEvents';
import { deckKeyAction, isEditableTarget } from './shortcuts';

/** Global deck shortcuts; `order` holds the session ids as displayed (urgency order). */
export function useDeckShortcuts(order: React.RefObject<string[]>, openHelp: () => void): void {
  const store = useStore();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const action = deckKeyAction(e, isEditableTarget(e.target));
      if (!action) return;
      const ids = order.current ?? [];
      if (action.type === 'switchTo') {
        const id = ids[action.index];
        if (id) void store.select(id);
      } else if (action.type === 'step') {
        if (ids.length === 0) return;
        const at = ids.indexOf(store.state.get().activeId ?? '');
        const next = at < 0 ? (action.delta > 0 ? 0 : ids.length - 1) : Math.min(ids.length - 1, Math.max(0, at + action.delta));
        const id = ids[next];
        if (id) void store.select(id);
      } else if (action.type === 'knowledge') {
        deckEvents.emit('focusKnowledgeSearch');
      } else {
        openHelp();
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, order, openHelp]);
}
