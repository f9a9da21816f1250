/**
 * The workstation's IPC contract, declared once: every request the renderer may make of the main-process services,
 * and every event the services push to the renderer. The Electron preload, the main-process IPC manager, the
 * browser-mode WebSocket bridge and the renderer's client are all derived from this object, so a request that is
 * missing anywhere is a compile error, and every payload is validated with the same schema at the boundary.
 */
import { z } from 'zod';
import {
  AcknowledgementSchema,
  AgentStatusSchema,
  ClientMsgIdSchema,
  RevealableFieldSchema,
  type ConversationSummary,
  type DemoAccount,
  type Directory,
  type PoolItem,
  type RevealableField,
  type TransitionView,
  type User,
} from '../protocol/hub';
import type { Card, Product } from '../suitability/catalog';
import type { Article } from '../knowledge/article';
import type { Contribution } from '../knowledge/contribution';
import type { SearchResponse, SearchResult } from '../knowledge/search';

/** The local knowledge index's state: how many articles it holds and how the last sync with the hub went. */
export interface KnowledgeSyncStatus {
  status: 'caught-up' | 'offline' | 'never';
  articles: number;
  lastSyncAt: string | null;
  error?: string;
}
import { DashboardRangeSchema } from '../protocol/hub';
import type { DashboardFigures, TeamBoard } from '../protocol/leads';
import type { ReplayView, StoredSample } from '../protocol/qa';
import type { AppealCase, BlindReviewTask, Disagreement, QaReport, QaReview, ReviewPolicy, SamplingPlan, Scorecard } from '../qa';
import type { MaskedProfile } from '../masking/mask';
import type { Opportunity } from '../opportunity/derive';

/** The customer tag panel's data: masked profile, assessment state and suitable opportunities. */
export interface CustomerCardView {
  profile: MaskedProfile;
  assessmentExpired: boolean;
  opportunities: Opportunity[];
}
import type { Result } from '../result';

/** Phantom type carrier for a request's result; results are produced by trusted services, inputs are validated. */
const returns = <T>() => undefined as unknown as T;

const conversationId = z.string().min(1).max(100);
const IsoTime = z.iso.datetime({ offset: true });

export const LocaleSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

export const SettingsSchema = z.object({
  locale: LocaleSchema,
  theme: z.enum(['light', 'dark']),
  /** Percent; 100 to 150 for older eyes. */
  fontScale: z.number().int().min(100).max(150),
  /** When true Enter sends and Shift+Enter breaks a line; otherwise Ctrl+Enter sends. */
  enterToSend: z.boolean(),
  sound: z.boolean(),
  notifications: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const DEFAULT_SETTINGS: Settings = {
  locale: 'zh-CN',
  theme: 'light',
  fontScale: 100,
  enterToSend: true,
  sound: true,
  notifications: true,
};

export type ConnectionState = 'signedOut' | 'connecting' | 'online' | 'offline';

export interface ConnectionStatus {
  state: ConnectionState;
  hubUrl: string | null;
  embedded: boolean;
  /** Human-readable reason for the last failure, if any. */
  detail?: string;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** A message as the renderer sees it: the hub's message, or one of ours still in the outbox. */
export interface MessageView {
  clientMsgId: string;
  conversationId: string;
  /** Null while the hub has not acknowledged it. */
  seq: number | null;
  senderKind: 'customer' | 'agent' | 'lead' | 'system' | 'bot';
  senderName: string;
  kind: 'text' | 'system' | 'card' | 'whisper';
  text: string;
  at: string;
  status: DeliveryStatus;
  /** Why a failed message failed (for example a compliance block); retry is offered where it can help. */
  error?: string;
  /** The hub's typed refusal code (COMPLIANCE_BLOCKED, ACK_REQUIRED, SUITABILITY_DENIED …) and its details. */
  errorCode?: string;
  errorDetails?: unknown;
  payload?: unknown;
}

export interface ConversationView extends ConversationSummary {
  unread: number;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
  dataDir: string;
}

export const requests = {
  getAppInfo: { channel: 'app.info', input: z.object({}).strict(), output: returns<AppInfo>() },
  listDemoAccounts: {
    channel: 'auth.demoAccounts',
    input: z.object({ hubUrl: z.string().url().optional() }).strict(),
    output: returns<DemoAccount[]>(),
  },
  signIn: {
    channel: 'auth.signIn',
    input: z
      .object({
        hubUrl: z.string().url().max(500).optional(),
        username: z.string().min(1).max(64),
        password: z.string().min(1).max(256),
      })
      .strict(),
    output: returns<{ user: User; connection: ConnectionStatus }>(),
  },
  signOut: { channel: 'auth.signOut', input: z.object({}).strict(), output: returns<null>() },
  getSession: {
    channel: 'auth.session',
    input: z.object({}).strict(),
    output: returns<{ user: User | null; connection: ConnectionStatus; notice: { zh: string; en: string } | null }>(),
  },
  listConversations: {
    channel: 'conversations.list',
    input: z.object({}).strict(),
    output: returns<ConversationView[]>(),
  },
  markRead: {
    channel: 'conversations.markRead',
    input: z.object({ conversationId }).strict(),
    output: returns<null>(),
  },
  listMessages: {
    channel: 'messages.list',
    input: z
      .object({
        conversationId,
        beforeSeq: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(20_000).optional(),
      })
      .strict(),
    output: returns<MessageView[]>(),
  },
  sendMessage: {
    channel: 'messages.send',
    input: z
      .object({
        conversationId,
        text: z.string().trim().min(1).max(4000),
        clientMsgId: ClientMsgIdSchema.optional(),
        /** The compliance warnings the agent acknowledged for this text (the hub checks again). */
        ack: AcknowledgementSchema.optional(),
      })
      .strict(),
    output: returns<MessageView>(),
  },
  pushProduct: {
    channel: 'products.push',
    input: z.object({ conversationId, productCode: z.string().min(1).max(40), customerInitiated: z.boolean() }).strict(),
    output: returns<MessageView>(),
  },
  checkProduct: {
    channel: 'products.check',
    input: z.object({ conversationId, productCode: z.string().min(1).max(40), customerInitiated: z.boolean() }).strict(),
    output: returns<{ product: Product; decision: 'allow' | 'confirm' | 'deny'; reasons: { code: string; zh: string; en: string }[] }>(),
  },
  sendCard: {
    channel: 'cards.send',
    input: z.object({ conversationId, cardId: z.string().min(1).max(60) }).strict(),
    output: returns<MessageView>(),
  },
  getCatalog: { channel: 'catalog.get', input: z.object({}).strict(), output: returns<{ products: Product[]; cards: Card[] }>() },
  reportWarningsShown: {
    channel: 'compliance.shown',
    input: z.object({ conversationId, ruleIds: z.array(z.string().min(1).max(100)).min(1).max(50) }).strict(),
    output: returns<null>(),
  },
  getCustomerProfile: {
    channel: 'customers.profile',
    input: z.object({ customerId: z.string().min(1).max(32) }).strict(),
    output: returns<CustomerCardView | null>(),
  },
  revealCustomerField: {
    channel: 'customers.reveal',
    input: z.object({ customerId: z.string().min(1).max(32), field: RevealableFieldSchema, reason: z.string().trim().min(2).max(200) }).strict(),
    output: returns<{ field: RevealableField; value: string; expiresInMs: number }>(),
  },
  retryMessage: {
    channel: 'messages.retry',
    input: z.object({ clientMsgId: z.string().min(8).max(64) }).strict(),
    output: returns<null>(),
  },
  discardMessage: {
    channel: 'messages.discard',
    input: z.object({ clientMsgId: z.string().min(8).max(64) }).strict(),
    output: returns<null>(),
  },
  getDraft: { channel: 'drafts.get', input: z.object({ conversationId }).strict(), output: returns<{ text: string }>() },
  saveDraft: {
    channel: 'drafts.save',
    input: z.object({ conversationId, text: z.string().max(20_000) }).strict(),
    output: returns<null>(),
  },
  setTyping: {
    channel: 'typing.set',
    input: z.object({ conversationId, typing: z.boolean() }).strict(),
    output: returns<null>(),
  },
  setAgentStatus: {
    channel: 'agent.setStatus',
    input: z.object({ status: AgentStatusSchema }).strict(),
    output: returns<null>(),
  },
  listPool: { channel: 'pool.list', input: z.object({}).strict(), output: returns<PoolItem[]>() },
  grabConversation: {
    channel: 'tickets.grab',
    input: z.object({ conversationId }).strict(),
    output: returns<ConversationSummary>(),
  },
  transferConversation: {
    channel: 'tickets.transfer',
    input: z
      .object({ conversationId, toSkillGroup: z.string().min(1).max(100).optional(), toAgentId: z.string().min(1).max(100).optional(), note: z.string().trim().max(2000) })
      .strict()
      .refine((t) => (t.toSkillGroup === undefined) !== (t.toAgentId === undefined), 'name either a skill group or an agent'),
    output: returns<null>(),
  },
  escalateConversation: {
    channel: 'tickets.escalate',
    input: z.object({ conversationId, reason: z.string().trim().min(1).max(2000) }).strict(),
    output: returns<null>(),
  },
  resolveConversation: {
    channel: 'tickets.resolve',
    input: z.object({ conversationId, summary: z.string().trim().max(2000).optional() }).strict(),
    output: returns<null>(),
  },
  closeConversation: {
    channel: 'tickets.close',
    input: z.object({ conversationId, reason: z.string().trim().max(2000).optional() }).strict(),
    output: returns<null>(),
  },
  getDirectory: { channel: 'directory.get', input: z.object({}).strict(), output: returns<Directory>() },
  getConversationHistory: {
    channel: 'tickets.history',
    input: z.object({ conversationId }).strict(),
    output: returns<TransitionView[]>(),
  },
  // ---- knowledge (searched locally, works offline) ----
  searchKnowledge: {
    channel: 'kb.search',
    input: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(50).optional(), offset: z.number().int().min(0).max(1000).optional() }).strict(),
    output: returns<SearchResponse>(),
  },
  suggestKnowledge: {
    channel: 'kb.suggest',
    input: z.object({ text: z.string().max(4000) }).strict(),
    output: returns<SearchResult[]>(),
  },
  getArticle: { channel: 'kb.get', input: z.object({ articleId: z.string().min(1).max(100) }).strict(), output: returns<Article | null>() },
  quoteArticle: {
    channel: 'kb.quote',
    input: z.object({ articleId: z.string().min(1).max(100), excerpt: z.string().max(4000).optional(), acknowledgeSuperseded: z.boolean().optional() }).strict(),
    output: returns<{ text: string }>(),
  },
  likeArticle: {
    channel: 'kb.like',
    input: z.object({ articleId: z.string().min(1).max(100) }).strict(),
    output: returns<{ likes: number; added: boolean }>(),
  },
  proposeArticle: {
    channel: 'kb.propose',
    input: z
      .object({
        title: z.string().trim().min(1).max(200),
        body: z.string().trim().min(20).max(20_000),
        tags: z.array(z.string().trim().min(1).max(40)).max(20),
        category: z.string().trim().min(1).max(60),
        language: z.enum(['zh-CN', 'en']).optional(),
      })
      .strict(),
    output: returns<Contribution>(),
  },
  appendInsight: {
    channel: 'kb.insight',
    input: z.object({ articleId: z.string().min(1).max(100), text: z.string().trim().min(5).max(2000) }).strict(),
    output: returns<Contribution>(),
  },
  listContributions: { channel: 'kb.pending', input: z.object({}).strict(), output: returns<Contribution[]>() },
  decideContribution: {
    channel: 'kb.decide',
    input: z.object({ contributionId: z.number().int().positive(), approve: z.boolean(), reason: z.string().trim().max(500).optional() }).strict(),
    output: returns<{ contribution: Contribution; article?: Article }>(),
  },
  syncKnowledge: { channel: 'kb.sync', input: z.object({}).strict(), output: returns<KnowledgeSyncStatus>() },
  // ---- branch leads ----
  monitorConversation: {
    channel: 'leads.monitor',
    input: z.object({ conversationId, on: z.boolean() }).strict(),
    output: returns<ConversationSummary>(),
  },
  sendWhisper: {
    channel: 'leads.whisper',
    input: z.object({ conversationId, text: z.string().trim().min(1).max(4000) }).strict(),
    output: returns<null>(),
  },
  takeOverConversation: { channel: 'leads.takeOver', input: z.object({ conversationId }).strict(), output: returns<null>() },
  reassignConversation: {
    channel: 'leads.reassign',
    input: z.object({ conversationId, toAgentId: z.string().min(1).max(100), note: z.string().trim().max(2000).optional() }).strict(),
    output: returns<null>(),
  },
  returnConversation: {
    channel: 'leads.return',
    input: z.object({ conversationId, guidance: z.string().trim().min(1).max(2000) }).strict(),
    output: returns<null>(),
  },
  getTeamBoard: { channel: 'leads.board', input: z.object({}).strict(), output: returns<TeamBoard>() },
  getDashboard: { channel: 'leads.dashboard', input: z.object({ range: DashboardRangeSchema }).strict(), output: returns<DashboardFigures>() },
  // ---- QA ----
  qaPlans: {
    channel: 'qa.plans',
    input: z.object({}).strict(),
    output: returns<{ plans: SamplingPlan[]; scorecards: Scorecard[]; review: ReviewPolicy }>(),
  },
  qaDrawSample: {
    channel: 'qa.draw',
    input: z.object({ planId: z.string().min(1).max(100), from: IsoTime, to: IsoTime, seed: z.string().min(1).max(100).optional() }).strict(),
    output: returns<StoredSample>(),
  },
  qaSamples: { channel: 'qa.samples', input: z.object({}).strict(), output: returns<StoredSample[]>() },
  qaReplay: { channel: 'qa.replay', input: z.object({ conversationId }).strict(), output: returns<ReplayView>() },
  qaComment: {
    channel: 'qa.comment',
    input: z.object({ conversationId, messageSeq: z.number().int().positive(), text: z.string().trim().min(1).max(2000) }).strict(),
    output: returns<{ id: number }>(),
  },
  qaReview: {
    channel: 'qa.review',
    input: z
      .object({
        conversationId,
        level: z.enum(['branch', 'head_office']),
        scorecardId: z.string().min(1).max(100),
        answers: z
          .object({
            points: z.record(z.string().max(60), z.number().finite().min(0).max(1000)),
            critical: z.record(z.string().max(60), z.enum(['pass', 'fail'])),
          })
          .strict(),
        notes: z.string().trim().max(2000).optional(),
      })
      .strict(),
    output: returns<QaReview>(),
  },
  qaSpotChecks: {
    channel: 'qa.spotchecks',
    input: z.object({ from: IsoTime, to: IsoTime, seed: z.string().min(1).max(100) }).strict(),
    output: returns<(BlindReviewTask & { done: boolean })[]>(),
  },
  qaDisagreements: { channel: 'qa.disagreements', input: z.object({ from: IsoTime, to: IsoTime }).strict(), output: returns<Disagreement[]>() },
  qaMyResults: { channel: 'qa.myResults', input: z.object({}).strict(), output: returns<(AppealCase & { review: QaReview | null })[]>() },
  qaAppeal: {
    channel: 'qa.appeal',
    input: z.object({ conversationId, reason: z.string().trim().min(1).max(2000) }).strict(),
    output: returns<AppealCase>(),
  },
  qaAppeals: { channel: 'qa.appeals', input: z.object({}).strict(), output: returns<(AppealCase & { review: QaReview | null })[]>() },
  qaDecide: {
    channel: 'qa.decide',
    input: z
      .object({
        conversationId,
        decision: z.enum(['uphold', 'overturn']),
        notes: z.string().trim().min(1).max(2000),
        newScore: z.object({ total: z.number().min(0).max(100), passed: z.boolean() }).strict().optional(),
      })
      .strict(),
    output: returns<AppealCase>(),
  },
  qaReport: {
    channel: 'qa.report',
    input: z.object({ from: IsoTime, to: IsoTime, period: z.enum(['day', 'week', 'month']) }).strict(),
    output: returns<QaReport>(),
  },
  getSettings: { channel: 'settings.get', input: z.object({}).strict(), output: returns<Settings>() },
  updateSettings: {
    channel: 'settings.update',
    input: SettingsSchema.partial().strict(),
    output: returns<Settings>(),
  },
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
export type ParsedInput<K extends RequestName> = z.output<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = Requests[K]['output'];

/** Events pushed from the services to the renderer. */
export interface PushEvents {
  'connection.changed': ConnectionStatus;
  'conversations.changed': ConversationView[];
  'messages.changed': { conversationId: string; messages: MessageView[] };
  'typing.changed': { conversationId: string; senderKind: string; typing: boolean };
  'unread.changed': { total: number };
  'pool.changed': PoolItem[];
  'agentStatus.changed': { status: 'online' | 'busy' | 'away' | 'offline' };
  'customer.changed': { customerId: string };
  'team.changed': TeamBoard;
  'knowledge.synced': KnowledgeSyncStatus;
  /** A failed outbox item the agent discarded: remove it from the view. */
  'messages.removed': { conversationId: string; clientMsgIds: string[] };
}
export type PushEventName = keyof PushEvents;
export const pushEventNames: readonly PushEventName[] = [
  'connection.changed',
  'conversations.changed',
  'messages.changed',
  'typing.changed',
  'unread.changed',
  'pool.changed',
  'agentStatus.changed',
  'customer.changed',
  'team.changed',
  'knowledge.synced',
  'messages.removed',
];

/** The renderer's view of the services: one function per request, plus subscription to push events. */
export type WorkstationApi = {
  [K in RequestName]: (input: RequestInput<K>) => Promise<Result<RequestOutput<K>>>;
} & {
  on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
};

/** The services' side: one handler per request, receiving the validated input. */
export type WorkstationHandlers = {
  [K in RequestName]: (input: ParsedInput<K>) => Promise<RequestOutput<K>> | RequestOutput<K>;
};

export const requestNames = Object.keys(requests) as RequestName[];
export const channelToRequest = new Map<string, RequestName>(requestNames.map((n) => [requests[n].channel, n]));
