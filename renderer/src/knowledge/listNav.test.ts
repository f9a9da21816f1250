import { describe, expect, it } from 'vitest';
import { listKeyAction, moveIndex, reconcileIndex } from './listNav';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'isComposing', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('listKeyAction', () => {
  it('moves with the arrows, previews with Enter and quotes with Ctrl+Enter or Cmd+Enter', () => {
    expect(listKeyAction(key('ArrowDown'))).toEqual({ type: 'move', delta: 1 });
    expect(listKeyAction(key('ArrowUp'))).toEqual({ type: 'move', delta: -1 });
    expect(listKeyAction(key('Enter'))).toEqual({ type: 'preview' });
    expect(listKeyAction(key('Enter', { ctrlKey: true }))).toEqual({ type: 'quote' });
    expect(listKeyAction(key('Enter', { metaKey: true }))).toEqual({ type: 'quote' });
    expect(listKeyAction(key('Escape'))).toEqual({ type: 'close' });
  });

  it("leaves the deck's Ctrl+↑/↓, Shift+Enter, Alt chords, typing and the input method alone", () => {
    expect(listKeyAction(key('ArrowDown', { ctrlKey: true }))).toBeNull();
    expect(listKeyAction(key('ArrowUp', { metaKey: true }))).toBeNull();
    expect(listKeyAction(key('Enter', { shiftKey: true }))).toBeNull();
    expect(listKeyAction(key('ArrowDown', { altKey: true }))).toBeNull();
    expect(listKeyAction(key('a'))).toBeNull();
    // Enter confirms a pinyin candidate: it must not also open a preview.
    expect(listKeyAction(key('Enter', { isComposing: true }))).toBeNull();
  });
});

describe('moveIndex', () => {
  it('starts at the first item going down and the last going up', () => {
    expect(moveIndex(-1, 1, 4)).toBe(0);
    expect(moveIndex(-1, -1, 4)).toBe(3);
  });

  it('steps and wraps round at both ends', () => {
    expect(moveIndex(1, 1, 4)).toBe(2);
    expect(moveIndex(3, 1, 4)).toBe(0);
    expect(moveIndex(0, -1, 4)).toBe(3);
  });

  it('has nothing to move to in an empty list, and recovers from an index past the end', () => {
    expect(moveIndex(0, 1, 0)).toBe(-1);
    expect(moveIndex(7, 1, 3)).toBe(0);
  });
});

describe('reconcileIndex', () => {
  it('follows the active article when the results change, else falls back to the first', () => {
    expect(reconcileIndex('KB-2', ['KB-1', 'KB-2'])).toBe(1);
    expect(reconcileIndex('KB-9', ['KB-1', 'KB-2'])).toBe(0);
    expect(reconcileIndex(null, ['KB-1'])).toBe(0);
    expect(reconcileIndex('KB-1', [])).toBe(-1);
  });
});
