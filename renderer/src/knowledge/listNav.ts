/** Keyboard navigation of the result list while the focus stays in the search box (a combobox, not a focus trap). */

export type ListKeyAction = { type: 'move'; delta: 1 | -1 } | { type: 'first' } | { type: 'last' } | { type: 'preview' } | { type: 'quote' } | { type: 'close' };

type KeyLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'> & { isComposing?: boolean };

/**
 * ↑/↓ move, Enter previews, Ctrl+Enter (⌘+Enter) quotes, Esc closes the preview. Ctrl+↑/↓ belong to the deck (switch
 * session), and keys pressed while an input method is composing Chinese belong to the input method.
 */
export function listKeyAction(e: KeyLike): ListKeyAction | null {
  if (e.isComposing || e.altKey) return null;
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'Enter') return mod ? { type: 'quote' } : e.shiftKey ? null : { type: 'preview' };
  if (mod || e.shiftKey) return null;
  if (e.key === 'ArrowDown') return { type: 'move', delta: 1 };
  if (e.key === 'ArrowUp') return { type: 'move', delta: -1 };
  if (e.key === 'PageUp') return { type: 'first' };
  if (e.key === 'PageDown') return { type: 'last' };
  if (e.key === 'Escape') return { type: 'close' };
  return null;
}

/**
 * The next active index: -1 (nothing active) steps to the first or the last item; the ends wrap round, as in a
 * menu. An empty list has no active item.
 */
export function moveIndex(current: number, delta: 1 | -1, length: number): number {
  if (length <= 0) return -1;
  if (current < 0 || current >= length) return delta > 0 ? 0 : length - 1;
  return (current + delta + length) % length;
}

/** Keeps the active item when the list changes under it (a new page of results): same id, else the first, else none. */
export function reconcileIndex(previousId: string | null, ids: readonly string[]): number {
  if (ids.length === 0) return -1;
  const at = previousId === null ? -1 : ids.indexOf(previousId);
  return at >= 0 ? at : 0;
}
