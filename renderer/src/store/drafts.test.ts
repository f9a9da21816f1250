import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../shared/result';
import { DraftKeeper } from './drafts';

function fakeApi() {
  const saved = new Map<string, string>();
  const calls: { conversationId: string; text: string }[] = [];
  let down = false;
  return {
    saved,
    calls,
    setDown(v: boolean) {
      down = v;
    },
    api: {
      getDraft: vi.fn(async ({ conversationId }: { conversationId: string }): Promise<Result<{ text: string }>> => ({
        ok: true,
        value: { text: saved.get(conversationId) ?? '' },
      })),
      saveDraft: vi.fn(async (input: { conversationId: string; text: string }): Promise<Result<null>> => {
        calls.push(input);
        if (down) return { ok: false, error: { code: 'UNAVAILABLE', message: 'down' } };
        saved.set(input.conversationId, input.text);
        return { ok: true, value: null };
      }),
    },
  };
}

describe('DraftKeeper', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('debounces saves while typing and saves the last text once', async () => {
    const f = fakeApi();
    const keeper = new DraftKeeper(f.api, () => {}, 300);
    keeper.update('c1', '您');
    await vi.advanceTimersByTimeAsync(100);
    keeper.update('c1', '您好');
    await vi.advanceTimersByTimeAsync(299);
    expect(f.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toEqual([{ conversationId: 'c1', text: '您好' }]);
  });

  it('flushes immediately on switch without waiting for the debounce', async () => {
    const f = fakeApi();
    const keeper = new DraftKeeper(f.api, () => {}, 300);
    keeper.update('c1', 'half an answer');
    await keeper.flush('c1');
    expect(f.saved.get('c1')).toBe('half an answer');
    await vi.advanceTimersByTimeAsync(1000);
    expect(f.calls).toHaveLength(1);
  });

  it('restores the saved draft, but prefers a newer local copy', async () => {
    const f = fakeApi();
    f.saved.set('c1', 'saved before restart');
    const keeper = new DraftKeeper(f.api, () => {}, 300);
    expect(await keeper.load('c1')).toBe('saved before restart');
    keeper.update('c2', 'typed offline');
    expect(await keeper.load('c2')).toBe('typed offline');
  });

  it('keeps a draft whose save failed and writes it on the next flush', async () => {
    const f = fakeApi();
    const errors: string[] = [];
    const keeper = new DraftKeeper(f.api, (e) => errors.push(e.code), 300);
    f.setDown(true);
    keeper.update('c1', 'do not lose me');
    await vi.advanceTimersByTimeAsync(300);
    expect(f.saved.has('c1')).toBe(false);
    expect(errors).toEqual([]); // offline is shown by the connection badge, not a toast per keystroke
    f.setDown(false);
    await keeper.flushAll();
    expect(f.saved.get('c1')).toBe('do not lose me');
  });

  it('clears the stored draft after a send', async () => {
    const f = fakeApi();
    const keeper = new DraftKeeper(f.api, () => {}, 300);
    keeper.update('c1', 'sent text');
    await keeper.clear('c1');
    await vi.advanceTimersByTimeAsync(1000);
    expect(f.saved.get('c1')).toBe('');
    expect(keeper.peek('c1')).toBe('');
  });

  it('reports dirty while typing and saved once stored, so the composer can say so', async () => {
    const f = fakeApi();
    const keeper = new DraftKeeper(f.api, () => {}, 300);
    const seen: string[] = [];
    keeper.subscribe((id) => seen.push(`${id}:${keeper.status(id)}`));
    expect(keeper.status('c1')).toBe('none');
    keeper.update('c1', 'a');
    keeper.update('c1', 'ab');
    expect(keeper.status('c1')).toBe('dirty');
    await vi.advanceTimersByTimeAsync(300);
    expect(keeper.status('c1')).toBe('saved');
    // One notice per change of status, not one per keystroke.
    expect(seen).toEqual(['c1:dirty', 'c1:saved']);
    f.setDown(true);
    keeper.update('c1', 'abc');
    await vi.advanceTimersByTimeAsync(300);
    expect(keeper.status('c1')).toBe('dirty');
  });
});
