import { describe, expect, it } from 'vitest';
import { WarningReporter, type Timers } from './warningReporter';

/** A hand-driven clock: timers fire only when the test advances time. */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = nextId++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void pending.delete(id as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= now && pending.delete(id)) t.fn();
    }
  };
  return { timers, advance, pendingCount: () => pending.size };
}

function setup() {
  const clock = fakeTimers();
  const sent: string[][] = [];
  const reporter = new WarningReporter((ids) => sent.push(ids), 1000, clock.timers);
  return { clock, sent, reporter };
}

describe('WarningReporter', () => {
  it('reports a rule once it has been on screen for the delay, not before', () => {
    const { clock, sent, reporter } = setup();
    reporter.observe(['induce.full_position']);
    clock.advance(999);
    expect(sent).toEqual([]);
    clock.advance(1);
    expect(sent).toEqual([['induce.full_position']]);
  });

  it('does not restart the wait while the agent keeps typing with the same warning on screen', () => {
    const { clock, sent, reporter } = setup();
    reporter.observe(['a']);
    for (let i = 0; i < 9; i++) {
      clock.advance(100);
      reporter.observe(['a']);
    }
    clock.advance(100);
    expect(sent).toEqual([['a']]);
  });

  it('reports each rule once per draft, and again after the draft was sent', () => {
    const { clock, sent, reporter } = setup();
    reporter.observe(['a']);
    clock.advance(1000);
    reporter.observe(['a', 'b']);
    clock.advance(1000);
    reporter.observe(['b', 'a']);
    clock.advance(5000);
    expect(sent).toEqual([['a'], ['b']]);
    reporter.newDraft();
    reporter.observe(['a']);
    clock.advance(1000);
    expect(sent).toEqual([['a'], ['b'], ['a']]);
  });

  it('does not report a warning that disappeared before the delay (a word being typed)', () => {
    const { clock, sent, reporter } = setup();
    reporter.observe(['a']);
    clock.advance(400);
    reporter.observe([]);
    clock.advance(5000);
    expect(sent).toEqual([]);
    expect(clock.pendingCount()).toBe(0);
  });

  it('flushes what is on screen at once when the composer closes', () => {
    const { clock, sent, reporter } = setup();
    reporter.observe(['b', 'a', 'a']);
    clock.advance(200);
    reporter.flush();
    expect(sent).toEqual([['a', 'b']]);
    clock.advance(5000);
    expect(sent).toHaveLength(1);
  });
});
