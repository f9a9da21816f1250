import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationView, MessageView, PushEventName, PushEvents, WorkstationApi } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import type { BridgeLink } from '../bridge/socketApi';
import { AppStore, HISTORY_PAGE } from './appStore';

const ok = <T,>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });

const message = (clientMsgId: string, seq: number | null, text = clientMsgId): MessageView => ({
  clientMsgId,
  conversationId: 'c1',
  seq,
  senderKind: 'customer',
  senderName: '张*',
  kind: 'text',
  text,
  at: `2024-01-01T00:00:0${seq ?? 9}Z`,
  status: seq === null ? 'pending' : 'sent',
});

const conversation = (lastSeq: number, unread = 0, id = 'c1'): ConversationView => ({
  id,
  customerId: 'k1',
  customerName: '张*',
  branchId: null,
  channel: 'h5',
  skillGroup: '开户',
  state: 'active',
  ownerId: 'u1',
  lastSeq,
  lastMessagePreview: '',
  lastMessageAt: null,
  createdAt: '2024-01-01T00:00:00Z',
  firstResponseDueAt: null,
  replyDueAt: null,
  ticket: null,
  unread,
});

function fakeServices(options: { grab?: Result<unknown>; notice?: { zh: string; en: string } } = {}) {
  const listeners = new Map<PushEventName, ((p: never) => void)[]>();
  const stored: MessageView[] = [];
  let listGate: Promise<void> = Promise.resolve();
  const api = {
    getSettings: () => ok({ locale: 'zh-CN', theme: 'light', fontScale: 100, enterToSend: true, sound: false, notifications: false }),
    getSession: () => ok({ user: { id: 'u1', role: 'agent', displayName: 'A', branchId: null }, connection: { state: 'online', hubUrl: null, embedded: true }, notice: options.notice ?? null }),
    listConversations: vi.fn(() => ok([conversation(stored.length)])),
    markRead: vi.fn(() => ok(null)),
    // Like the services: the newest `limit` messages before `beforeSeq`, oldest first.
    listMessages: vi.fn(async ({ beforeSeq, limit }: { conversationId: string; beforeSeq?: number; limit?: number }) => {
      const before = stored.filter((m) => m.seq === null || m.seq < (beforeSeq ?? Infinity));
      const snapshot = before.slice(Math.max(0, before.length - (limit ?? 20_000)));
      await listGate;
      return { ok: true, value: snapshot } as Result<MessageView[]>;
    }),
    listPool: () => ok([]),
    getDirectory: () => ok({ skillGroups: [], agents: [{ id: 'u1', displayName: 'A', branchId: null, status: 'busy', load: 0, capacity: 7, skills: [] }] }),
    grabConversation: vi.fn(() => Promise.resolve(options.grab ?? { ok: true, value: conversation(0, 0, 'c2') })),
    saveDraft: () => ok(null),
    getDraft: () => ok({ text: '' }),
    on: (event: PushEventName, l: (p: never) => void) => {
      listeners.set(event, [...(listeners.get(event) ?? []), l]);
      return () => {};
    },
  } as unknown as WorkstationApi;
  const link: BridgeLink = { getState: () => 'open', getDetail: () => undefined, subscribe: () => () => {}, onReconnected: () => () => {}, close: () => {} };
  return {
    api,
    link,
    stored,
    holdList(): () => void {
      let release!: () => void;
      listGate = new Promise((r) => (release = r));
      return release;
    },
    push<E extends PushEventName>(event: E, payload: PushEvents[E]) {
      for (const l of listeners.get(event) ?? []) l(payload as never);
    },
  };
}

const ids = (store: AppStore, id = 'c1') => store.state.get().messages[id]?.map((m) => m.clientMsgId);

describe('AppStore message history', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('prefetches the newest page of every session at start, so opening one needs no request', async () => {
    const f = fakeServices();
    for (let i = 1; i <= HISTORY_PAGE + 50; i++) f.stored.push(message(`m${i}`, i));
    const store = new AppStore(f.api, f.link);
    await store.start();
    await vi.runAllTimersAsync();
    expect(f.api.listMessages).toHaveBeenCalledTimes(1);
    expect(ids(store)).toHaveLength(HISTORY_PAGE);
    expect(ids(store)?.at(-1)).toBe(`m${HISTORY_PAGE + 50}`);
    await store.select('c1');
    expect(f.api.listMessages).toHaveBeenCalledTimes(1);
  });

  it('keeps a message pushed while the history is loading', async () => {
    const f = fakeServices();
    f.stored.push(message('a', 1));
    const release = f.holdList();
    const store = new AppStore(f.api, f.link);
    const starting = store.start();
    await vi.advanceTimersByTimeAsync(0);
    f.push('messages.changed', { conversationId: 'c1', messages: [message('b', 2)] });
    release();
    await starting;
    await vi.advanceTimersByTimeAsync(0);
    expect(ids(store)).toEqual(['a', 'b']);
  });

  it('fetches the older page in front when asked, and stops at the first message', async () => {
    const f = fakeServices();
    for (let i = 1; i <= HISTORY_PAGE + 3; i++) f.stored.push(message(`m${i}`, i));
    const store = new AppStore(f.api, f.link);
    await store.start();
    await vi.runAllTimersAsync();
    expect(ids(store)?.[0]).toBe('m4');
    await store.loadOlder('c1');
    expect(f.api.listMessages).toHaveBeenLastCalledWith({ conversationId: 'c1', beforeSeq: 4, limit: HISTORY_PAGE });
    expect(ids(store)).toHaveLength(HISTORY_PAGE + 3);
    expect(ids(store)?.slice(0, 4)).toEqual(['m1', 'm2', 'm3', 'm4']);
    await store.loadOlder('c1');
    expect(f.api.listMessages).toHaveBeenCalledTimes(2);
  });

  it('re-fetches a history that stays behind the conversation list, asking for the whole gap', async () => {
    const f = fakeServices();
    f.stored.push(message('a', 1));
    const store = new AppStore(f.api, f.link);
    await store.start();
    await vi.runAllTimersAsync();
    // The hub stored more messages, but their pushes never reached us.
    const gap = HISTORY_PAGE - 20;
    for (let i = 2; i <= gap + 1; i++) f.stored.push(message(`m${i}`, i));
    f.push('conversations.changed', [conversation(gap + 1)]);
    expect(f.api.listMessages).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.api.listMessages).toHaveBeenCalledTimes(2);
    expect(f.api.listMessages).toHaveBeenLastCalledWith({ conversationId: 'c1', limit: HISTORY_PAGE + gap });
    expect(ids(store)).toHaveLength(gap + 1);
  });

  it('replaces a history that is more than a page behind with the newest page, keeping it contiguous', async () => {
    const f = fakeServices();
    f.stored.push(message('a', 1));
    const store = new AppStore(f.api, f.link);
    await store.start();
    await vi.runAllTimersAsync();
    const total = HISTORY_PAGE * 3;
    for (let i = 2; i <= total; i++) f.stored.push(message(`m${i}`, i));
    f.push('conversations.changed', [conversation(total)]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.api.listMessages).toHaveBeenLastCalledWith({ conversationId: 'c1', limit: HISTORY_PAGE });
    const held = store.state.get().messages['c1']!;
    expect(held).toHaveLength(HISTORY_PAGE);
    expect(held.map((m) => m.seq)).toEqual(Array.from({ length: HISTORY_PAGE }, (_, i) => total - HISTORY_PAGE + 1 + i));
    // Scrolling up fills in from there, without a hole.
    await store.loadOlder('c1');
    expect(store.state.get().messages['c1']!.map((m) => m.seq)).toEqual(Array.from({ length: HISTORY_PAGE * 2 }, (_, i) => total - HISTORY_PAGE * 2 + 1 + i));
  });

  it('does not re-fetch when the push arrives within the grace period', async () => {
    const f = fakeServices();
    f.stored.push(message('a', 1));
    const store = new AppStore(f.api, f.link);
    await store.start();
    await vi.runAllTimersAsync();
    f.push('conversations.changed', [conversation(2)]);
    f.push('messages.changed', { conversationId: 'c1', messages: [message('b', 2)] });
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.api.listMessages).toHaveBeenCalledTimes(1);
  });

  it('clears unread optimistically when a conversation is opened', async () => {
    const f = fakeServices();
    f.stored.push(message('a', 1));
    const store = new AppStore(f.api, f.link);
    await store.start();
    f.push('conversations.changed', [conversation(1, 3)]);
    expect(store.state.get().unreadTotal).toBe(3);
    await store.select('c1');
    expect(store.state.get().unreadTotal).toBe(0);
    expect(f.api.markRead).toHaveBeenCalledWith({ conversationId: 'c1' });
  });
});

describe('AppStore work context', () => {
  it('learns status and capacity from the directory, and follows status and pool pushes', async () => {
    const f = fakeServices();
    const store = new AppStore(f.api, f.link);
    await store.start();
    expect(store.state.get().agentStatus).toBe('busy');
    expect(store.state.get().directory?.agents[0]?.capacity).toBe(7);
    f.push('agentStatus.changed', { status: 'away' });
    expect(store.state.get().agentStatus).toBe('away');
    const item = { conversationId: 'c9', customerName: '李*', skillGroup: '开户', branchId: null, queuedAt: '2024-01-01T00:00:00Z', preview: '', reservedFor: null, canGrab: true, reason: null };
    f.push('pool.changed', [item]);
    expect(store.state.get().pool).toEqual([item]);
  });

  it('opens a grabbed chat', async () => {
    const f = fakeServices();
    const store = new AppStore(f.api, f.link);
    await store.start();
    expect(await store.grab('c2')).toBe('ok');
    expect(store.state.get().activeId).toBe('c2');
  });

  it('treats losing a grab race as calm news, not an error', async () => {
    const f = fakeServices({ grab: { ok: false, error: { code: 'ALREADY_TAKEN', message: 'taken' } } });
    const store = new AppStore(f.api, f.link);
    const errors: string[] = [];
    store.onError((e) => errors.push(e.code));
    await store.start();
    expect(await store.grab('c2')).toBe('taken');
    expect(errors).toEqual([]);
    expect(store.state.get().activeId).toBeNull();
  });

  it('reports other grab failures', async () => {
    const f = fakeServices({ grab: { ok: false, error: { code: 'CAPACITY_FULL', message: 'full' } } });
    const store = new AppStore(f.api, f.link);
    const errors: string[] = [];
    store.onError((e) => errors.push(e.code));
    await store.start();
    expect(await store.grab('c2')).toBe('failed');
    expect(errors).toEqual(['CAPACITY_FULL']);
  });
});

describe('AppStore startup notice', () => {
  it('shows what the services repaired at start until the agent dismisses it, and not again after a resync', async () => {
    const notice = { zh: '本地数据库已损坏,已移至备份并从中心重建', en: 'The local database was damaged; it was moved aside and rebuilt from the hub' };
    const f = fakeServices({ notice });
    const store = new AppStore(f.api, f.link);
    await store.start();
    expect(store.state.get().startupNotice).toEqual(notice);
    store.dismissStartupNotice();
    expect(store.state.get().startupNotice).toBeNull();
    await store.resync();
    expect(store.state.get().startupNotice).toBeNull();
  });

  it('has nothing to show after a clean start', async () => {
    const store = new AppStore(fakeServices().api, fakeServices().link);
    await store.start();
    expect(store.state.get().startupNotice).toBeNull();
  });
});
