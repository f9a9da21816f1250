import { useEffect } from 'react';
import { useApp, useStore } from '../store/context';

/** Messages arriving in the conversation the agent is looking at are read: clear its unread while the window has focus. */
export function useAutoMarkRead(): void {
  const store = useStore();
  const activeId = useApp((s) => s.activeId);
  const activeUnread = useApp((s) => (s.activeId ? (s.conversations.find((c) => c.id === s.activeId)?.unread ?? 0) : 0));

  useEffect(() => {
    if (activeId && activeUnread > 0 && document.visibilityState === 'visible' && document.hasFocus()) void store.markRead(activeId);
  }, [store, activeId, activeUnread]);

  useEffect(() => {
    const onFocus = () => {
      const id = store.state.get().activeId;
      if (id) void store.markRead(id);
    };
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [store]);
}
