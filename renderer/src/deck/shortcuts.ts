/** Every keyboard shortcut of the deck, listed once: the overlay renders this list. */
export interface ShortcutDoc {
  keys: string[];
  /** i18n key of the description. */
  descKey: string;
}

export const SHORTCUTS: ShortcutDoc[] = [
  { keys: ['Ctrl', '1…9'], descKey: 'shortcuts.switchN' },
  { keys: ['Ctrl', '↑'], descKey: 'shortcuts.previous' },
  { keys: ['Ctrl', '↓'], descKey: 'shortcuts.next' },
  { keys: ['Ctrl', 'K'], descKey: 'shortcuts.knowledge' },
  { keys: ['Enter'], descKey: 'shortcuts.enterSend' },
  { keys: ['Shift', 'Enter'], descKey: 'shortcuts.newLine' },
  { keys: ['Ctrl', 'Enter'], descKey: 'shortcuts.ctrlEnterSend' },
  { keys: ['/'], descKey: 'shortcuts.phrases' },
  { keys: ['↑', '↓', 'Enter'], descKey: 'shortcuts.phrasePick' },
  { keys: ['Esc'], descKey: 'shortcuts.close' },
  { keys: ['?'], descKey: 'shortcuts.help' },
];

export const isEditableTarget = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
};

export type DeckKeyAction =
  | { type: 'switchTo'; index: number }
  | { type: 'step'; delta: 1 | -1 }
  | { type: 'knowledge' }
  | { type: 'help' };

/** Maps a keydown to a deck action (pure, so it is testable without a DOM). */
export function deckKeyAction(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, inEditable: boolean): DeckKeyAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey) {
    const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined);
    if (digit) return { type: 'switchTo', index: Number(digit) - 1 };
    if (e.key === 'ArrowUp') return { type: 'step', delta: -1 };
    if (e.key === 'ArrowDown') return { type: 'step', delta: 1 };
    if (e.key.toLowerCase() === 'k') return { type: 'knowledge' };
    return null;
  }
  if (e.key === '?' && !inEditable && !e.altKey) return { type: 'help' };
  return null;
}
