import { describe, expect, it } from 'vitest';
import { tabForKey } from './tabs';

const key = (code: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({
  code,
  key: code.replace('Digit', ''),
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe('tabForKey', () => {
  it('switches tabs with Alt+1…5 in order', () => {
    expect(['Digit1', 'Digit2', 'Digit3', 'Digit4', 'Digit5'].map((c) => tabForKey(key(c, { altKey: true })))).toEqual(['escalations', 'team', 'dashboard', 'appeals', 'mine']);
  });

  it("leaves the deck's Ctrl+digit, other modifiers and digits beyond the tabs alone", () => {
    expect(tabForKey(key('Digit1', { ctrlKey: true }))).toBeNull();
    expect(tabForKey(key('Digit1', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(tabForKey(key('Digit1', { altKey: true, shiftKey: true }))).toBeNull();
    expect(tabForKey(key('Digit1'))).toBeNull();
    expect(tabForKey(key('Digit6', { altKey: true }))).toBeNull();
  });
});
