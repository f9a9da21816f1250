import { describe, expect, it } from 'vitest';
import { requestNames } from '../../../shared/ipc/contract';
import { createSocketApi, type SocketLike } from './socketApi';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: SocketLike['onopen'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  onmessage: SocketLike['onmessage'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number, reason?: string) {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverSends(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const { api, link } = createSocketApi({
    url: 'ws://127.0.0.1:1/bridge?token=t',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => {},
    random: () => 0.5,
  });
  const last = () => sockets[sockets.length - 1]!;
  return { api, link, sockets, timers, last };
}

describe('createSocketApi', () => {
  it('has one method per contract request', () => {
    const { api } = setup();
    for (const name of requestNames) expect(typeof api[name], name).toBe('function');
  });

  it('queues requests until the socket opens and resolves them by id', async () => {
    const { api, last } = setup();
    const settings = api.getSettings({});
    const read = api.markRead({ conversationId: 'c1' });
    expect(last().sent).toEqual([]);
    last().open();
    expect(last().sent).toEqual([
      { id: 1, method: 'getSettings', input: {} },
      { id: 2, method: 'markRead', input: { conversationId: 'c1' } },
    ]);
    last().serverSends({ id: 2, result: { ok: true, value: null } });
    last().serverSends({ id: 1, result: { ok: false, error: { code: 'INTERNAL', message: 'boom' } } });
    expect(await read).toEqual({ ok: true, value: null });
    expect(await settings).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });

  it('delivers push events to subscribers until they unsubscribe', () => {
    const { api, last } = setup();
    last().open();
    const got: number[] = [];
    const off = api.on('unread.changed', (p) => got.push(p.total));
    last().serverSends({ event: 'unread.changed', payload: { total: 3 } });
    last().serverSends({ event: 'not.an.event', payload: {} });
    off();
    last().serverSends({ event: 'unread.changed', payload: { total: 4 } });
    expect(got).toEqual([3]);
  });

  it('fails pending requests with UNAVAILABLE on close, reconnects with backoff and announces the reconnect', async () => {
    const { api, link, sockets, timers, last } = setup();
    last().open();
    let reconnected = 0;
    link.onReconnected(() => reconnected++);
    const pending = api.listConversations({});
    last().drop();
    const result = await pending;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('UNAVAILABLE');
    expect(link.getState()).toBe('closed');

    // While down, calls fail fast instead of hanging.
    const whileDown = await api.getSession({});
    expect(whileDown.ok).toBe(false);

    // First retry after the base delay; a failed attempt doubles the delay.
    expect(timers[0]!.ms).toBe(250);
    timers[0]!.fn();
    expect(link.getState()).toBe('connecting');
    last().drop();
    expect(timers[1]!.ms).toBe(500);
    timers[1]!.fn();
    last().open();
    expect(sockets).toHaveLength(3);
    expect(link.getState()).toBe('open');
    expect(reconnected).toBe(1);

    // The new socket carries requests again, and the backoff starts over.
    const again = api.getSession({});
    last().serverSends({ id: (last().sent[0] as { id: number }).id, result: { ok: true, value: { user: null } } });
    expect((await again).ok).toBe(true);
    last().drop();
    expect(timers[2]!.ms).toBe(250);
  });

  it('answers a malformed reply with an error instead of hanging', async () => {
    const { api, last } = setup();
    last().open();
    const p = api.getAppInfo({});
    last().onmessage?.({ data: 'not json' });
    last().serverSends({ id: 1, result: 'nonsense' });
    const r = await p;
    expect(r.ok).toBe(false);
  });
});
