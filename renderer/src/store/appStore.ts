/**
 * The renderer's state, fed by the services' push events and by request results. Components read it through
 * `useApp(selector)` and call the actions here; nothing in a component talks to the api for shared state.
 */
import {
  DEFAULT_SETTINGS,
  type ConnectionStatus,
  type ConversationView,
  type MessageView,
  type RequestInput,
  type Settings,
  type WorkstationApi,
} from '../../../shared/ipc/contract';
import type { User } from '../../../shared/protocol/hub';
import type { AppError, Result } from '../../../shared/result';
import type { BridgeLink, LinkState } from '../bridge/socketApi';
import { DraftKeeper } from './drafts';
import { mergeMessages } from './messages';
import { createStore, type Store } from './store';

export interface AppState {
  /** 'loading' until settings and session are known. */
  boot: 'loading' | 'ready';
  user: User | null;
  connection: ConnectionStatus;
  link: { state: LinkState; detail?: string };
  settings: Settings;
  conversations: ConversationView[];
  unreadTotal: number;
  activeId: string | null;
  /** Loaded histories, by conversation; absent until opened. */
  messages: Readonly<Record<string, MessageView[]>>;
  loadingMessages: Readonly<Record<string, boolean>>;
  /** Whether the customer is typing, by conversation. */
  customerTyping: Readonly<Record<string, boolean>>;
}

const initialState: AppState = {
  boot: 'loading',
  user: null,
  connection: { state: 'signedOut', hubUrl: null, embedded: true },
  link: { state: 'connecting' },
  settings: DEFAULT_SETTINGS,
  conversations: [],
  unreadTotal: 0,
  activeId: null,
  messages: {},
  loadingMessages: {},
  customerTyping: {},
};

/** Up to this many messages are loaded when a conversation opens; Virtuoso keeps it smooth. */
export const HISTORY_LIMIT = 20_000;
/** A typing indicator whose "off" never arrives is hidden after this long. */
const TYPING_EXPIRY_MS = 8000;
/** How long a loaded history may lag behind the conversation's lastSeq before it is fetched again. */
const RECONCILE_GRACE_MS = 1500;

export type ErrorListener = (error: AppError, context: string) => void;

export class AppStore {
  readonly state: Store<AppState> = createStore(initialState);
  readonly drafts: DraftKeeper;
  private readonly errorListeners = new Set<ErrorListener>();
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly unsubscribers: (() => void)[] = [];
  private readonly reconcileTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    readonly api: WorkstationApi,
    private readonly link: BridgeLink,
  ) {
    this.drafts = new DraftKeeper(api, (e) => this.report(e, 'drafts'));
  }

  /** Subscribes to pushes and loads settings and session; call once. */
  async start(): Promise<void> {
    const { api, link } = this;
    const s = this.state;
    this.unsubscribers.push(
      link.subscribe(() => s.set({ link: { state: link.getState(), detail: link.getDetail() } })),
      link.onReconnected(() => void this.resync()),
      api.on('connection.changed', (connection) => s.set({ connection })),
      api.on('conversations.changed', (conversations) => {
        s.set({ conversations, unreadTotal: sumUnread(conversations) });
        this.reconcileHistories();
      }),
      api.on('unread.changed', ({ total }) => s.set({ unreadTotal: total })),
      api.on('messages.changed', ({ conversationId, messages }) => this.applyMessages(conversationId, messages)),
      api.on('typing.changed', (t) => {
        if (t.senderKind === 'customer') this.setCustomerTyping(t.conversationId, t.typing);
      }),
    );
    s.set({ link: { state: link.getState(), detail: link.getDetail() } });
    await this.resync();
  }

  stop(): void {
    for (const u of this.unsubscribers.splice(0)) u();
    for (const t of this.typingTimers.values()) clearTimeout(t);
    for (const t of this.reconcileTimers.values()) clearTimeout(t);
  }

  /**
   * Self-healing for loaded histories: when the conversation list says the hub holds a newer message than the loaded
   * history shows (a push raced the first load, or was lost in a reconnect), fetch the history again after a short
   * grace period, in which the normal push usually arrives.
   */
  private reconcileHistories(): void {
    const st = this.state.get();
    for (const c of st.conversations) {
      const loaded = st.messages[c.id];
      if (!loaded || st.loadingMessages[c.id] || this.reconcileTimers.has(c.id)) continue;
      if (c.lastSeq <= lastSeqOf(loaded)) continue;
      this.reconcileTimers.set(
        c.id,
        setTimeout(() => {
          this.reconcileTimers.delete(c.id);
          const now = this.state.get();
          const conv = now.conversations.find((x) => x.id === c.id);
          const list = now.messages[c.id];
          if (conv && list && conv.lastSeq > lastSeqOf(list)) void this.loadMessages(c.id);
        }, RECONCILE_GRACE_MS),
      );
    }
  }

  onError(listener: ErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Shows a failed result to the user (the shell turns this into a notification); returns the value or null. */
  unwrap<T>(result: Result<T>, context: string): T | null {
    if (result.ok) return result.value;
    this.report(result.error, context);
    return null;
  }

  report(error: AppError, context: string): void {
    for (const l of [...this.errorListeners]) l(error, context);
  }

  /** (Re)loads everything from the services: at start and after the bridge reconnects. */
  async resync(): Promise<void> {
    const s = this.state;
    const [settings, session] = await Promise.all([this.api.getSettings({}), this.api.getSession({})]);
    if (settings.ok) s.set({ settings: settings.value });
    else this.report(settings.error, 'settings');
    if (session.ok) s.set({ user: session.value.user, connection: session.value.connection });
    else this.report(session.error, 'session');
    s.set({ boot: 'ready' });
    if (!s.get().user) {
      // The services may have restarted without our session: drop the view state, but keep unsaved drafts in memory
      // so they are written once the agent signs in again.
      this.clearSession({ keepDrafts: true });
      return;
    }
    await Promise.all([this.loadConversations(), this.drafts.flushAll()]);
    const active = s.get().activeId;
    if (active) await this.loadMessages(active);
  }

  async signIn(input: RequestInput<'signIn'>): Promise<Result<unknown>> {
    const result = await this.api.signIn(input);
    if (result.ok) {
      this.state.set({ user: result.value.user, connection: result.value.connection, activeId: null, messages: {} });
      await Promise.all([this.loadConversations(), this.drafts.flushAll()]);
    }
    return result;
  }

  async signOut(): Promise<void> {
    await this.drafts.flushAll();
    const result = await this.api.signOut({});
    if (!result.ok) {
      this.report(result.error, 'signOut');
      return;
    }
    this.clearSession({ keepDrafts: false });
    this.state.set({ connection: { ...this.state.get().connection, state: 'signedOut' } });
  }

  private clearSession({ keepDrafts }: { keepDrafts: boolean }): void {
    if (!keepDrafts) this.drafts.reset();
    this.state.set({ user: null, conversations: [], unreadTotal: 0, activeId: null, messages: {}, loadingMessages: {}, customerTyping: {} });
  }

  async loadConversations(): Promise<void> {
    const list = this.unwrap(await this.api.listConversations({}), 'conversations');
    if (list) this.state.set({ conversations: list, unreadTotal: sumUnread(list) });
  }

  /** Opens a conversation: flushes the previous draft, marks read, loads history the first time. */
  async select(conversationId: string): Promise<void> {
    const previous = this.state.get().activeId;
    if (previous && previous !== conversationId) void this.drafts.flush(previous);
    this.state.set({ activeId: conversationId });
    void this.markRead(conversationId);
    if (!this.state.get().messages[conversationId]) await this.loadMessages(conversationId);
  }

  async markRead(conversationId: string): Promise<void> {
    const conv = this.state.get().conversations.find((c) => c.id === conversationId);
    if (conv && conv.unread === 0) return;
    // Optimistic: the badge clears at once; the services' push confirms it.
    this.state.set((st) => {
      const conversations = st.conversations.map((c) => (c.id === conversationId ? { ...c, unread: 0 } : c));
      return { conversations, unreadTotal: sumUnread(conversations) };
    });
    this.unwrap(await this.api.markRead({ conversationId }), 'markRead');
  }

  async loadMessages(conversationId: string): Promise<void> {
    const s = this.state;
    s.set((st) => ({ loadingMessages: { ...st.loadingMessages, [conversationId]: true } }));
    const result = await this.api.listMessages({ conversationId, limit: HISTORY_LIMIT });
    s.set((st) => ({ loadingMessages: { ...st.loadingMessages, [conversationId]: false } }));
    const list = this.unwrap(result, 'messages');
    if (!list) return;
    // Pushes that arrived while loading are newer than the snapshot: merge them on top.
    s.set((st) => {
      const pushed = st.messages[conversationId] ?? [];
      return { messages: { ...st.messages, [conversationId]: mergeMessages(mergeMessages([], list), pushed) } };
    });
  }

  applyMessages(conversationId: string, incoming: MessageView[]): void {
    this.state.set((st) => {
      const current = st.messages[conversationId];
      // Histories not opened yet are loaded in full when opened; only track them if a load is in flight.
      if (!current && !st.loadingMessages[conversationId]) return {};
      const merged = mergeMessages(current ?? [], incoming);
      return merged === current ? {} : { messages: { ...st.messages, [conversationId]: merged } };
    });
  }

  async send(conversationId: string, text: string): Promise<boolean> {
    const clientMsgId = newClientMsgId();
    const result = await this.api.sendMessage({ conversationId, text, clientMsgId });
    const message = this.unwrap(result, 'send');
    if (!message) return false;
    this.applyMessages(conversationId, [message]);
    await this.drafts.clear(conversationId);
    return true;
  }

  async retry(clientMsgId: string): Promise<void> {
    this.unwrap(await this.api.retryMessage({ clientMsgId }), 'retry');
  }

  async updateSettings(patch: Partial<Settings>): Promise<void> {
    const before = this.state.get().settings;
    this.state.set({ settings: { ...before, ...patch } });
    const saved = this.unwrap(await this.api.updateSettings(patch), 'settings');
    this.state.set({ settings: saved ?? before });
  }

  private setCustomerTyping(conversationId: string, typing: boolean): void {
    const existing = this.typingTimers.get(conversationId);
    if (existing) clearTimeout(existing);
    this.typingTimers.delete(conversationId);
    if (typing) {
      this.typingTimers.set(
        conversationId,
        setTimeout(() => this.setCustomerTyping(conversationId, false), TYPING_EXPIRY_MS),
      );
    }
    this.state.set((st) => ({ customerTyping: { ...st.customerTyping, [conversationId]: typing } }));
  }
}

/** The highest hub sequence in a sorted history (messages without a seq sort last). */
export function lastSeqOf(list: readonly MessageView[]): number {
  for (let i = list.length - 1; i >= 0; i--) {
    const seq = list[i]!.seq;
    if (seq !== null) return seq;
  }
  return 0;
}

export function sumUnread(conversations: readonly ConversationView[]): number {
  return conversations.reduce((n, c) => n + c.unread, 0);
}

/** Client message ids make a retried send idempotent at the hub (letters, digits, - and _ only). */
export function newClientMsgId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return `m-${crypto.randomUUID()}`;
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
