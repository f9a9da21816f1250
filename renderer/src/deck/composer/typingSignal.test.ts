import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TypingSignal } from './typingSignal';

describe('TypingSignal', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends one "typing" for a burst of keystrokes and "stopped" after a pause', () => {
    const sent: boolean[] = [];
    const signal = new TypingSignal((t) => sent.push(t), { repeatMs: 4000, idleMs: 3000, now: () => Date.now() });
    for (let i = 0; i < 10; i++) {
      signal.input();
      vi.advanceTimersByTime(200);
    }
    expect(sent).toEqual([true]);
    vi.advanceTimersByTime(3000);
    expect(sent).toEqual([true, false]);
  });

  it('repeats "typing" while typing goes on, and stops at once on send', () => {
    const sent: boolean[] = [];
    const signal = new TypingSignal((t) => sent.push(t), { repeatMs: 4000, idleMs: 3000, now: () => Date.now() });
    for (let i = 0; i < 25; i++) {
      signal.input();
      vi.advanceTimersByTime(200); // 5 s of continuous typing
    }
    expect(sent).toEqual([true, true]);
    signal.stop();
    signal.stop();
    expect(sent).toEqual([true, true, false]);
  });
});
