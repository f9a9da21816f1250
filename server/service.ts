/**
 * The hub's domain core: conversations, their authoritative ticket machines, routing (dispatch and grab), and the
 * durable, sequenced message log. It knows nothing of sockets; it talks to clients through a `HubNotifier`.
 */
import { randomUUID } from 'node:crypto';
import type { HubDb } from './db/open';
import { GroupCommit } from './db/groupCommit';
import { op, type WriteOp } from './db/writerOps';
import { MessageStore } from './messageStore';
import { AgentRegistry, type LiveAgent } from './routing/agents';
import { getStaff, listBranches, listStaff } from './repos/staff';
import { getConversation, listOpenConversations, type ConversationRecord } from './repos/conversations';
import { listMessagesAfter } from './repos/messages';
import { listTransitions, loadOpenTicketSnapshots } from './tickets/repository';
import { createTicket, restore, send as sendTicketEvent, type Ticket } from '../shared/ticket/ticket';
import { serializeTicketWithoutLog } from './tickets/snapshot';
import { isTerminal, TICKET_MACHINE_VERSION, type TicketConfig, type TransitionRecord } from '../shared/ticket/machine';
import { SYSTEM_ACTOR, type EventActor, type TicketEvent } from '../shared/ticket/ticketEvents';
import { classifyConversation, DEFAULT_SKILL_GROUPS, type ClassificationReason } from '../shared/routing/classify';
import {
  DEFAULT_DISPATCH_POLICY,
  eligibleForGrab,
  pickAgentForDispatch,
  type DispatchPolicy,
  type QueuedTicket,
} from '../shared/routing/dispatch';
import type {
  AgentStatusChoice,
  ConversationSummary,
  Directory,
  Message,
  PoolItem,
  SendAck,
  TransitionView,
} from '../shared/protocol/hub';
import { AppFailure } from '../shared/result';
import { loadCatalog, type HubCatalog } from './catalog';
import { ComplianceGate, type Acknowledgement } from './compliance/gate';
import { customerCard, revealField, type CustomerCard, type RevealableField } from './customers/profiles';
import { getCustomer, listCustomersUpdatedSince } from './customers/repository';
import { getPush } from './repos/pushes';
import { decideSuitability } from '../shared/suitability';
import { suitabilityCustomerOf } from '../shared/customers/profile';
import type { SuitabilityDecision } from '../shared/suitability/types';
import { defaultEscalationRules, shouldAutoEscalate, type EscalationRules } from '../shared/escalation';
import { computeDashboard, sinceFor, type DashboardFigures, type DashboardRange } from './leads/dashboard';
import { listBranchTicketSnapshots } from './tickets/repository';
import { listCustomerTexts } from './repos/messages';
import type { TicketContext } from '../shared/ticket/machine';
import type { TeamBoard } from '../shared/protocol/leads';

export interface Principal {
  id: string;
  role: 'agent' | 'lead' | 'qa' | 'customer';
  name: string;
  branchId: string | null;
}

export interface HubNotifier {
  /** To every socket that follows the conversation: `staff` = owner and monitoring leads; `customer` = the customer. */
  toConversation(conversationId: string, audience: 'staff' | 'customer' | 'all', event: string, payload: unknown): void;
  toUser(userId: string, event: string, payload: unknown): void;
  toBranchLeads(branchId: string, event: string, payload: unknown): void;
  /** Adds the user's sockets to the conversation's audience: staff (owner, monitoring lead) or its customer. */
  follow(userId: string, conversationId: string, audience: 'staff' | 'customer'): void;
  unfollow(userId: string, conversationId: string): void;
}

export interface RoutingOptions {
  /** A new chat waits in the pool this long for a grab before the dispatcher assigns it. */
  grabWindowMs: number;
  policy: DispatchPolicy;
  ticket?: Partial<TicketConfig>;
}

export const DEFAULT_ROUTING: RoutingOptions = { grabWindowMs: 0, policy: DEFAULT_DISPATCH_POLICY };

const WAITING_STATES = new Set(['queued', 'transferred']);
const POOL_PUSH_DEBOUNCE_MS = 300;
const WIDENING_RECHECK_MS = 2000;
/** How long a closed ticket stays in memory to accept the customer's rating. */
const CSAT_WINDOW_MS = 10 * 60_000;
/** How often SLA breaches are checked for auto-escalation and team boards are pushed to leads. */
const LEAD_TICK_MS = 2000;
const AUTO_ESCALATABLE = new Set(['assigned', 'active', 'awaitingCustomer']);

export class HubService {
  readonly commit: GroupCommit;
  readonly store: MessageStore;
  readonly agents: AgentRegistry;
  readonly catalog: HubCatalog = loadCatalog();
  readonly compliance: ComplianceGate;
  private profileWatermark = '';
  private profileTimer: NodeJS.Timeout | null = null;
  private leadTimer: NodeJS.Timeout | null = null;
  /** Auto-escalations decided while a chat had no agent yet: applied as soon as one is assigned. */
  private readonly pendingEscalations = new Map<string, string>();
  readonly escalationRules: EscalationRules = defaultEscalationRules;
  private readonly tickets = new Map<string, Ticket>();
  /**
   * Open conversations, in memory: the hub reads them from here and writes changes through the group commit, so a
   * message costs no synchronous write of its own. Closed ones are read from the database.
   */
  private readonly open = new Map<string, ConversationRecord>();
  private readonly openOfCustomer = new Map<string, string>();
  /** Conversations whose summary changed in this turn, with extra recipients (a previous owner): pushed once. */
  private readonly summariesDue = new Map<string, Set<string>>();
  private summaryFlushScheduled = false;
  /** Bumped whenever the pool or an agent's ability to grab changes; pool pushes happen only when it moved. */
  private poolVersion = 0;
  private poolPushedVersion = -1;
  private readonly lastPoolSent = new Map<string, string>();
  private readonly dirtyTickets = new Set<string>();
  /** Waiting tickets (queued or transferred) in the order they started waiting. */
  private readonly waiting = new Map<string, Ticket>();
  private readonly regionOf: Map<string, string>;
  private dispatchScheduled = false;
  private poolTimer: NodeJS.Timeout | null = null;
  private recheckTimer: NodeJS.Timeout | null = null;
  private readonly offlineTimers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly db: HubDb,
    private readonly notify: HubNotifier,
    private readonly routing: RoutingOptions = DEFAULT_ROUTING,
    private readonly now: () => number = Date.now,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.commit = new GroupCommit(db, { log });
    this.store = new MessageStore(db, this.commit, (messages) => this.onMessagesCommitted(messages));
    const branches = listBranches(db);
    this.regionOf = new Map(branches.map((b) => [b.id, b.regionId]));
    this.agents = new AgentRegistry(listStaff(db), branches, now());
    this.compliance = new ComplianceGate(db, this.commit, this.catalog.compliance, this.catalog.complianceVersion, () => this.iso());
    this.watchProfiles();
    this.leadTimer = setInterval(() => this.leadTick(), LEAD_TICK_MS);
    this.leadTimer.unref?.();
    // The latest snapshot of every ticket that changed rides along in the same transaction as the batch's messages.
    this.commit.onBeforeCommit(() => this.dirtyTicketWrites());
    for (const c of listOpenConversations(db)) {
      this.open.set(c.id, c);
      this.openOfCustomer.set(c.customerId, c.id);
    }
    this.resumeTickets();
  }

  // ------------------------------------------------------------------ lifecycle

  private resumeTickets(): void {
    for (const { conversationId, persisted } of loadOpenTicketSnapshots(this.db)) {
      let ticket: Ticket;
      try {
        ticket = restore(persisted, { onTransition: (r, t) => this.onTransition(r, t) });
      } catch (err) {
        this.log(`cannot resume ticket ${conversationId}: ${(err as Error).message}`);
        continue;
      }
      this.adopt(conversationId, ticket);
    }
    this.scheduleDispatch();
  }

  private adopt(conversationId: string, ticket: Ticket): void {
    this.tickets.set(conversationId, ticket);
    ticket.onSlaBreached((fact) => this.log(`first-response SLA breached on ${conversationId} (owner ${fact.owner ?? 'none'})`));
    const owner = ticket.context.owner;
    if (owner && !isTerminal(ticket.state)) this.agents.moveOwnership(conversationId, null, owner, this.now());
    if (WAITING_STATES.has(ticket.state)) this.waiting.set(conversationId, ticket);
  }

  /** Commits everything pending (the last batch included) and stops the writer; nothing is written afterwards. */
  async close(): Promise<void> {
    // Collects what is pending while the tickets still run: a stopped actor's snapshot cannot be resumed.
    const drained = this.commit.close();
    this.closed = true;
    for (const t of this.tickets.values()) t.stop();
    for (const t of this.offlineTimers.values()) clearTimeout(t);
    if (this.poolTimer) clearTimeout(this.poolTimer);
    if (this.recheckTimer) clearTimeout(this.recheckTimer);
    if (this.profileTimer) clearInterval(this.profileTimer);
    if (this.leadTimer) clearInterval(this.leadTimer);
    await drained;
  }

  // ------------------------------------------------------------------ customers

  customerHello(customer: Principal, entryPoint: string | undefined): { conversation: ConversationRecord; messages: Message[] } {
    const openId = this.openOfCustomer.get(customer.id);
    let conv = openId ? this.open.get(openId) : undefined;
    if (!conv) conv = this.openConversation(customer, entryPoint);
    this.notify.follow(customer.id, conv.id, 'customer');
    return { conversation: conv, messages: listMessagesAfter(this.db, conv.id, 0, 500).filter(customerVisible) };
  }

  private openConversation(customer: Principal, entryPoint: string | undefined): ConversationRecord {
    const at = this.iso();
    const classification = entryPoint ? classifyConversation({ entryPoint }, DEFAULT_SKILL_GROUPS) : null;
    const conv: ConversationRecord = {
      id: `CV-${randomUUID()}`,
      customerId: customer.id,
      customerName: customer.name,
      branchId: customer.branchId,
      channel: 'h5',
      skillGroup: classification?.skillGroup ?? DEFAULT_SKILL_GROUPS.defaultGroup,
      state: 'bot',
      ownerId: null,
      lastSeq: 0,
      lastMessagePreview: '',
      lastMessageAt: null,
      createdAt: at,
      closedAt: null,
    };
    this.open.set(conv.id, conv);
    this.openOfCustomer.set(customer.id, conv.id);
    // Queued before the ticket's snapshot, which the same batch writes (tickets reference conversations).
    void this.commit.write('insertConversation', { ...conv }).catch((err: unknown) => this.log(`conversation not stored: ${String(err)}`));
    const ticket = createTicket(
      {
        ticketId: conv.id,
        conversationId: conv.id,
        branchId: customer.branchId ?? '',
        regionId: customer.branchId ? (this.regionOf.get(customer.branchId) ?? null) : null,
        skillGroup: classification?.skillGroup ?? null,
        createdAt: at,
        config: { logLimit: 20, ...this.routing.ticket },
      },
      { onTransition: (r, t) => this.onTransition(r, t) },
    );
    this.adopt(conv.id, ticket);
    this.markDirty(conv.id);
    if (classification) {
      // The customer chose an entry point: straight to the human queue of that skill group.
      this.apply(conv.id, { type: 'ticket.handoff', skillGroup: classification.skillGroup, reason: describeClassification(classification.reason), actor: SYSTEM_ACTOR, at });
    }
    return conv;
  }

  async customerSend(customer: Principal, input: { conversationId: string; clientMsgId: string; text: string }): Promise<SendAck> {
    const conv = this.ownConversation(customer, input.conversationId);
    const ticket = this.requireTicket(conv.id);
    const event: TicketEvent = { type: 'customer.message', actor: { kind: 'customer', id: customer.id }, at: this.iso() };
    if (!ticket.snapshot.can(event)) {
      throw new AppFailure('INVALID_TRANSITION', '本次会话已结束,请重新发起咨询 / This conversation has ended; please start a new one');
    }
    const { message, duplicate } = await this.store.append({
      conversationId: conv.id,
      clientMsgId: input.clientMsgId,
      senderKind: 'customer',
      senderId: customer.id,
      senderName: customer.name,
      kind: 'text',
      text: input.text,
    });
    if (!duplicate) {
      if (ticket.state === 'bot') {
        const classification = classifyConversation({ firstMessage: input.text }, DEFAULT_SKILL_GROUPS);
        this.apply(conv.id, { type: 'ticket.handoff', skillGroup: classification.skillGroup, reason: describeClassification(classification.reason), actor: SYSTEM_ACTOR, at: message.at });
      }
      this.applyQuietly(conv.id, { type: 'customer.message', messageId: message.id, actor: { kind: 'customer', id: customer.id }, at: message.at });
      const verdict = shouldAutoEscalate({ customerText: input.text }, this.escalationRules);
      if (verdict.escalate) this.autoEscalate(conv.id, verdict.reasons.map((r) => r.zh).join(';'));
    }
    return { messageId: message.id, seq: message.seq, at: message.at, duplicate };
  }

  customerLeave(customer: Principal, conversationId: string): null {
    const conv = this.ownConversation(customer, conversationId);
    this.apply(conv.id, { type: 'customer.left', actor: { kind: 'customer', id: customer.id }, at: this.iso() });
    return null;
  }

  customerRate(customer: Principal, input: { conversationId: string; score: number; comment?: string }): null {
    const conv = this.ownConversation(customer, input.conversationId, { allowClosed: true });
    this.apply(conv.id, { type: 'csat.rated', score: input.score, comment: input.comment, actor: { kind: 'customer', id: customer.id }, at: this.iso() });
    return null;
  }

  customerSync(customer: Principal, conversationId: string, afterSeq: number): Message[] {
    const conv = this.ownConversation(customer, conversationId, { allowClosed: true });
    return listMessagesAfter(this.db, conv.id, afterSeq).filter(customerVisible);
  }

  // ------------------------------------------------------------------ staff

  listFor(staff: Principal): ConversationSummary[] {
    if (staff.role === 'agent') {
      return [...(this.agents.get(staff.id)?.owned ?? [])].map((id) => this.open.get(id)).filter((c): c is ConversationRecord => !!c).map((c) => this.summary(c));
    }
    return [...this.open.values()].filter((c) => this.mayRead(staff, c)).map((c) => this.summary(c));
  }

  syncFor(staff: Principal, conversationId: string, afterSeq: number): Message[] {
    const conv = this.requireConversation(conversationId);
    if (!this.mayRead(staff, conv)) throw new AppFailure('FORBIDDEN', 'Not a conversation you may read');
    return listMessagesAfter(this.db, conv.id, afterSeq);
  }

  async historyFor(staff: Principal, conversationId: string): Promise<TransitionView[]> {
    const conv = this.requireConversation(conversationId);
    if (!this.mayRead(staff, conv)) throw new AppFailure('FORBIDDEN', 'Not a conversation you may read');
    // Transitions are written behind: wait for those already made to be committed, so the answer includes them.
    await this.commit.queuedWritesSettled();
    return listTransitions(this.db, conv.id);
  }

  async staffSend(
    staff: Principal,
    input: { conversationId: string; clientMsgId: string; text: string; ack?: Acknowledgement },
  ): Promise<SendAck> {
    if (staff.role === 'qa') throw new AppFailure('FORBIDDEN', '质检角色不能向客户发送消息 / QA reviewers cannot send messages');
    const conv = this.requireConversation(input.conversationId);
    const ticket = this.requireTicket(conv.id);
    if (ticket.context.owner !== staff.id) {
      // A resend of a message this staff member already stored (e.g. after a transfer) is answered idempotently.
      const existing = await this.store.findExisting(conv.id, input.clientMsgId);
      if (existing && existing.senderId === staff.id) return { messageId: existing.id, seq: existing.seq, at: existing.at, duplicate: true };
      throw new AppFailure('FORBIDDEN', '只有会话的当前负责人可以回复客户 / Only the current owner may write to the customer');
    }
    const actor: EventActor = { kind: staff.role === 'lead' ? 'lead' : 'agent', id: staff.id };
    const event: TicketEvent = { type: 'agent.message', actor, at: this.iso() };
    if (!ticket.snapshot.can(event)) {
      const existing = await this.store.findExisting(conv.id, input.clientMsgId);
      if (existing) return { messageId: existing.id, seq: existing.seq, at: existing.at, duplicate: true };
      throw new AppFailure('INVALID_TRANSITION', `会话状态为 ${ticket.state},不能发送 / The conversation is ${ticket.state}; messages cannot be sent`);
    }
    const existing = await this.store.findExisting(conv.id, input.clientMsgId);
    if (existing) return { messageId: existing.id, seq: existing.seq, at: existing.at, duplicate: true };
    // The hub's own check, whatever the client says: blocked text never reaches the customer.
    let screened;
    try {
      screened = this.compliance.screen(staff.id, conv.id, input.text, input.ack);
    } catch (err) {
      if (err instanceof AppFailure && err.code === 'COMPLIANCE_BLOCKED') {
        // this attempt included: the gate counts blocks still waiting for their commit
        const attempts = this.compliance.blockedSends(conv.id);
        const verdict = shouldAutoEscalate({ blockedSends: attempts }, this.escalationRules);
        if (verdict.escalate) this.autoEscalate(conv.id, verdict.reasons.map((r) => r.zh).join(';'));
      }
      throw err;
    }
    const compliance =
      screened.verdict === 'pass' ? undefined : { verdict: screened.verdict, acknowledged: [...new Set(screened.hits.map((h) => h.ruleId))] };
    const { message, duplicate } = await this.store.append({
      conversationId: conv.id,
      clientMsgId: input.clientMsgId,
      senderKind: actor.kind === 'lead' ? 'lead' : 'agent',
      senderId: staff.id,
      senderName: staff.name,
      kind: 'text',
      text: input.text,
      ...(compliance ? { payload: { compliance } } : {}),
    });
    if (!duplicate) this.applyQuietly(conv.id, { type: 'agent.message', messageId: message.id, actor, at: message.at });
    return { messageId: message.id, seq: message.seq, at: message.at, duplicate };
  }

  assertOwner(staff: Principal, conversationId: string): void {
    const conv = this.requireConversation(conversationId);
    if (conv.ownerId !== staff.id) throw new AppFailure('FORBIDDEN', '不是您正在服务的会话 / Not a conversation you are serving');
  }

  reportWarningsShown(staff: Principal, input: { conversationId: string; ruleIds: string[] }): null {
    this.staffConversation(staff, input.conversationId);
    this.compliance.recordShown(staff.id, input.conversationId, input.ruleIds);
    return null;
  }

  // ------------------------------------------------------------------ customers: profiles, reveal

  /** The masked profile card of a conversation's customer, for a staff member who may see it. */
  profileFor(staff: Principal, customerId: string): CustomerCard | null {
    this.assertMayReadCustomer(staff, customerId);
    const profile = getCustomer(this.db, customerId);
    if (!profile) return null;
    return customerCard(profile, this.catalog, this.iso().slice(0, 10));
  }

  async reveal(staff: Principal, input: { customerId: string; field: RevealableField; reason: string }) {
    this.assertMayReadCustomer(staff, input.customerId);
    return revealField(this.db, this.commit, staff, input.customerId, input.field, input.reason, this.iso());
  }

  /**
   * Agents see only the customers of their own open conversations; leads only their branch's customers;
   * QA reviewers masked profiles of their branch (head office: all) — never a raw field.
   */
  private assertMayReadCustomer(staff: Principal, customerId: string): void {
    if (staff.role === 'agent') {
      const ownsOne = [...(this.agents.get(staff.id)?.owned ?? [])].some((id) => this.open.get(id)?.customerId === customerId);
      if (!ownsOne) throw new AppFailure('FORBIDDEN', '只能查看自己正在服务的客户 / Only customers of your open conversations');
      return;
    }
    const profile = getCustomer(this.db, customerId);
    const branchId = profile?.branchId ?? null;
    if (staff.role === 'lead' && branchId !== null && branchId === staff.branchId) return;
    if (staff.role === 'qa' && (staff.branchId === null || branchId === staff.branchId)) return;
    throw new AppFailure('FORBIDDEN', '不是本营业部的客户 / Not a customer of your branch');
  }

  /** Profiles changed on the hub (an import, a CRM feed) are pushed to whoever has that customer open. */
  private watchProfiles(): void {
    this.profileWatermark = this.iso();
    this.profileTimer = setInterval(() => {
      const changed = listCustomersUpdatedSince(this.db, this.profileWatermark);
      if (changed.length === 0) return;
      this.profileWatermark = changed.reduce((w, c) => (c.updatedAt > w ? c.updatedAt : w), this.profileWatermark);
      const ids = new Set(changed.map((c) => c.id));
      for (const conv of this.open.values()) {
        if (!ids.has(conv.customerId)) continue;
        if (conv.ownerId) this.notify.toUser(conv.ownerId, 'customer.updated', { customerId: conv.customerId });
        if (conv.branchId) this.notify.toBranchLeads(conv.branchId, 'customer.updated', { customerId: conv.customerId });
      }
    }, 1000);
    this.profileTimer.unref?.();
  }

  // ------------------------------------------------------------------ product pushes and business cards

  catalogView() {
    return { products: this.catalog.products, cards: this.catalog.cards };
  }

  /** The decision an agent sees before sending; the same rules decide again, authoritatively, at push time. */
  checkPush(staff: Principal, input: { conversationId: string; productCode: string; customerInitiated: boolean }) {
    const conv = this.staffConversation(staff, input.conversationId);
    const product = this.catalog.products.find((p) => p.code === input.productCode);
    if (!product) throw new AppFailure('NOT_FOUND', `No product ${input.productCode}`);
    return { product, ...this.decide(conv.customerId, product.code, product.riskLevel, product.name, input.customerInitiated) };
  }

  private decide(customerId: string, code: string, riskLevel: string, name: string, customerInitiated: boolean): SuitabilityDecision {
    const asOf = this.iso().slice(0, 10);
    const profile = getCustomer(this.db, customerId);
    // A visitor with no profile has no investor type: rule 1 denies every product, even R1.
    const customer = profile ? suitabilityCustomerOf(profile, asOf) : {};
    return decideSuitability({ customer, product: { code, riskLevel, name }, customerInitiated, asOf });
  }

  async pushProduct(
    staff: Principal,
    input: { conversationId: string; clientMsgId: string; productCode: string; customerInitiated: boolean },
  ): Promise<SendAck & { decision: SuitabilityDecision['decision'] }> {
    const conv = this.requireOwnedForWriting(staff, input.conversationId);
    const existing = await this.store.findExisting(conv.id, input.clientMsgId);
    if (existing) return { messageId: existing.id, seq: existing.seq, at: existing.at, duplicate: true, decision: (existing.payload as { decision?: { decision: 'allow' } })?.decision?.decision ?? 'allow' };
    const product = this.catalog.products.find((p) => p.code === input.productCode);
    if (!product) throw new AppFailure('NOT_FOUND', `No product ${input.productCode}`);
    const decision = this.decide(conv.customerId, product.code, product.riskLevel, product.name, input.customerInitiated);
    const at = this.iso();
    const pushId = randomUUID();
    const audit = { productCode: product.code, riskLevel: product.riskLevel, customerId: conv.customerId, customerInitiated: input.customerInitiated, decision };
    if (decision.decision === 'deny') {
      await this.commit.write('appendAudit', { actor: staff.id, kind: 'suitability.denied', subject: conv.id, payload: audit, at });
      throw new AppFailure('SUITABILITY_DENIED', `不可推送:${decision.reasons.map((r) => r.zh).join(';')} / Not suitable: ${decision.reasons.map((r) => r.en).join('; ')}`, { decision });
    }
    const requiresConfirmation = decision.decision === 'confirm';
    const payload = {
      type: 'product',
      pushId,
      title: product.name,
      product,
      decision,
      requiresConfirmation,
      riskWarning: requiresConfirmation
        ? `特别风险揭示:该产品风险等级为 ${product.riskLevel}。${decision.reasons.map((r) => r.zh).join(';')}。请您仔细阅读产品说明书与风险揭示书,确认自愿购买并自行承担投资风险。`
        : `该产品风险等级为 ${product.riskLevel},请仔细阅读产品说明书。理财非存款,投资需谨慎。`,
    };
    await this.commit.writeAll([
      op('insertPush', { id: pushId, conversationId: conv.id, customerId: conv.customerId, agentId: staff.id, productCode: product.code, customerInitiated: input.customerInitiated, decision: decision.decision, reasons: decision.reasons, messageSeq: null, createdAt: at, confirmedAt: null }),
      op('appendAudit', { actor: staff.id, kind: 'suitability.pushed', subject: conv.id, payload: { ...audit, pushId }, at }),
    ]);
    const { message } = await this.store.append({
      conversationId: conv.id,
      clientMsgId: input.clientMsgId,
      senderKind: staff.role === 'lead' ? 'lead' : 'agent',
      senderId: staff.id,
      senderName: staff.name,
      kind: 'card',
      text: `【产品推荐】${product.name}(${product.riskLevel})`,
      payload,
    });
    const seqStored = this.commit.write('setPushMessageSeq', pushId, message.seq);
    this.applyQuietly(conv.id, { type: 'agent.message', messageId: message.id, actor: this.actorOf(staff), at: message.at });
    await seqStored;
    return { messageId: message.id, seq: message.seq, at: message.at, duplicate: false, decision: decision.decision };
  }

  async sendCard(staff: Principal, input: { conversationId: string; clientMsgId: string; cardId: string }): Promise<SendAck> {
    const conv = this.requireOwnedForWriting(staff, input.conversationId);
    const card = this.catalog.cards.find((c) => c.id === input.cardId);
    if (!card) throw new AppFailure('NOT_FOUND', `No business card ${input.cardId}`);
    const { message, duplicate } = await this.store.append({
      conversationId: conv.id,
      clientMsgId: input.clientMsgId,
      senderKind: staff.role === 'lead' ? 'lead' : 'agent',
      senderId: staff.id,
      senderName: staff.name,
      kind: 'card',
      text: `【业务办理】${card.title.zh}`,
      payload: { type: 'business', cardId: card.id, title: card.title.zh, titleEn: card.title.en, card },
    });
    if (!duplicate) this.applyQuietly(conv.id, { type: 'agent.message', messageId: message.id, actor: this.actorOf(staff), at: message.at });
    return { messageId: message.id, seq: message.seq, at: message.at, duplicate };
  }

  async confirmPush(customer: Principal, input: { conversationId: string; pushId: string }): Promise<{ confirmedAt: string }> {
    const conv = this.ownConversation(customer, input.conversationId, { allowClosed: true });
    const push = getPush(this.db, input.pushId);
    if (!push || push.conversationId !== conv.id) throw new AppFailure('NOT_FOUND', 'No such product push in this conversation');
    if (push.decision !== 'confirm') throw new AppFailure('CONFLICT', 'This push needs no confirmation');
    if (push.confirmedAt) return { confirmedAt: push.confirmedAt };
    const at = this.iso();
    await this.commit.writeAll([
      op('confirmPush', push.id, at),
      op('appendAudit', { actor: customer.id, kind: 'suitability.customer_confirmed', subject: conv.id, payload: { pushId: push.id, productCode: push.productCode }, at }),
    ]);
    await this.store.append({
      conversationId: conv.id,
      clientMsgId: `confirm-${push.id.slice(0, 20)}`,
      senderKind: 'system',
      senderId: 'hub',
      senderName: '系统',
      kind: 'system',
      text: `客户已阅读并确认产品 ${push.productCode} 的特别风险揭示`,
      payload: { event: 'push.confirmed', pushId: push.id, internal: false },
    });
    return { confirmedAt: at };
  }

  private requireOwnedForWriting(staff: Principal, conversationId: string): ConversationRecord {
    if (staff.role === 'qa') throw new AppFailure('FORBIDDEN', '质检角色不能向客户发送消息 / QA reviewers cannot send messages');
    const conv = this.requireConversation(conversationId);
    const ticket = this.requireTicket(conv.id);
    if (ticket.context.owner !== staff.id) throw new AppFailure('FORBIDDEN', '只有会话的当前负责人可以回复客户 / Only the current owner may write to the customer');
    if (!ticket.snapshot.can({ type: 'agent.message', actor: this.actorOf(staff), at: this.iso() })) {
      throw new AppFailure('INVALID_TRANSITION', `会话状态为 ${ticket.state},不能发送 / The conversation is ${ticket.state}`);
    }
    return conv;
  }

  setStatus(staff: Principal, status: AgentStatusChoice): null {
    const agent = this.agents.setStatus(staff.id, status, this.now());
    if (!agent) throw new AppFailure('FORBIDDEN', 'Only agents and leads have a service status');
    this.notify.toUser(staff.id, 'agent.status', { status });
    this.poolVersion++;
    this.lastPoolSent.delete(staff.id);
    this.scheduleDispatch();
    this.schedulePoolPush();
    return null;
  }

  grab(staff: Principal, conversationId: string): ConversationSummary {
    const agent = this.agents.get(staff.id);
    if (!agent || staff.role !== 'agent') throw new AppFailure('FORBIDDEN', '只有坐席可以抢单 / Only agents can grab chats');
    const conv = this.requireConversation(conversationId);
    const ticket = this.requireTicket(conv.id);
    if (!WAITING_STATES.has(ticket.state)) {
      throw new AppFailure('ALREADY_TAKEN', '该会话已被其他坐席接入 / This chat has already been taken');
    }
    const verdict = eligibleForGrab(agent, this.queuedView(ticket), this.routing.policy);
    if (!verdict.ok) throw new AppFailure(verdict.code === 'CAPACITY_FULL' ? 'CAPACITY_FULL' : 'FORBIDDEN', `${verdict.reason.zh} / ${verdict.reason.en}`);
    // Single-threaded: the state check above and this transition happen with nothing in between, so exactly one grab wins.
    this.apply(conv.id, { type: 'ticket.assign', agentId: staff.id, by: 'grab', actor: { kind: 'agent', id: staff.id }, at: this.iso() });
    return this.summary(this.requireConversation(conv.id));
  }


  transfer(staff: Principal, input: { conversationId: string; toSkillGroup?: string; toAgentId?: string; note: string }): null {
    const conv = this.staffConversation(staff, input.conversationId);
    if (input.toAgentId && !this.agents.get(input.toAgentId)) throw new AppFailure('NOT_FOUND', `No agent ${input.toAgentId}`);
    if (input.toSkillGroup && !DEFAULT_SKILL_GROUPS.groups.some((g) => g.id === input.toSkillGroup)) {
      throw new AppFailure('NOT_FOUND', `No skill group ${input.toSkillGroup}`);
    }
    this.apply(conv.id, {
      type: 'ticket.transfer',
      toSkillGroup: input.toSkillGroup,
      toAgentId: input.toAgentId,
      note: input.note,
      actor: this.actorOf(staff),
      at: this.iso(),
    });
    return null;
  }

  escalate(staff: Principal, input: { conversationId: string; reason: string }): null {
    const conv = this.staffConversation(staff, input.conversationId);
    this.apply(conv.id, { type: 'ticket.escalate', reason: input.reason, actor: this.actorOf(staff), at: this.iso() });
    return null;
  }

  resolve(staff: Principal, input: { conversationId: string; summary?: string }): null {
    const conv = this.staffConversation(staff, input.conversationId);
    this.apply(conv.id, { type: 'ticket.resolve', summary: input.summary, actor: this.actorOf(staff), at: this.iso() });
    return null;
  }

  closeTicket(staff: Principal, input: { conversationId: string; reason?: string }): null {
    const conv = this.staffConversation(staff, input.conversationId);
    this.apply(conv.id, { type: 'ticket.close', reason: input.reason, actor: this.actorOf(staff), at: this.iso() });
    return null;
  }

  leadAction(
    staff: Principal,
    input:
      | { kind: 'takeOver'; conversationId: string }
      | { kind: 'reassign'; conversationId: string; toAgentId: string; note?: string }
      | { kind: 'return'; conversationId: string; guidance: string },
  ): null {
    if (staff.role !== 'lead') throw new AppFailure('FORBIDDEN', '只有营业部负责人可以处理升级 / Only branch leads handle escalations');
    const conv = this.requireConversation(input.conversationId);
    if (conv.branchId !== staff.branchId) throw new AppFailure('FORBIDDEN', '不是本营业部的会话 / Not a conversation of your branch');
    const actor = this.actorOf(staff);
    const at = this.iso();
    if (input.kind === 'takeOver') this.apply(conv.id, { type: 'lead.takeOver', leadId: staff.id, actor, at });
    else if (input.kind === 'reassign') {
      if (!this.agents.get(input.toAgentId)) throw new AppFailure('NOT_FOUND', `No agent ${input.toAgentId}`);
      this.apply(conv.id, { type: 'lead.reassign', toAgentId: input.toAgentId, note: input.note, actor, at });
    } else this.apply(conv.id, { type: 'lead.return', guidance: input.guidance, actor, at });
    return null;
  }

  poolFor(staff: Principal): PoolItem[] {
    const agent = this.agents.get(staff.id);
    if (!agent || staff.role !== 'agent') return [];
    return this.poolItemsFor(agent);
  }

  directory(): Directory {
    return {
      skillGroups: DEFAULT_SKILL_GROUPS.groups.map((g) => ({ id: g.id, name: g.name })),
      agents: [...this.agents.all()]
        .filter((a) => a.role === 'agent')
        .map((a) => ({ id: a.id, displayName: a.displayName, branchId: a.branchId, status: a.status, load: a.load, capacity: a.capacity ?? 5, skills: [...a.skills] })),
    };
  }

  agentConnected(staff: Principal): void {
    const agent = this.agents.connected(staff.id, this.now());
    const pending = this.offlineTimers.get(staff.id);
    if (pending) {
      clearTimeout(pending);
      this.offlineTimers.delete(staff.id);
    }
    for (const c of this.ownedConversationIds(staff.id)) this.notify.follow(staff.id, c, 'staff');
    if (agent) this.notify.toUser(staff.id, 'agent.status', { status: agent.status });
    this.poolVersion++;
    this.lastPoolSent.delete(staff.id);
    this.scheduleDispatch();
    this.schedulePoolPush();
  }

  agentDisconnected(staff: Principal): void {
    if (!this.agents.disconnected(staff.id, this.now())) return;
    // A dropped connection gets a grace period to come back before its chats return to the queue.
    const timer = setTimeout(() => {
      this.offlineTimers.delete(staff.id);
      const agent = this.agents.get(staff.id);
      if (!agent || agent.status !== 'offline') return;
      for (const conversationId of [...agent.owned]) {
        this.applyQuietly(conversationId, { type: 'agent.offline', agentId: staff.id, actor: SYSTEM_ACTOR, at: this.iso() });
      }
    }, this.routing.policy.offlineGraceMs);
    timer.unref?.();
    this.offlineTimers.set(staff.id, timer);
  }

  // ------------------------------------------------------------------ branch leads

  private requireLead(staff: Principal): string {
    if (staff.role !== 'lead' || !staff.branchId) throw new AppFailure('FORBIDDEN', '仅营业部负责人可用 / Branch leads only');
    return staff.branchId;
  }

  /** A lead follows a session of their branch live, read-only. */
  monitor(staff: Principal, input: { conversationId: string; on: boolean }): ConversationSummary {
    const branchId = this.requireLead(staff);
    const conv = this.requireConversation(input.conversationId);
    if (conv.branchId !== branchId) throw new AppFailure('FORBIDDEN', '不是本营业部的会话 / Not a conversation of your branch');
    if (input.on) this.notify.follow(staff.id, conv.id, 'staff');
    else if (conv.ownerId !== staff.id) this.notify.unfollow(staff.id, conv.id);
    return this.summary(conv);
  }

  /** A private note between the branch lead and the agent: kept in the transcript as internal, never sent to the customer. */
  async whisper(staff: Principal, input: { conversationId: string; clientMsgId: string; text: string }): Promise<SendAck> {
    const conv = this.requireConversation(input.conversationId);
    const leadOfBranch = staff.role === 'lead' && conv.branchId !== null && conv.branchId === staff.branchId;
    if (!leadOfBranch && conv.ownerId !== staff.id) throw new AppFailure('FORBIDDEN', '只有负责人和当前坐席可以使用悄悄话 / Only the branch lead and the owner may whisper');
    const { message, duplicate } = await this.store.append({
      conversationId: conv.id,
      clientMsgId: input.clientMsgId,
      senderKind: staff.role === 'lead' ? 'lead' : 'agent',
      senderId: staff.id,
      senderName: staff.name,
      kind: 'whisper',
      text: input.text,
      payload: { internal: true },
    });
    return { messageId: message.id, seq: message.seq, at: message.at, duplicate };
  }

  teamBoard(staff: Principal): TeamBoard {
    return this.buildBoard(this.requireLead(staff));
  }

  dashboard(staff: Principal, range: DashboardRange): DashboardFigures {
    const branchId = this.requireLead(staff);
    const since = sinceFor(range, this.now());
    const tickets = listBranchTicketSnapshots(this.db, branchId, since)
      .map((t) => (t.persisted as { snapshot?: { value?: string; context?: TicketContext } }).snapshot)
      .filter((s): s is { value: string; context: TicketContext } => !!s?.context && typeof s.value === 'string')
      .map((s) => ({ state: s.value, context: s.context }));
    return computeDashboard(range, since, tickets, listCustomerTexts(this.db, branchId, since));
  }

  private buildBoard(branchId: string): TeamBoard {
    const nowMs = this.now();
    const agents = [...this.agents.all()]
      .filter((a) => a.branchId === branchId && a.role === 'agent')
      .map((a) => {
        const chats = [...a.owned].map((id) => {
          const t = this.tickets.get(id);
          const c = this.open.get(id);
          return {
            conversationId: id,
            customerName: c?.customerName ?? '',
            state: t?.state ?? c?.state ?? '',
            slaBreached: !!t?.context.sla.firstResponseBreachedAt && !t?.context.firstResponseAt,
            escalated: t?.state === 'escalated',
          };
        });
        return { id: a.id, displayName: a.displayName, status: a.status, load: a.load, capacity: a.capacity ?? 5, skills: [...a.skills], chats, slaBreaches: chats.filter((c) => c.slaBreached).length };
      });
    const queues = new Map<string, { length: number; longestWaitS: number }>();
    for (const ticket of this.waiting.values()) {
      const ctx = ticket.context;
      if (ctx.branchId && ctx.branchId !== branchId) continue;
      const group = ctx.skillGroup ?? DEFAULT_SKILL_GROUPS.defaultGroup;
      const wait = Math.max(0, (nowMs - Date.parse(ctx.queuedAt ?? ctx.createdAt)) / 1000);
      const q = queues.get(group) ?? { length: 0, longestWaitS: 0 };
      queues.set(group, { length: q.length + 1, longestWaitS: Math.max(q.longestWaitS, Math.round(wait)) });
    }
    return {
      branchId,
      at: new Date(nowMs).toISOString(),
      agents,
      queues: DEFAULT_SKILL_GROUPS.groups.map((g) => ({ skillGroup: g.id, name: g.name, ...(queues.get(g.id) ?? { length: 0, longestWaitS: 0 }) })),
    };
  }

  /** Escalates without an agent asking (complaint words, a supervisor request, an SLA breach, repeated blocked sends). */
  private autoEscalate(conversationId: string, reason: string): void {
    const ticket = this.tickets.get(conversationId);
    if (!ticket || ticket.state === 'escalated') return;
    if (!AUTO_ESCALATABLE.has(ticket.state)) {
      if (!isTerminal(ticket.state)) this.pendingEscalations.set(conversationId, reason);
      return;
    }
    // Deferred: this may run inside another ticket step (a transition listener).
    queueMicrotask(() => this.applyQuietly(conversationId, { type: 'ticket.escalate', reason: `自动升级:${reason}`, auto: true, actor: SYSTEM_ACTOR, at: this.iso() }));
  }

  private leadTick(): void {
    if (this.closed) return;
    const nowMs = this.now();
    const thresholdMs = this.escalationRules.thresholds.slaBreachedSeconds * 1000;
    for (const [conversationId, ticket] of this.tickets) {
      const breachedAt = ticket.context.sla.firstResponseBreachedAt;
      if (!breachedAt || ticket.context.firstResponseAt || ticket.context.counters.escalations > 0) continue;
      const verdict = shouldAutoEscalate({ slaBreachedForMs: nowMs - Date.parse(breachedAt) }, this.escalationRules);
      if (verdict.escalate && nowMs - Date.parse(breachedAt) >= thresholdMs) this.autoEscalate(conversationId, verdict.reasons.map((r) => r.zh).join(';'));
    }
    const branches = new Set<string>();
    for (const a of this.agents.all()) if (a.role === 'lead' && a.sockets > 0 && a.branchId) branches.add(a.branchId);
    for (const branchId of branches) this.notify.toBranchLeads(branchId, 'team.updated', this.buildBoard(branchId));
  }

  // ------------------------------------------------------------------ internals: tickets

  /** Sends an event to a ticket; a refusal becomes a typed error for the caller. */
  private apply(conversationId: string, event: TicketEvent): void {
    const result = sendTicketEvent(this.requireTicket(conversationId), event);
    if (!result.ok) throw new AppFailure(result.error.code, result.error.message, result.error.details);
    this.persistContextChange(conversationId, result.records.length);
  }

  /** An accepted event that changed no state (a CSAT score, a message counter) still changed the snapshot. */
  private persistContextChange(conversationId: string, transitions: number): void {
    if (transitions === 0) this.markDirty(conversationId);
  }

  /** For events the hub raises itself after the fact (message counters, offline release): a refusal is logged only. */
  private applyQuietly(conversationId: string, event: TicketEvent): void {
    const ticket = this.tickets.get(conversationId);
    if (!ticket) return;
    const result = sendTicketEvent(ticket, event);
    if (!result.ok && result.error.code !== 'INVALID_TRANSITION') this.log(`ticket ${conversationId}: ${result.error.message}`);
    if (result.ok) this.persistContextChange(conversationId, result.records.length);
  }

  /** Every state change of every ticket, including those made by timers, comes through here. */
  private onTransition(record: TransitionRecord, ticket: Ticket): void {
    if (this.closed) return;
    const conversationId = ticket.context.conversationId;
    const conv = this.open.get(conversationId);
    if (!conv) return;
    const previousOwner = conv.ownerId;
    const owner = ticket.context.owner;
    const terminal = isTerminal(ticket.state);
    conv.state = ticket.state;
    conv.ownerId = terminal ? null : owner;
    if (ticket.context.skillGroup) conv.skillGroup = ticket.context.skillGroup;
    if (terminal) conv.closedAt = record.at;
    const routing = { state: conv.state, ownerId: conv.ownerId, skillGroup: conv.skillGroup, ...(terminal ? { closedAt: record.at } : {}) };
    this.markDirty(conversationId);
    // Written in the next group commit with the messages and the ticket snapshot: no synchronous write per message.
    void this.commit.write('recordTransition', conversationId, record, routing).catch((err: unknown) => this.log(`transition not stored: ${String(err)}`));

    this.agents.moveOwnership(conversationId, previousOwner, conv.ownerId, this.now());
    if (previousOwner && previousOwner !== owner) this.notify.unfollow(previousOwner, conversationId);
    // An unchanged owner already follows (since the assignment, or since it connected): most transitions are replies.
    if (owner && !terminal && owner !== previousOwner) this.notify.follow(owner, conversationId, 'staff');

    const wasWaiting = this.waiting.has(conversationId);
    if (WAITING_STATES.has(ticket.state)) this.waiting.set(conversationId, ticket);
    else this.waiting.delete(conversationId);
    if (wasWaiting !== this.waiting.has(conversationId) || previousOwner !== conv.ownerId) this.poolVersion++;

    this.queueSummary(conversationId, previousOwner && previousOwner !== conv.ownerId ? previousOwner : null);

    this.announce(conversationId, record, ticket);
    const pending = this.pendingEscalations.get(conversationId);
    if (pending && AUTO_ESCALATABLE.has(ticket.state)) {
      this.pendingEscalations.delete(conversationId);
      this.autoEscalate(conversationId, pending);
    }
    if (terminal) {
      this.open.delete(conversationId);
      this.store.forget(conversationId);
      if (this.openOfCustomer.get(conv.customerId) === conversationId) this.openOfCustomer.delete(conv.customerId);
      this.notify.toConversation(conversationId, 'customer', 'conv.ended', { conversationId, reason: record.reason });
      // A closed ticket still accepts the customer's rating for a while; then it leaves memory.
      const retire = setTimeout(() => {
        if (this.tickets.get(conversationId) === ticket) this.tickets.delete(conversationId);
        this.store.forget(conversationId);
        ticket.stop();
      }, CSAT_WINDOW_MS);
      retire.unref?.();
    }
    if (WAITING_STATES.has(ticket.state) || previousOwner !== conv.ownerId) this.scheduleDispatch();
    this.schedulePoolPush();
  }

  /** One `conv.updated` per conversation per turn, however many changes it had, to its owner and branch leads. */
  private queueSummary(conversationId: string, alsoTo: string | null): void {
    let extra = this.summariesDue.get(conversationId);
    if (!extra) this.summariesDue.set(conversationId, (extra = new Set()));
    if (alsoTo) extra.add(alsoTo);
    if (this.summaryFlushScheduled) return;
    this.summaryFlushScheduled = true;
    // Sent once the changes behind it are committed: a client that reads after a summary sees what it announced.
    this.commit.afterQueuedWrites(() => {
      this.summaryFlushScheduled = false;
      const due = [...this.summariesDue];
      this.summariesDue.clear();
      for (const [id, extraRecipients] of due) {
        const conv = this.open.get(id) ?? getConversation(this.db, id);
        if (!conv) continue;
        const summary = this.summary(conv);
        const recipients = new Set(extraRecipients);
        if (conv.ownerId) recipients.add(conv.ownerId);
        for (const userId of recipients) this.notify.toUser(userId, 'conv.updated', summary);
        if (conv.branchId) this.notify.toBranchLeads(conv.branchId, 'conv.updated', summary);
      }
    });
  }

  /** Lifecycle facts that belong in the transcript, as system messages (internal ones are not shown to the customer). */
  private announce(conversationId: string, record: TransitionRecord, ticket: Ticket): void {
    const ctx = ticket.context;
    const staffName = (id: string | null) => (id ? (getStaff(this.db, id)?.displayName ?? id) : '');
    let text: string;
    let internal = false;
    switch (record.reason) {
      case 'transfer': {
        const t = ctx.lastTransfer;
        text = t?.toAgentId ? `会话已转接给 ${staffName(t.toAgentId)}` : `会话已转接至「${t?.toSkillGroup ?? ''}」组`;
        if (t?.note) text += `。备注:${t.note}`;
        internal = false;
        break;
      }
      case 'escalation':
      case 'autoEscalation':
        text = `会话已升级至营业部负责人:${ctx.escalation?.reason ?? ''}`;
        internal = true;
        break;
      case 'leadTakeOver':
        text = `${staffName(ctx.owner)} 已接管会话`;
        break;
      case 'leadReassign':
        text = `会话已改派给 ${staffName(ctx.owner)}`;
        internal = true;
        break;
      case 'leadReturn':
        text = `负责人退回会话并给出指导:${ctx.escalation?.guidance ?? ''}`;
        internal = true;
        break;
      case 'resolved':
        text = '坐席已结束本次服务,欢迎对本次服务进行评价';
        break;
      case 'assign.grab':
      case 'assign.dispatch':
      case 'assign.lead':
        text = `${staffName(ctx.owner)} 为您服务`;
        break;
      default:
        return;
    }
    if (record.reason === 'resolved') this.notify.toConversation(conversationId, 'customer', 'csat.request', { conversationId });
    void this.store
      .append({
        conversationId,
        clientMsgId: `sys-${ctx.ticketId.slice(3, 15)}-${record.seq}`,
        senderKind: 'system',
        senderId: 'hub',
        senderName: '系统',
        kind: 'system',
        text,
        payload: { event: record.event, reason: record.reason, internal },
      })
      .catch((err: unknown) => this.log(`system message not stored: ${String(err)}`));
  }

  private markDirty(conversationId: string): void {
    this.dirtyTickets.add(conversationId);
    this.commit.schedule();
  }

  /** The latest snapshot of each ticket that changed, serialised now, for the batch about to be committed. */
  private dirtyTicketWrites(): WriteOp[] {
    if (this.dirtyTickets.size === 0) return [];
    const at = this.iso();
    const writes: WriteOp[] = [];
    for (const conversationId of this.dirtyTickets) {
      const ticket = this.tickets.get(conversationId);
      if (!ticket) continue;
      // The transition log lives in its own table; the snapshot keeps `seq` so numbering continues after a restart.
      writes.push(op('saveTicketSnapshot', conversationId, TICKET_MACHINE_VERSION, serializeTicketWithoutLog(ticket), at));
    }
    this.dirtyTickets.clear();
    return writes;
  }

  // ------------------------------------------------------------------ internals: routing

  private scheduleDispatch(): void {
    if (this.dispatchScheduled || this.closed) return;
    this.dispatchScheduled = true;
    setImmediate(() => {
      this.dispatchScheduled = false;
      this.dispatchNow();
    });
  }

  private dispatchNow(): void {
    if (this.closed || this.waiting.size === 0) return;
    let available = this.agents.available();
    const nowMs = this.now();
    let needsRecheck = false;
    for (const [conversationId, ticket] of this.waiting) {
      if (available.length === 0) {
        needsRecheck = true;
        break;
      }
      const queued = this.queuedView(ticket);
      if (queued.waitingMs < this.routing.grabWindowMs && !queued.reservedFor) {
        needsRecheck = true;
        continue;
      }
      const agent = pickAgentForDispatch(queued, available, this.routing.policy);
      if (!agent) {
        needsRecheck = true;
        continue;
      }
      const result = sendTicketEvent(ticket, { type: 'ticket.assign', agentId: agent.id, by: 'dispatch', actor: SYSTEM_ACTOR, at: new Date(nowMs).toISOString() });
      if (!result.ok) {
        this.log(`dispatch of ${conversationId} to ${agent.id} refused: ${result.error.message}`);
        continue;
      }
      if (agent.load >= (agent.capacity ?? 5)) available = available.filter((a) => a !== agent);
    }
    if (needsRecheck && !this.recheckTimer) {
      // Waiting tickets widen their reach and leave the grab window over time: look again shortly.
      this.recheckTimer = setTimeout(() => {
        this.recheckTimer = null;
        this.dispatchNow();
        this.schedulePoolPush();
      }, Math.min(WIDENING_RECHECK_MS, Math.max(50, this.routing.grabWindowMs)));
      this.recheckTimer.unref?.();
    }
  }

  private queuedView(ticket: Ticket): QueuedTicket {
    const ctx = ticket.context;
    const queuedAt = Date.parse(ctx.queuedAt ?? ctx.createdAt);
    return {
      skillGroup: ctx.skillGroup ?? DEFAULT_SKILL_GROUPS.defaultGroup,
      branchId: ctx.branchId || null,
      regionId: ctx.regionId,
      waitingMs: Math.max(0, this.now() - queuedAt),
      excludeAgentIds: ctx.ownerHistory.map((o) => o.agentId),
      reservedFor: ctx.reservedFor,
    };
  }

  private poolItemsFor(agent: LiveAgent): PoolItem[] {
    const items: PoolItem[] = [];
    for (const [conversationId, ticket] of this.waiting) {
      const verdict = eligibleForGrab(agent, this.queuedView(ticket), this.routing.policy);
      if (!verdict.ok && verdict.code !== 'CAPACITY_FULL' && verdict.code !== 'NOT_ONLINE') continue;
      const conv = this.open.get(conversationId);
      if (!conv) continue;
      items.push({
        conversationId,
        customerName: conv.customerName,
        skillGroup: ticket.context.skillGroup ?? conv.skillGroup,
        branchId: conv.branchId,
        queuedAt: ticket.context.queuedAt ?? conv.createdAt,
        preview: conv.lastMessagePreview,
        reservedFor: ticket.context.reservedFor,
        canGrab: verdict.ok,
        reason: verdict.ok ? null : verdict.reason,
      });
      if (items.length >= 100) break;
    }
    return items;
  }

  private schedulePoolPush(): void {
    if (this.poolTimer || this.closed || this.poolVersion === this.poolPushedVersion) return;
    this.poolTimer = setTimeout(() => {
      this.poolTimer = null;
      this.poolPushedVersion = this.poolVersion;
      for (const agent of this.agents.all()) {
        if (agent.role !== 'agent' || agent.sockets === 0) continue;
        const items = this.poolItemsFor(agent);
        // Only what changed for this agent is sent: an unchanged (often empty) pool is not pushed again.
        const key = items.map((i) => `${i.conversationId}:${i.canGrab ? 1 : 0}:${i.reservedFor ?? ''}`).join('|');
        if (this.lastPoolSent.get(agent.id) === key) continue;
        this.lastPoolSent.set(agent.id, key);
        this.notify.toUser(agent.id, 'pool.updated', items);
      }
    }, POOL_PUSH_DEBOUNCE_MS);
    this.poolTimer.unref?.();
  }

  // ------------------------------------------------------------------ internals: messages and access

  private onMessagesCommitted(messages: readonly Message[]): void {
    for (const m of messages) {
      const internal = m.kind === 'whisper' || (m.payload as { internal?: boolean } | undefined)?.internal === true;
      this.notify.toConversation(m.conversationId, internal ? 'staff' : 'all', 'msg.new', m);
    }
    for (const m of messages) {
      const conv = this.open.get(m.conversationId);
      if (!conv) continue;
      conv.lastSeq = Math.max(conv.lastSeq, m.seq);
      conv.lastMessageAt = m.at;
      // The preview (session list, new-chat notification) is the conversation itself: system notes such as
      // "xxx 为您服务" would hide the customer's question.
      if (m.senderKind !== 'system' && m.kind !== 'whisper') conv.lastMessagePreview = m.text.length > 60 ? `${m.text.slice(0, 60)}…` : m.text;
      this.queueSummary(m.conversationId, null);
    }
  }

  summary(c: ConversationRecord): ConversationSummary {
    const ticket = this.tickets.get(c.id);
    const ctx = ticket?.context;
    let ticketView: ConversationSummary['ticket'] = null;
    if (ticket && ctx) {
      // The transition log stays on the hub (conv.history); the rest lets the deck run the same machine.
      ticketView = { value: ticket.state, context: { ...ctx, log: [] } };
    }
    return {
      id: c.id,
      customerId: c.customerId,
      customerName: c.customerName,
      branchId: c.branchId,
      channel: c.channel,
      skillGroup: ctx?.skillGroup ?? c.skillGroup,
      state: ticket?.state ?? c.state,
      ownerId: c.ownerId,
      lastSeq: c.lastSeq,
      lastMessagePreview: c.lastMessagePreview,
      lastMessageAt: c.lastMessageAt,
      createdAt: c.createdAt,
      firstResponseDueAt: ctx?.timers.firstResponseSla ?? null,
      replyDueAt: ctx?.timers.noReply ?? null,
      ticket: ticketView,
    };
  }

  private mayRead(staff: Principal, c: ConversationRecord): boolean {
    if (staff.role === 'agent') return c.ownerId === staff.id;
    if (staff.role === 'lead') return (c.branchId !== null && c.branchId === staff.branchId) || c.ownerId === staff.id;
    return false;
  }

  private staffConversation(staff: Principal, conversationId: string): ConversationRecord {
    if (staff.role === 'qa') throw new AppFailure('FORBIDDEN', '质检角色不能修改会话 / QA reviewers cannot change a session');
    const conv = this.requireConversation(conversationId);
    const ownsIt = conv.ownerId === staff.id;
    const leadOfBranch = staff.role === 'lead' && conv.branchId !== null && conv.branchId === staff.branchId;
    if (!ownsIt && !leadOfBranch) throw new AppFailure('FORBIDDEN', '不是您负责的会话 / Not your conversation');
    return conv;
  }

  private ownConversation(customer: Principal, conversationId: string, opts: { allowClosed?: boolean } = {}): ConversationRecord {
    const conv = this.requireConversation(conversationId);
    if (conv.customerId !== customer.id) throw new AppFailure('FORBIDDEN', 'Not your conversation');
    if (conv.closedAt && !opts.allowClosed) {
      throw new AppFailure('INVALID_TRANSITION', '本次会话已结束,请重新发起咨询 / This conversation has ended; please start a new one');
    }
    return conv;
  }

  private ownedConversationIds(staffId: string): string[] {
    return [...(this.agents.get(staffId)?.owned ?? [])];
  }

  private requireConversation(id: string): ConversationRecord {
    const conv = this.open.get(id) ?? getConversation(this.db, id);
    if (!conv) throw new AppFailure('NOT_FOUND', `Conversation ${id} not found`);
    return conv;
  }

  private requireTicket(conversationId: string): Ticket {
    const ticket = this.tickets.get(conversationId);
    if (!ticket) throw new AppFailure('INVALID_TRANSITION', '本次会话已结束 / This conversation has ended');
    return ticket;
  }

  private actorOf(staff: Principal): EventActor {
    return { kind: staff.role === 'lead' ? 'lead' : 'agent', id: staff.id };
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

function describeClassification(r: ClassificationReason): string {
  switch (r.kind) {
    case 'entryPoint':
      return `entry point ${r.entryPoint}`;
    case 'keywords':
      return `keywords ${r.matched.join(',')}`;
    case 'englishText':
      return 'English text';
    case 'language':
      return `language ${r.language}`;
    case 'default':
      return 'default group';
  }
}

export function customerVisible(m: Message): boolean {
  return m.kind !== 'whisper' && (m.payload as { internal?: boolean } | undefined)?.internal !== true;
}
