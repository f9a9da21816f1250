/**
 * The hub's wire protocol: every socket.io event between hub and clients (workstation, customer page) is declared
 * here once with its zod schema. The hub validates every inbound payload against these; clients use the types.
 */
import { z } from 'zod';
import type { TeamBoard } from './leads';

export const HUB_PROTOCOL_VERSION = 1;

/** Inbound text is bounded so that one client cannot make the hub store or fan out megabytes. */
export const MAX_TEXT_LENGTH = 4000;

export const RoleSchema = z.enum(['agent', 'qa', 'lead', 'customer']);
export type Role = z.infer<typeof RoleSchema>;
export type StaffRole = Exclude<Role, 'customer'>;

export const IdSchema = z.string().min(1).max(100);
export const ClientMsgIdSchema = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

export const UserSchema = z.object({
  id: IdSchema,
  role: RoleSchema,
  displayName: z.string(),
  branchId: z.string().nullable(),
});
export type User = z.infer<typeof UserSchema>;

export const SenderKindSchema = z.enum(['customer', 'agent', 'lead', 'system', 'bot']);
export type SenderKind = z.infer<typeof SenderKindSchema>;

export const MessageKindSchema = z.enum(['text', 'system', 'card', 'whisper']);

export const MessageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  seq: z.number().int().positive(),
  clientMsgId: z.string(),
  senderKind: SenderKindSchema,
  senderId: z.string(),
  senderName: z.string(),
  kind: MessageKindSchema,
  text: z.string(),
  at: z.string(),
  payload: z.unknown().optional(),
});
export type Message = z.infer<typeof MessageSchema>;

export const ConversationSummarySchema = z.object({
  id: z.string(),
  customerId: z.string(),
  /** Always masked on the wire to staff: the hub never sends a raw customer name to a deck. */
  customerName: z.string(),
  branchId: z.string().nullable(),
  channel: z.enum(['h5', 'app', 'wechat']),
  skillGroup: z.string(),
  state: z.string(),
  ownerId: z.string().nullable(),
  lastSeq: z.number().int().nonnegative(),
  lastMessagePreview: z.string(),
  lastMessageAt: z.string().nullable(),
  createdAt: z.string(),
  /** Deadlines the deck colours its SLA timers by (ISO times), null when none runs. */
  firstResponseDueAt: z.string().nullable(),
  replyDueAt: z.string().nullable(),
  /**
   * The ticket machine's state and context (without its transition log), so that the workstation can run the same
   * machine definition to decide which actions to offer. Null for conversations a viewer only monitors.
   */
  ticket: z.object({ value: z.string(), context: z.unknown() }).nullable(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

// ---- client → hub requests (all acknowledged with Result<...>) ----

export const SendMessageSchema = z.object({
  conversationId: IdSchema,
  clientMsgId: ClientMsgIdSchema,
  text: z.string().trim().min(1, 'empty message').max(MAX_TEXT_LENGTH),
});
export const SyncSchema = z.object({ conversationId: IdSchema, afterSeq: z.number().int().nonnegative() });
export const TypingSchema = z.object({ conversationId: IdSchema, typing: z.boolean() });
export const EmptySchema = z.object({}).strict();
const Note = z.string().trim().max(2000);
const ConversationRef = { conversationId: IdSchema };

export const AgentStatusSchema = z.enum(['online', 'busy', 'away']);
export type AgentStatusChoice = z.infer<typeof AgentStatusSchema>;

export const TransferSchema = z
  .object({ ...ConversationRef, toSkillGroup: IdSchema.optional(), toAgentId: IdSchema.optional(), note: Note })
  .strict()
  .refine((t) => (t.toSkillGroup === undefined) !== (t.toAgentId === undefined), 'name either a skill group or an agent');

/** An agent's acknowledgement of the compliance warnings on a message (needed to send text with `warn` hits). */
export const AcknowledgementSchema = z
  .object({ ruleIds: z.array(IdSchema).max(100), reason: z.string().trim().max(500).optional() })
  .strict();
export const StaffSendSchema = SendMessageSchema.extend({ ack: AcknowledgementSchema.optional() }).strict();

const IsoTime = z.iso.datetime({ offset: true });
const PeriodRange = { from: IsoTime, to: IsoTime };
export const DashboardRangeSchema = z.enum(['today', '7d', '30d']);
export const RevealableFieldSchema = z.enum(['name', 'phone', 'idNumber', 'fundAccount', 'bankCard']);
export type RevealableField = z.infer<typeof RevealableFieldSchema>;
const CustomerRef = { customerId: z.string().min(1).max(32) };
const ProductRef = { productCode: z.string().min(1).max(40), customerInitiated: z.boolean() };

/** Requests a staff member may send, name → payload schema. */
export const staffRequests = {
  'conv.list': EmptySchema,
  'conv.sync': SyncSchema,
  'conv.history': z.object(ConversationRef).strict(),
  'msg.send': StaffSendSchema,
  'compliance.shown': z.object({ ...ConversationRef, ruleIds: z.array(IdSchema).min(1).max(50) }).strict(),
  'customer.profile': z.object(CustomerRef).strict(),
  'customer.reveal': z.object({ ...CustomerRef, field: RevealableFieldSchema, reason: z.string().trim().min(2).max(200) }).strict(),
  'catalog.get': EmptySchema,
  'product.check': z.object({ ...ConversationRef, ...ProductRef }).strict(),
  'product.push': z.object({ ...ConversationRef, clientMsgId: ClientMsgIdSchema, ...ProductRef }).strict(),
  'card.send': z.object({ ...ConversationRef, clientMsgId: ClientMsgIdSchema, cardId: z.string().min(1).max(60) }).strict(),
  'lead.monitor': z.object({ ...ConversationRef, on: z.boolean() }).strict(),
  'whisper.send': SendMessageSchema,
  'team.board': EmptySchema,
  'dashboard.get': z.object({ range: DashboardRangeSchema }).strict(),
  'kb.changes': z.object({ cursor: z.number().int().nonnegative() }).strict(),
  'kb.like': z.object({ articleId: IdSchema }).strict(),
  'kb.quoted': z.object({ articleId: IdSchema }).strict(),
  'kb.propose': z
    .object({
      title: z.string().trim().min(1).max(200),
      body: z.string().trim().min(20).max(20_000),
      tags: z.array(z.string().trim().min(1).max(40)).max(20),
      category: z.string().trim().min(1).max(60),
      language: z.enum(['zh-CN', 'en']).optional(),
    })
    .strict(),
  'kb.insight': z.object({ articleId: IdSchema, text: z.string().trim().min(5).max(2000) }).strict(),
  'kb.pending': EmptySchema,
  'kb.decide': z
    .object({ contributionId: z.number().int().positive(), approve: z.boolean(), reason: z.string().trim().max(500).optional() })
    .strict(),
  'qa.plans': EmptySchema,
  'qa.sample.draw': z.object({ planId: IdSchema, ...PeriodRange, seed: z.string().min(1).max(100).optional() }).strict(),
  'qa.samples': EmptySchema,
  'qa.replay': z.object(ConversationRef).strict(),
  'qa.comment': z.object({ ...ConversationRef, messageSeq: z.number().int().positive(), text: Note.min(1) }).strict(),
  'qa.review': z
    .object({
      ...ConversationRef,
      level: z.enum(['branch', 'head_office']),
      scorecardId: IdSchema,
      answers: z
        .object({
          points: z.record(z.string().max(60), z.number().finite().min(0).max(1000)),
          critical: z.record(z.string().max(60), z.enum(['pass', 'fail'])),
        })
        .strict(),
      notes: Note.optional(),
    })
    .strict(),
  'qa.spotchecks': z.object({ ...PeriodRange, seed: z.string().min(1).max(100) }).strict(),
  'qa.disagreements': z.object(PeriodRange).strict(),
  'qa.myResults': EmptySchema,
  'qa.appeal': z.object({ ...ConversationRef, reason: Note.min(1) }).strict(),
  'qa.appeals': EmptySchema,
  'qa.decide': z
    .object({
      ...ConversationRef,
      decision: z.enum(['uphold', 'overturn']),
      notes: Note.min(1),
      newScore: z.object({ total: z.number().min(0).max(100), passed: z.boolean() }).strict().optional(),
    })
    .strict(),
  'qa.report': z.object({ ...PeriodRange, period: z.enum(['day', 'week', 'month']) }).strict(),
  typing: TypingSchema,
  'agent.status': z.object({ status: AgentStatusSchema }).strict(),
  'pool.list': EmptySchema,
  'ticket.grab': z.object(ConversationRef).strict(),
  'ticket.transfer': TransferSchema,
  'ticket.escalate': z.object({ ...ConversationRef, reason: Note.min(1) }).strict(),
  'ticket.resolve': z.object({ ...ConversationRef, summary: Note.optional() }).strict(),
  'ticket.close': z.object({ ...ConversationRef, reason: Note.optional() }).strict(),
  'lead.takeOver': z.object(ConversationRef).strict(),
  'lead.reassign': z.object({ ...ConversationRef, toAgentId: IdSchema, note: Note.optional() }).strict(),
  'lead.return': z.object({ ...ConversationRef, guidance: Note.min(1) }).strict(),
  'directory.list': EmptySchema,
} as const;

export const EntryPointSchema = z.string().max(32);

/** Requests the customer page may send. */
export const customerRequests = {
  'customer.hello': z.object({ entryPoint: EntryPointSchema.optional() }).strict(),
  'conv.sync': SyncSchema,
  'msg.send': SendMessageSchema,
  typing: TypingSchema,
  'customer.leave': z.object(ConversationRef).strict(),
  'csat.submit': z
    .object({ ...ConversationRef, score: z.number().int().min(1).max(5), comment: Note.optional() })
    .strict(),
  'push.confirm': z.object({ ...ConversationRef, pushId: z.string().min(1).max(64) }).strict(),
} as const;

export type StaffRequestName = keyof typeof staffRequests;
export type CustomerRequestName = keyof typeof customerRequests;

export interface SendAck {
  messageId: string;
  seq: number;
  at: string;
  /** True when the hub had stored this clientMsgId already: the same seq is returned, nothing is stored twice. */
  duplicate: boolean;
}

export interface PoolItem {
  conversationId: string;
  customerName: string;
  skillGroup: string;
  branchId: string | null;
  queuedAt: string;
  preview: string;
  /** Set after a transfer to a named agent: only that agent may take it. */
  reservedFor: string | null;
  canGrab: boolean;
  /** Why this agent cannot grab it now (capacity, status…), zh and en. */
  reason: { zh: string; en: string } | null;
}

export interface TransitionView {
  at: string;
  actorKind: string;
  actorId: string;
  event: string;
  from: string;
  to: string;
  reason: string | null;
}

/** Colleagues and skill groups a staff member may transfer to. */
export interface Directory {
  skillGroups: { id: string; name: { zh: string; en: string } }[];
  agents: { id: string; displayName: string; branchId: string | null; status: string; load: number; capacity: number; skills: string[] }[];
}

export interface CustomerHello {
  conversationId: string;
  customerId: string;
  displayName: string;
  messages: Message[];
}

// ---- hub → client pushes ----
export interface HubPushes {
  'msg.new': Message;
  'conv.updated': ConversationSummary;
  typing: { conversationId: string; senderKind: SenderKind; typing: boolean };
  'pool.updated': PoolItem[];
  'agent.status': { status: 'online' | 'busy' | 'away' | 'offline' };
  /** To the customer page: the agent resolved the conversation; please rate it. */
  'csat.request': { conversationId: string };
  /** To a branch's leads every few seconds: agents' status and load, queues and waits. */
  'team.updated': TeamBoard;
  /** To staff who have this customer open: the profile changed on the hub; fetch it again. */
  'customer.updated': { customerId: string };
  /** To the customer page: the conversation ended (closed, left or idle). */
  'conv.ended': { conversationId: string; reason: string };
  /** Sent when an event arrives that has no acknowledgement callback to answer through (unknown or fire-and-forget). */
  'hub.error': { event: string; code: string; message: string };
}

// ---- HTTP ----
export const LoginSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export const CustomerSessionSchema = z.object({
  customerId: z.string().max(32).optional(),
  entryPoint: z.string().max(32).optional(),
  resumeToken: z.string().max(2048).optional(),
});
export interface LoginResponse {
  token: string;
  user: User;
}
export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  branchId: string | null;
}
export interface Health {
  status: 'ok';
  version: string;
  uptimeS: number;
}
