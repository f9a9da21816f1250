import { describe, expect, it } from 'vitest';
import type { ConversationView, WorkstationApi } from '../../../shared/ipc/contract';
import type { BridgeLink } from '../bridge/socketApi';
import { AppStore } from '../store/appStore';
import { ownedConversations, ownedConversationsStore } from './ownedStore';

const conversation = (id: string, ownerId: string | null, unread = 0): ConversationView => ({
  id,
  customerId: 'C1',
  customerName: '张*',
  branchId: 'BR-SH01',
  channel: 'h5',
  skillGroup: '开户',
  state: 'active',
  ownerId,
  lastSeq: 0,
  lastMessagePreview: '',
  lastMessageAt: null,
  createdAt: '2024-05-01T00:00:00Z',
  firstResponseDueAt: null,
  replyDueAt: null,
  ticket: null,
  unread,
});

function realStore() {
  const calls: string[] = [];
  const api = {
    markRead: ({ conversationId }: { conversationId: string }) => {
      calls.push(`markRead:${conversationId}`);
      return Promise.resolve({ ok: true, value: null });
    },
    listMessages: ({ conversationId }: { conversationId: string }) => {
      calls.push(`listMessages:${conversationId}`);
      return Promise.resolve({ ok: true, value: [] });
    },
  } as unknown as WorkstationApi;
  const store = new AppStore(api, {} as BridgeLink);
  return { store, calls };
}

describe('ownedConversations', () => {
  it('keeps the previous array while the owned conversations are the same objects', () => {
    const mine = conversation('a', 'lead-sh');
    const first = ownedConversations([mine, conversation('b', 'agent01')], 'lead-sh');
    expect(first).toEqual([mine]);
    expect(ownedConversations([conversation('c', null), mine], 'lead-sh', first)).toBe(first);
    expect(ownedConversations([{ ...mine, unread: 1 }], 'lead-sh', first)).not.toBe(first);
  });
});

describe('ownedConversationsStore', () => {
  it("shows only the lead's own chats and their unread total, and stays stable between reads", () => {
    const { store } = realStore();
    const view = ownedConversationsStore(store, 'lead-sh');
    store.state.set({ conversations: [conversation('a', 'agent01', 3), conversation('b', 'lead-sh', 2), conversation('c', 'lead-sh', 1)], unreadTotal: 6 });
    const shown = view.state.get();
    expect(shown.conversations.map((c) => c.id)).toEqual(['b', 'c']);
    expect(shown.unreadTotal).toBe(3);
    expect(view.state.get()).toBe(shown);
    // An unrelated change elsewhere in the state keeps the filtered list (memoised selectors do not re-render).
    store.state.set({ activeId: 'x' });
    expect(view.state.get().conversations).toBe(shown.conversations);
    expect(view.state.get().activeId).toBe('x');
  });

  it('follows ownership: a chat taken over appears, one handed back disappears', () => {
    const { store } = realStore();
    const view = ownedConversationsStore(store, 'lead-sh');
    store.state.set({ conversations: [conversation('a', 'agent01')] });
    expect(view.state.get().conversations).toEqual([]);
    store.state.set({ conversations: [conversation('a', 'lead-sh')] });
    expect(view.state.get().conversations.map((c) => c.id)).toEqual(['a']);
    store.state.set({ conversations: [conversation('a', 'agent02')] });
    expect(view.state.get().conversations).toEqual([]);
  });

  it('acts on the real store: selecting through the view changes the shared state and calls the services', async () => {
    const { store, calls } = realStore();
    const view = ownedConversationsStore(store, 'lead-sh');
    store.state.set({ conversations: [conversation('b', 'lead-sh', 2)] });
    let notified = 0;
    const unsubscribe = view.state.subscribe(() => notified++);
    await view.select('b');
    unsubscribe();
    expect(store.state.get().activeId).toBe('b');
    expect(store.state.get().conversations[0]!.unread).toBe(0);
    expect(calls).toEqual(['markRead:b', 'listMessages:b']);
    expect(notified).toBeGreaterThan(0);
  });
});
