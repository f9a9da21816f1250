import { describe, expect, it } from 'vitest';
import { deckKeyAction } from './shortcuts';

const key = (k: Partial<KeyboardEvent>) => ({ key: '', code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...k });

describe('deckKeyAction', () => {
  it('maps Ctrl+1…9 by physical key, also with Shift layouts', () => {
    expect(deckKeyAction(key({ ctrlKey: true, key: '3', code: 'Digit3' }), true)).toEqual({ type: 'switchTo', index: 2 });
    expect(deckKeyAction(key({ metaKey: true, key: '!', code: 'Digit1' }), false)).toEqual({ type: 'switchTo', index: 0 });
    expect(deckKeyAction(key({ ctrlKey: true, key: '0', code: 'Digit0' }), false)).toBeNull();
  });

  it('maps Ctrl+↑/↓ and Ctrl+K even while typing', () => {
    expect(deckKeyAction(key({ ctrlKey: true, key: 'ArrowUp' }), true)).toEqual({ type: 'step', delta: -1 });
    expect(deckKeyAction(key({ ctrlKey: true, key: 'ArrowDown' }), true)).toEqual({ type: 'step', delta: 1 });
    expect(deckKeyAction(key({ ctrlKey: true, key: 'K', code: 'KeyK' }), true)).toEqual({ type: 'knowledge' });
  });

  it('opens help with ? only outside text inputs', () => {
    expect(deckKeyAction(key({ key: '?', shiftKey: true }), false)).toEqual({ type: 'help' });
    expect(deckKeyAction(key({ key: '?', shiftKey: true }), true)).toBeNull();
    expect(deckKeyAction(key({ key: 'a' }), false)).toBeNull();
  });
});
