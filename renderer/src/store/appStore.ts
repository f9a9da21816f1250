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
import type { AgentStatusChoice, Directory, PoolItem, User } from '../../../shared/protocol/hub';
import type { AppError, Result } from '../../../shared/result';
import type { BridgeLink, LinkState } from '../bridge/socketApi';
import { reuseUnchanged } from './conversations';
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
  /** Chats waiting in the grab pool that this agent may see (pushed by the hub). */
  pool: PoolItem[];
  /** The agent's service status as the hub holds it; null until known. */
  agentStatus: AgentStatus | null;
  /** Skill groups and colleagues for transfers, and this agent's capacity; null until loaded. */
  directory: Directory | null;
  /** Histories whose older page is being fetched. */
  loadingOlder: Readonly<Record<string, boolean>>;
  /** What the services had to tell at start (a damaged local database moved aside and rebuilt); null once dismissed. */
  startupNotice: { zh: string; en: string } | null;
}

export type AgentStatus = AgentStatusChoice | 'offline';

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
  pool: [],
  agentStatus: null,
  directory: null,
  loadingOlder: {},
  startupNotice: null,
};

/**
 * A history is held as its newest page first (prefetched for every session so that switching is instant); older
 * pages are fetched when the agent scrolls up. A refresh after a gap asks for the gap plus a page.
 */
export const HISTORY_PAGE = 200;
export const HISTORY_MAX = 20_000;
/** Background prefetch of session tails: how many run at once, so a reconnect does not flood the bridge. */
const PREFETCH_CONCURRENCY = 2;
/** A typing indicator whose "off" never arrives is hidden after this long. */
const TYPING_EXPIRY_MS = 8000;
/** How long a loaded history may lag behind the conversation's lastSeq before it is fetched again. */
const RECONCILE_GRACE_MS = 1500;

export type ErrorListener = (error: AppError, context: string) => void;

export class AppStore {
  readonly state: Store<AppState> = createStore(initialState);
  readonly drafts: DraftKeeper;
  private readonly errorListeners = new Set<ErrorListener>();
  private noticeDismissed = false;
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
      api.on('connection.changed', (connection) => {
        const wasOnline = s.get().connection.state === 'online';
        s.set({ connection });
        // The hub link (re)opened: the pool, the directory and the status may have changed meanwhile.
        if (connection.state === 'online' && !wasOnline) void this.loadWorkContext();
      }),
      api.on('conversations.changed', (pushed) => {
        const conversations = reuseUnchanged(s.get().conversations, pushed);
        s.set({ conversations, unreadTotal: sumUnread(conversations) });
        this.reconcileHistories();
        this.prefetchHistories();
      }),
      api.on('pool.changed', (pool) => s.set({ pool })),
      api.on('agentStatus.changed', ({ status }) => s.set({ agentStatus: status })),
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

  private readonly prefetchQueue: string[] = [];
  private prefetchRunning = 0;

  /**
   * Loads the newest page of every session not loaded yet, a couple at a time, so that Ctrl+1…9 and Ctrl+↑/↓ paint
   * the conversation from memory instead of waiting for the services.
   */
  private prefetchHistories(): void {
    const st = this.state.get();
    for (const c of st.conversations) {
      if (st.messages[c.id] || st.loadingMessages[c.id] || this.prefetchQueue.includes(c.id)) continue;
      this.prefetchQueue.push(c.id);
    }
    while (this.prefetchRunning < PREFETCH_CONCURRENCY && this.prefetchQueue.length > 0) {
      const id = this.prefetchQueue.shift()!;
      const now = this.state.get();
      if (now.messages[id] || now.loadingMessages[id] || !now.conversations.some((c) => c.id === id)) continue;
      this.prefetchRunning++;
      void this.loadMessages(id, { quiet: true }).finally(() => {
        this.prefetchRunning--;
        this.prefetchHistories();
      });
    }
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

  /** The agent has read the startup notice: it stays hidden for the rest of this run, across reconnects. */
  dismissStartupNotice(): void {
    this.noticeDismissed = true;
    this.state.set({ startupNotice: null });
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
    if (session.ok) {
      s.set({ user: session.value.user, connection: session.value.connection });
      if (session.value.notice && !this.noticeDismissed) s.set({ startupNotice: session.value.notice });
    }
    else this.report(session.error, 'session');
    s.set({ boot: 'ready' });
    if (!s.get().user) {
      // The services may have restarted without our session: drop the view state, but keep unsaved drafts in memory
      // so they are written once the agent signs in again.
      this.clearSession({ keepDrafts: true });
      return;
    }
    await Promise.all([this.loadConversations(), this.drafts.flushAll(), this.loadWorkContext()]);
    const active = s.get().activeId;
    if (active) await this.loadMessages(active);
  }

  /** The pool, the directory and this agent's status: best effort, since the hub may still be connecting. */
  async loadWorkContext(): Promise<void> {
    const user = this.state.get().user;
    if (!user || user.role === 'qa') return;
    const [pool, directory] = await Promise.all([user.role === 'agent' ? this.api.listPool({}) : null, this.api.getDirectory({})]);
    if (pool?.ok) this.state.set({ pool: pool.value });
    if (directory?.ok) {
      const me = directory.value.agents.find((a) => a.id === user.id);
      this.state.set((st) => ({ directory: directory.value, agentStatus: st.agentStatus ?? (me ? (me.status as AgentStatus) : null) }));
    }
  }

  async signIn(input: RequestInput<'signIn'>): Promise<Result<unknown>> {
    const result = await this.api.signIn(input);
    if (result.ok) {
      this.state.set({ user: result.value.user, connection: result.value.connection, activeId: null, messages: {}, pool: [], directory: null, agentStatus: null });
      await Promise.all([this.loadConversations(), this.drafts.flushAll()]);
      // The hub link comes up just after sign-in; the pool and status also arrive by push once it does.
      void this.loadWorkContext();
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
    this.prefetchQueue.length = 0;
    this.state.set({
      user: null,
      conversations: [],
      unreadTotal: 0,
      activeId: null,
      messages: {},
      loadingMessages: {},
      loadingOlder: {},
      customerTyping: {},
      pool: [],
      agentStatus: null,
      directory: null,
    });
  }

  async loadConversations(): Promise<void> {
    const list = this.unwrap(await this.api.listConversations({}), 'conversations');
    if (!list) return;
    const conversations = reuseUnchanged(this.state.get().conversations, list);
    this.state.set({ conversations, unreadTotal: sumUnread(conversations) });
    this.prefetchHistories();
  }

  /** Opens a conversation: flushes the previous draft, marks read, loads history the first time. */
  async select(conversationId: string): Promise<void> {
    const previous = this.state.get().activeId;
    if (previous && previous !== conversationId) void this.drafts.flush(previous);
    this.state.set({ activeId: conversationId });
    void this.markRead(conversationId);
    const st = this.state.get();
    // Usually prefetched already; a prefetch in flight fills it too.
    if (!st.messages[conversationId] && !st.loadingMessages[conversationId]) await this.loadMessages(conversationId);
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

  /**
   * Loads the newest messages of a conversation and merges them with what is held. When the held copy is behind by
   * up to a page, the request covers the gap so nothing is missing in between; when it is further behind (a long
   * time offline, or the services still catching up after sign-in), the newest page replaces it, and older pages load
   * as the agent scrolls up: the history stays contiguous and memory stays bounded.
   */
  async loadMessages(conversationId: string, options: { quiet?: boolean } = {}): Promise<void> {
    const s = this.state;
    const st = s.get();
    const held = st.messages[conversationId];
    const conv = st.conversations.find((c) => c.id === conversationId);
    const behind = held && conv ? Math.max(0, conv.lastSeq - lastSeqOf(held)) : 0;
    const replace = behind > HISTORY_PAGE;
    const limit = replace ? HISTORY_PAGE : HISTORY_PAGE + behind;
    s.set((now) => ({ loadingMessages: { ...now.loadingMessages, [conversationId]: true } }));
    const result = await this.api.listMessages({ conversationId, limit });
    s.set((now) => ({ loadingMessages: { ...now.loadingMessages, [conversationId]: false } }));
    if (!result.ok) {
      // A background prefetch that fails (hub or services restarting) is retried on open; no toast for it.
      if (!options.quiet) this.report(result.error, 'messages');
      return;
    }
    const newest = lastSeqOf(result.value);
    s.set((now) => {
      const current = now.messages[conversationId] ?? [];
      // Unsent messages and pushes newer than the answer are kept; a stale tail is dropped when replacing.
      const base = replace ? current.filter((m) => m.seq === null || m.seq > newest) : current;
      return { messages: { ...now.messages, [conversationId]: mergeMessages(base, result.value) } };
    });
  }

  /** Fetches the page before the oldest message held (the agent scrolled to the top). */
  async loadOlder(conversationId: string): Promise<void> {
    const s = this.state;
    const held = s.get().messages[conversationId];
    const oldest = held ? firstSeqOf(held) : null;
    if (!held || oldest === null || oldest <= 1 || s.get().loadingOlder[conversationId]) return;
    s.set((now) => ({ loadingOlder: { ...now.loadingOlder, [conversationId]: true } }));
    const result = await this.api.listMessages({ conversationId, beforeSeq: oldest, limit: HISTORY_PAGE });
    s.set((now) => ({ loadingOlder: { ...now.loadingOlder, [conversationId]: false } }));
    const page = this.unwrap(result, 'messages');
    if (!page || page.length === 0) return;
    s.set((now) => ({ messages: { ...now.messages, [conversationId]: mergeMessages(now.messages[conversationId] ?? [], page) } }));
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

  async setAgentStatus(status: AgentStatusChoice): Promise<boolean> {
    if (!this.accepted(await this.api.setAgentStatus({ status }), 'agentStatus')) return false;
    // The hub also pushes the change (to every window of this agent); setting it here avoids a flicker.
    this.state.set({ agentStatus: status });
    return true;
  }

  async loadPool(): Promise<void> {
    const pool = this.unwrap(await this.api.listPool({}), 'pool');
    if (pool) this.state.set({ pool });
  }

  /**
   * Grabs a waiting chat. Losing the race is normal in a grab pool, so 'taken' is returned for the caller to say so
   * calmly instead of raising an error; the pool refreshes either way.
   */
  async grab(conversationId: string): Promise<'ok' | 'taken' | 'failed'> {
    const result = await this.api.grabConversation({ conversationId });
    if (!result.ok) {
      // Whatever the outcome, the entry is stale for us now; the hub's push brings the fresh pool.
      this.state.set((st) => ({ pool: st.pool.filter((p) => p.conversationId !== conversationId || result.error.code !== 'ALREADY_TAKEN') }));
      if (result.error.code === 'ALREADY_TAKEN' || result.error.code === 'INVALID_TRANSITION' || result.error.code === 'NOT_FOUND') return 'taken';
      this.report(result.error, 'grab');
      return 'failed';
    }
    this.state.set((st) => ({ pool: st.pool.filter((p) => p.conversationId !== conversationId) }));
    await this.loadConversations();
    await this.select(conversationId);
    return 'ok';
  }

  async loadDirectory(): Promise<Directory | null> {
    const directory = this.unwrap(await this.api.getDirectory({}), 'directory');
    if (directory) this.state.set({ directory });
    return directory;
  }

  /** Ticket actions; each answers whether the hub accepted it (a refusal is shown with the hub's reason). */
  async transfer(input: RequestInput<'transferConversation'>): Promise<boolean> {
    return this.accepted(await this.api.transferConversation(input), 'transfer');
  }

  async escalate(input: RequestInput<'escalateConversation'>): Promise<boolean> {
    return this.accepted(await this.api.escalateConversation(input), 'escalate');
  }

  async resolve(input: RequestInput<'resolveConversation'>): Promise<boolean> {
    return this.accepted(await this.api.resolveConversation(input), 'resolve');
  }

  async close(input: RequestInput<'closeConversation'>): Promise<boolean> {
    return this.accepted(await this.api.closeConversation(input), 'close');
  }

  private accepted(result: Result<unknown>, context: string): boolean {
    if (result.ok) return true;
    this.report(result.error, context);
    return false;
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

/** The lowest hub sequence held (null when nothing acknowledged is held). */
export function firstSeqOf(list: readonly MessageView[]): number | null {
  for (const m of list) if (m.seq !== null) return m.seq;
  return null;
}

export function sumUnread(conversations: readonly ConversationView[]): number {
  return conversations.reduce((n, c) => n + c.unread, 0);
}

/** Client message ids make a retried send idempotent at the hub (letters, digits, - and _ only). */
export function newClientMsgId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return `m-${crypto.randomUUID()}`;
  return `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
