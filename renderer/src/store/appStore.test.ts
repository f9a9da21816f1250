import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationView, MessageView, PushEventName, PushEvents, WorkstationApi } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import type { BridgeLink } from '../bridge/socketApi';
import { AppStore } from './appStore';

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

const conversation = (lastSeq: number, unread = 0): ConversationView => ({
  id: 'c1',
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
  unread,
});

function fakeServices() {
  const listeners = new Map<PushEventName, ((p: never) => void)[]>();
  const stored: MessageView[] = [];
  let listGate: Promise<void> = Promise.resolve();
  const api = {
    getSettings: () => ok({ locale: 'zh-CN', theme: 'light', fontScale: 100, enterToSend: true, sound: false, notifications: false }),
    getSession: () => ok({ user: { id: 'u1', role: 'agent', displayName: 'A', branchId: null }, connection: { state: 'online', hubUrl: null, embedded: true } }),
    listConversations: () => ok([conversation(stored.length)]),
    markRead: vi.fn(() => ok(null)),
    listMessages: vi.fn(async () => {
      const snapshot = stored.slice();
      await listGate;
      return { ok: true, value: snapshot } as Result<MessageView[]>;
    }),
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

describe('AppStore message history', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps a message pushed while the history is loading', async () => {
    const f = fakeServices();
    f.stored.push(message('a', 1));
    const store = new AppStore(f.api, f.link);
    await store.start();
    const release = f.holdList();
    const opening = store.select('c1');
    f.push('messages.changed', { conversationId: 'c1', messages: [message('b', 2)] });
    release();
    await opening;
    expect(store.state.get().messages['c1']?.map((m) => m.clientMsgId)).toEqual(['a', 'b']);
  });

  it('re-fetches a loaded history that stays behind the conversation list', async () => {
    const f = fakeServices();
    f.stored.push(message('a', 1));
    const store = new AppStore(f.api, f.link);
    await store.start();
    await store.select('c1');
    // The hub stored a second message, but its push never reached us.
    f.stored.push(message('b', 2));
    f.push('conversations.changed', [conversation(2)]);
    expect(f.api.listMessages).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.api.listMessages).toHaveBeenCalledTimes(2);
    expect(store.state.get().messages['c1']?.map((m) => m.clientMsgId)).toEqual(['a', 'b']);
  });

  it('does not re-fetch when the push arrives within the grace period', async () => {
    const f = fakeServices();
    f.stored.push(message('a', 1));
    const store = new AppStore(f.api, f.link);
    await store.start();
    await store.select('c1');
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
