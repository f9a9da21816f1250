import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type {
  AppInfo,
  ConnectionStatus,
  ConversationView,
  MessageView,
  PushEvents,
  WorkstationHandlers,
} from '../../shared/ipc/contract';
import type { ConversationSummary, DemoAccount, Directory, LoginResponse, Message, PoolItem, SendAck, TransitionView, User } from '../../shared/protocol/hub';
import { AppFailure } from '../../shared/result';
import type { LocalDb } from './local/open';
import { getSettings, getSetting, setSetting, updateSettings } from './local/settings';
import { getDraft, saveDraft } from './local/drafts';
import {
  enqueueOutbox,
  getOutboxItem,
  listOutbox,
  markOutboxAttempt,
  markOutboxFailed,
  markOutboxPending,
  removeOutboxItem,
  discardFailedOutboxItem,
  type OutboxItem,
} from './local/outbox';
import {
  cacheMessages,
  lastCachedSeq,
  listCachedConversations,
  listCachedMessages,
  markConversationRead,
  removeConversationsExcept,
  upsertConversationSummary,
  type CachedMessage,
} from './local/messageCache';
import { HubConnection } from './hubConnection';
import { KnowledgeIndex } from './knowledge/index';
import { syncKnowledge } from './knowledge/sync';
import { formatQuote, type Article } from '../../shared/knowledge/article';
import type { Contribution } from '../../shared/knowledge/contribution';
import type { KnowledgeSyncStatus } from '../../shared/ipc/contract';
import type { TokenVault } from './tokenVault';

export interface WorkstationDeps {
  db: LocalDb;
  mode: AppInfo['mode'];
  version: string;
  dataDir: string;
  tokenVault: TokenVault;
  /** The hub to use when the agent does not name one: the embedded hub, started on first use. */
  defaultHubUrl: () => Promise<string>;
  embeddedHubUrl?: () => string | null;
  /** Shown once to the agent, e.g. that a damaged local database was moved aside and rebuilt from the hub. */
  startupNotice?: { zh: string; en: string } | null;
}

export interface Workstation {
  handlers: WorkstationHandlers;
  events: EventEmitter<{ [E in keyof PushEvents]: [PushEvents[E]] }>;
  /** Resolves once a stored session has been resumed (or there was none). */
  ready: Promise<void>;
  close(): void;
}

const HUB_URL_KEY = 'hubUrl';
const USER_KEY = 'user';
const SYNC_PAGE = 1000;
const EMBEDDED = 'embedded';

/**
 * The workstation's services behind the IPC contract: sign-in, the hub link, the message cache and the outbox.
 * Runs under plain Node (browser mode, tests) and inside Electron's main process alike; it never imports electron.
 */
export function createWorkstation(deps: WorkstationDeps): Workstation {
  const { db } = deps;
  const events = new EventEmitter<{ [E in keyof PushEvents]: [PushEvents[E]] }>();
  let hub: HubConnection | null = null;
  let user: User | null = null;
  let flushing = false;
  let closed = false;
  const knowledge = new KnowledgeIndex(db);
  let knowledgeStatus: KnowledgeSyncStatus = { status: 'never', articles: knowledge.count(), lastSyncAt: null };
  let knowledgeTimer: NodeJS.Timeout | null = null;

  /** Pulls knowledge changes from the hub into the local index; search keeps working offline on what it has. */
  async function refreshKnowledge(): Promise<KnowledgeSyncStatus> {
    const link = hub;
    if (!link?.online) {
      knowledgeStatus = { ...knowledgeStatus, status: knowledgeStatus.status === 'never' ? 'never' : 'offline', articles: knowledge.count() };
      return knowledgeStatus;
    }
    const outcome = await syncKnowledge(knowledge, async (cursor) => {
      const page = await link.request<{ articles: Article[]; cursor: number }>('kb.changes', { cursor });
      if (!page.ok) throw new Error(page.error.message);
      return page.value;
    });
    knowledgeStatus = {
      status: outcome.status,
      articles: knowledge.count(),
      lastSyncAt: new Date().toISOString(),
      ...(outcome.status === 'offline' ? { error: outcome.error } : {}),
    };
    events.emit('knowledge.synced', knowledgeStatus);
    return knowledgeStatus;
  }

  const connectionStatus = (): ConnectionStatus => ({
    state: !user ? 'signedOut' : !hub ? 'offline' : hub.state,
    hubUrl: hub?.url ?? null,
    embedded: !!hub && deps.embeddedHubUrl?.() === hub.url,
    ...(hub?.detail ? { detail: hub.detail } : {}),
  });

  const emitConnection = () => events.emit('connection.changed', connectionStatus());

  function conversationViews(): ConversationView[] {
    return listCachedConversations(db)
      .filter((c) => !user || c.summary.ownerId === user.id || user.role === 'lead')
      .map((c) => ({ ...c.summary, unread: c.unread }));
  }

  function emitConversations() {
    const list = conversationViews();
    events.emit('conversations.changed', list);
    events.emit('unread.changed', { total: list.reduce((n, c) => n + c.unread, 0) });
  }

  const cachedToView = (m: CachedMessage): MessageView => ({
    clientMsgId: m.clientMsgId,
    conversationId: m.conversationId,
    seq: m.seq,
    senderKind: m.senderKind,
    senderName: m.senderName,
    kind: m.kind,
    text: m.text,
    at: m.at,
    status: 'sent',
    ...(m.payload === undefined ? {} : { payload: m.payload }),
  });

  const outboxToView = (o: OutboxItem): MessageView => ({
    clientMsgId: o.clientMsgId,
    conversationId: o.conversationId,
    seq: null,
    senderKind: user?.role === 'lead' ? 'lead' : 'agent',
    senderName: user?.displayName ?? '',
    kind: o.kind === 'text' ? 'text' : 'card',
    text: o.text,
    at: o.createdAt,
    status: o.status,
    ...(o.error ? { error: o.error } : {}),
    ...(o.errorCode ? { errorCode: o.errorCode, errorDetails: o.errorDetails } : {}),
    ...(o.kind !== 'text' && o.payload ? { payload: { pending: true, ...o.payload } } : {}),
  });

  function storeHubMessages(messages: readonly Message[]) {
    if (messages.length === 0) return;
    db.transaction(() => {
      cacheMessages(db, messages);
      // A message of ours that the hub has stored leaves the outbox in the same transaction.
      for (const m of messages) removeOutboxItem(db, m.clientMsgId);
    })();
    const byConversation = new Map<string, MessageView[]>();
    for (const m of messages) {
      const list = byConversation.get(m.conversationId) ?? [];
      list.push(cachedToView(m));
      byConversation.set(m.conversationId, list);
    }
    for (const [conversationId, views] of byConversation) events.emit('messages.changed', { conversationId, messages: views });
  }

  const catchingUp = new Map<string, Promise<void>>();

  /** Pages from the last sequence we hold until the hub has nothing newer: after any reconnect nothing is missed. */
  function catchUp(link: HubConnection, c: ConversationSummary): Promise<void> {
    const running = catchingUp.get(c.id);
    if (running) return running.then(() => (lastCachedSeq(db, c.id) < c.lastSeq ? catchUp(link, c) : undefined));
    const job = (async () => {
      for (;;) {
        const after = lastCachedSeq(db, c.id);
        if (after >= c.lastSeq) return;
        const page = await link.request<Message[]>('conv.sync', { conversationId: c.id, afterSeq: after });
        if (!page.ok || link !== hub || closed) return;
        storeHubMessages(page.value);
        if (page.value.length < SYNC_PAGE) return;
      }
    })().finally(() => catchingUp.delete(c.id));
    catchingUp.set(c.id, job);
    return job;
  }

  async function resync(link: HubConnection) {
    if (closed) return;
    const list = await link.request<ConversationSummary[]>('conv.list', {});
    if (!list.ok || link !== hub) return;
    db.transaction(() => {
      for (const c of list.value) upsertConversationSummary(db, c);
      removeConversationsExcept(db, list.value.map((c) => c.id));
    })();
    for (const c of list.value) await catchUp(link, c);
    emitConversations();
    await flushOutbox();
    await refreshKnowledge();
  }

  /** The hub request that carries an outbox item, by kind. */
  function hubRequestFor(item: OutboxItem): { event: string; payload: Record<string, unknown> } {
    const base = { conversationId: item.conversationId, clientMsgId: item.clientMsgId };
    if (item.kind === 'product') return { event: 'product.push', payload: { ...base, ...item.payload } };
    if (item.kind === 'card') return { event: 'card.send', payload: { ...base, ...item.payload } };
    return { event: 'msg.send', payload: { ...base, text: item.text, ...(item.payload?.ack ? { ack: item.payload.ack } : {}) } };
  }

  async function deliver(item: OutboxItem): Promise<void> {
    const link = hub;
    if (!link?.online) return;
    markOutboxAttempt(db, item.clientMsgId);
    const request = hubRequestFor(item);
    const result = await link.request<SendAck>(request.event, request.payload);
    if (result.ok) {
      // The hub's copy arrives as msg.new (cards carry their payload); for text we can store it at once.
      if (item.kind === 'text') {
        storeHubMessages([
          {
            id: result.value.messageId,
            conversationId: item.conversationId,
            seq: result.value.seq,
            clientMsgId: item.clientMsgId,
            senderKind: user?.role === 'lead' ? 'lead' : 'agent',
            senderId: user?.id ?? '',
            senderName: user?.displayName ?? '',
            kind: 'text',
            text: item.text,
            at: result.value.at,
          },
        ]);
      } else {
        const page = await link.request<Message[]>('conv.sync', { conversationId: item.conversationId, afterSeq: result.value.seq - 1 });
        if (page.ok) storeHubMessages(page.value.filter((m) => m.seq === result.value.seq));
      }
      return;
    }
    if (result.error.code === 'UNAVAILABLE') return; // stays pending; the next reconnect retries it
    markOutboxFailed(db, item.clientMsgId, result.error);
    const failed = getOutboxItem(db, item.clientMsgId);
    if (failed) events.emit('messages.changed', { conversationId: item.conversationId, messages: [outboxToView(failed)] });
  }

  /** Sends every pending outbox item in the order the agent pressed Send. */
  async function flushOutbox(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      for (const item of listOutbox(db, { status: 'pending' })) {
        if (!hub?.online) break;
        await deliver(item);
      }
    } finally {
      flushing = false;
    }
  }

  function attach(url: string, token: string, who: User) {
    hub?.close();
    user = who;
    const link = new HubConnection(url, token);
    hub = link;
    link.on('state', emitConnection);
    link.on('connected', () => {
      resync(link).catch((err: unknown) => {
        if (!closed) console.error('resync failed', err);
      });
    });
    link.on('unauthorized', () => {
      deps.tokenVault.clear();
      user = null;
      link.close();
      if (hub === link) hub = null;
      emitConnection();
    });
    link.on('message', (m) => {
      storeHubMessages([m]);
      // A live message past a gap (an earlier one not fetched yet): fill the gap from the hub.
      if (lastCachedSeq(db, m.conversationId) < m.seq) {
        const cached = listCachedConversations(db).find((c) => c.summary.id === m.conversationId)?.summary;
        if (cached) void catchUp(link, { ...cached, lastSeq: Math.max(cached.lastSeq, m.seq) }).then(emitConversations);
      }
    });
    link.on('conversation', (c) => {
      upsertConversationSummary(db, c);
      emitConversations();
      // A chat that has just reached us (dispatch, grab, transfer) brings its earlier history.
      void catchUp(link, c).then(emitConversations);
    });
    link.on('typing', (t) => events.emit('typing.changed', t));
    link.on('pool', (items) => events.emit('pool.changed', items));
    link.on('status', (st) => events.emit('agentStatus.changed', st));
    link.on('customer', (c) => events.emit('customer.changed', c));
    link.on('team', (board) => events.emit('team.changed', board));
    emitConnection();
  }

  async function resumeStoredSession() {
    const token = deps.tokenVault.load();
    const stored = getSetting(db, HUB_URL_KEY);
    const storedUser = getSetting(db, USER_KEY);
    if (!token || !stored || !storedUser) return;
    // The embedded hub may listen on another port after a restart; it is remembered by role, not by address.
    const url = stored === EMBEDDED ? await deps.defaultHubUrl() : stored;
    attach(url, token, JSON.parse(storedUser) as User);
  }

  async function hubFetch<T>(url: string, path: string, init?: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, url), { ...init, signal: AbortSignal.timeout(8000) });
    } catch (err) {
      throw new AppFailure('UNAVAILABLE', `Cannot reach the hub at ${url}: ${(err as Error).message}`);
    }
    const body = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    if (!response.ok) {
      const code = response.status === 401 ? 'UNAUTHENTICATED' : response.status === 404 ? 'NOT_FOUND' : 'UNAVAILABLE';
      throw new AppFailure(code, body?.error?.message ?? `Hub answered ${response.status}`);
    }
    return body as T;
  }

  /** Durable before anything else: once this returns, a crash or reload cannot lose what the agent sent. */
  function enqueue(input: { conversationId: string; clientMsgId?: string; text: string; kind: OutboxItem['kind']; payload: Record<string, unknown> | null }): MessageView {
    requireUser();
    const clientMsgId = input.clientMsgId ?? randomUUID().replace(/-/g, '');
    enqueueOutbox(db, { clientMsgId, conversationId: input.conversationId, text: input.text, createdAt: new Date().toISOString(), kind: input.kind, payload: input.payload });
    const view = outboxToView(getOutboxItem(db, clientMsgId)!);
    events.emit('messages.changed', { conversationId: input.conversationId, messages: [view] });
    void flushOutbox();
    return view;
  }

  /** A request the hub answers authoritatively; its refusal reaches the renderer as the same typed error. */
  async function askHub<T>(event: string, payload: unknown): Promise<T> {
    requireUser();
    if (!hub?.online) throw new AppFailure('UNAVAILABLE', '与服务器的连接已断开,请稍后重试 / Not connected to the hub; try again shortly');
    const result = await hub.request<T>(event, payload);
    if (!result.ok) throw new AppFailure(result.error.code, result.error.message, result.error.details);
    return result.value;
  }

  const requireUser = (): User => {
    if (!user) throw new AppFailure('UNAUTHENTICATED', 'Sign in first');
    return user;
  };

  const handlers: WorkstationHandlers = {
    getAppInfo: () => ({ version: deps.version, mode: deps.mode, platform: process.platform, dataDir: deps.dataDir }),
    listDemoAccounts: async ({ hubUrl }) => hubFetch<DemoAccount[]>(hubUrl ?? (await deps.defaultHubUrl()), '/api/demo-accounts'),
    signIn: async ({ hubUrl, username, password }) => {
      const url = hubUrl ?? (await deps.defaultHubUrl());
      const session = await hubFetch<LoginResponse>(url, '/api/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      deps.tokenVault.save(session.token);
      setSetting(db, HUB_URL_KEY, hubUrl ?? EMBEDDED);
      setSetting(db, USER_KEY, JSON.stringify(session.user));
      attach(url, session.token, session.user);
      return { user: session.user, connection: connectionStatus() };
    },
    signOut: () => {
      hub?.close();
      hub = null;
      user = null;
      deps.tokenVault.clear();
      setSetting(db, USER_KEY, null);
      emitConnection();
      return null;
    },
    getSession: () => ({ user, connection: connectionStatus(), notice: deps.startupNotice ?? null }),
    listConversations: () => {
      requireUser();
      return conversationViews();
    },
    markRead: ({ conversationId }) => {
      markConversationRead(db, conversationId);
      emitConversations();
      return null;
    },
    listMessages: ({ conversationId, beforeSeq, limit }) => {
      requireUser();
      const cached = listCachedMessages(db, conversationId, { beforeSeq, limit }).map(cachedToView);
      const outbox = beforeSeq === undefined ? listOutbox(db, { conversationId }).map(outboxToView) : [];
      return [...cached, ...outbox];
    },
    sendMessage: ({ conversationId, text, clientMsgId, ack }) =>
      enqueue({ conversationId, clientMsgId, text, kind: 'text', payload: ack ? { ack } : null }),
    pushProduct: ({ conversationId, productCode, customerInitiated }) =>
      enqueue({ conversationId, text: `【产品推荐】${productCode}`, kind: 'product', payload: { productCode, customerInitiated } }),
    sendCard: ({ conversationId, cardId }) => enqueue({ conversationId, text: `【业务办理】${cardId}`, kind: 'card', payload: { cardId } }),
    checkProduct: (input) => askHub('product.check', input),
    getCatalog: () => askHub('catalog.get', {}),
    reportWarningsShown: (input) => askHub<null>('compliance.shown', input),
    getCustomerProfile: ({ customerId }) => askHub('customer.profile', { customerId }),
    revealCustomerField: (input) => askHub('customer.reveal', input),
    retryMessage: ({ clientMsgId }) => {
      if (!markOutboxPending(db, clientMsgId)) throw new AppFailure('NOT_FOUND', 'That message is no longer waiting to be sent');
      const item = getOutboxItem(db, clientMsgId)!;
      events.emit('messages.changed', { conversationId: item.conversationId, messages: [outboxToView(item)] });
      void flushOutbox();
      return null;
    },
    discardMessage: ({ clientMsgId }) => {
      const item = getOutboxItem(db, clientMsgId);
      if (!item || !discardFailedOutboxItem(db, clientMsgId)) {
        throw new AppFailure('CONFLICT', '只能删除发送失败的消息 / Only a message that failed to send can be discarded');
      }
      events.emit('messages.removed', { conversationId: item.conversationId, clientMsgIds: [clientMsgId] });
      return null;
    },
    getDraft: ({ conversationId }) => ({ text: getDraft(db, conversationId) }),
    saveDraft: ({ conversationId, text }) => {
      saveDraft(db, conversationId, text);
      return null;
    },
    setTyping: ({ conversationId, typing }) => {
      hub?.notify('typing', { conversationId, typing });
      return null;
    },
    setAgentStatus: ({ status }) => askHub<null>('agent.status', { status }),
    listPool: () => askHub<PoolItem[]>('pool.list', {}),
    grabConversation: async ({ conversationId }) => {
      const summary = await askHub<ConversationSummary>('ticket.grab', { conversationId });
      upsertConversationSummary(db, summary);
      emitConversations();
      if (hub) void catchUp(hub, summary).then(emitConversations);
      return summary;
    },
    transferConversation: (input) => askHub<null>('ticket.transfer', input),
    escalateConversation: (input) => askHub<null>('ticket.escalate', input),
    resolveConversation: (input) => askHub<null>('ticket.resolve', input),
    closeConversation: (input) => askHub<null>('ticket.close', input),
    getDirectory: () => askHub<Directory>('directory.list', {}),
    getConversationHistory: (input) => askHub<TransitionView[]>('conv.history', input),
    monitorConversation: (input) => askHub('lead.monitor', input),
    sendWhisper: async ({ conversationId, text }) => {
      await askHub('whisper.send', { conversationId, text, clientMsgId: randomUUID().replace(/-/g, '') });
      return null;
    },
    takeOverConversation: (input) => askHub<null>('lead.takeOver', input),
    reassignConversation: (input) => askHub<null>('lead.reassign', input),
    returnConversation: (input) => askHub<null>('lead.return', input),
    getTeamBoard: () => askHub('team.board', {}),
    getDashboard: (input) => askHub('dashboard.get', input),
    qaPlans: () => askHub('qa.plans', {}),
    qaDrawSample: (input) => askHub('qa.sample.draw', input),
    qaSamples: () => askHub('qa.samples', {}),
    qaReplay: (input) => askHub('qa.replay', input),
    qaComment: (input) => askHub('qa.comment', input),
    qaReview: (input) => askHub('qa.review', input),
    qaSpotChecks: (input) => askHub('qa.spotchecks', input),
    qaDisagreements: (input) => askHub('qa.disagreements', input),
    qaMyResults: () => askHub('qa.myResults', {}),
    qaAppeal: (input) => askHub('qa.appeal', input),
    qaAppeals: () => askHub('qa.appeals', {}),
    qaDecide: (input) => askHub('qa.decide', input),
    qaReport: (input) => askHub('qa.report', input),
    searchKnowledge: ({ query, limit, offset }) => knowledge.search(query, { limit, offset }),
    suggestKnowledge: ({ text }) => knowledge.suggestFromMessage(text),
    getArticle: ({ articleId }) => knowledge.get(articleId) ?? null,
    quoteArticle: ({ articleId, excerpt, acknowledgeSuperseded }) => {
      const article = knowledge.get(articleId);
      if (!article) throw new AppFailure('NOT_FOUND', `本地知识库中没有 ${articleId} / ${articleId} is not in the local knowledge base`);
      const text = formatQuote(article, excerpt ?? article.body.slice(0, 300), { acknowledgeSuperseded });
      // The quote count lives on the hub; offline quoting still works and simply is not counted.
      hub?.notify('kb.quoted', { articleId });
      return { text };
    },
    likeArticle: ({ articleId }) => askHub('kb.like', { articleId }),
    proposeArticle: (input) => askHub('kb.propose', input),
    appendInsight: (input) => askHub('kb.insight', input),
    listContributions: () => askHub('kb.pending', {}),
    decideContribution: async (input) => {
      const decided = await askHub<{ contribution: Contribution; article?: Article }>('kb.decide', input);
      void refreshKnowledge();
      return decided;
    },
    syncKnowledge: () => refreshKnowledge(),
    getSettings: () => getSettings(db),
    updateSettings: (patch) => updateSettings(db, patch),
  };

  // Knowledge changes on the hub (new articles, approved insights) reach the local index within a minute.
  knowledgeTimer = setInterval(() => void refreshKnowledge().catch(() => undefined), 60_000);
  knowledgeTimer.unref?.();

  return {
    handlers,
    events,
    ready: resumeStoredSession(),
    close() {
      closed = true;
      if (knowledgeTimer) clearInterval(knowledgeTimer);
      hub?.close();
      hub = null;
      events.removeAllListeners();
    },
  };
}
