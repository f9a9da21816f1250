/**
 * The customer-service ticket lifecycle: one XState v5 machine that the hub runs authoritatively and the workstation
 * runs to drive its UI. Platform-free: no clock, no I/O. Every event carries `actor` and `at`; time advances only
 * through those and through the machine's own delayed timer events.
 *
 *                 ticket.handoff                 ticket.assign {grab|dispatch|lead}
 *     ┌─────┐ ───────────────────► ┌────────┐ ─────────────────────────────────────► ┌──────────┐
 *     │ bot │                      │ queued │ ◄───────────────────────────────────── │ assigned │ (new owner, no
 *     └─────┘                      └────────┘  timer.noReply / agent.unanswered /    └──────────┘  reply yet)
 *        │ customer.left              │  ▲     agent.offline  (also from active,         │ agent.message
 *        ▼ ticket.close               │  │     awaitingCustomer)                         ▼
 *     (closed)          customer.left │  │ timer.transferExpiry               ┌──────────────────┐
 *                                     ▼  │ (reservation lapses)               │ awaitingCustomer │ (agent spoke last)
 *                           ┌───────────┐ ┌─────────────┐ ticket.assign       └──────────────────┘
 *                           │ abandoned │ │ transferred │ ──► assigned          │ customer.message ▲ agent.message
 *                           └───────────┘ └─────────────┘                       ▼                  │
 *                                ▲  customer.left │  ▲ ticket.transfer   ┌────────┐              │
 *                                └────────────────┘  └────────────────── │ active │ ─────────────┘
 *                                                    (from assigned,     └────────┘ (customer waits
 *                                                     active, awaiting)             for an answer)
 *
 *     active / awaitingCustomer ── ticket.resolve ──► ┌──────────┐ ── timer.resolvedClose / ticket.close /
 *                                                     │ resolved │    customer.left ──► ┌────────┐
 *              customer.message reopens → active ◄─── └──────────┘                      │ closed │ (CSAT may
 *              (→ queued if nobody owns it any more)                                    └────────┘  still arrive)
 *     awaitingCustomer ── timer.idleClose ──► closed;   any served state ── customer.left ──► closed
 *
 *     assigned / active / awaitingCustomer ── ticket.escalate ──► ┌───────────┐ ── lead.takeOver ─► active | awaitingCustomer
 *                                                                 │ escalated │ ── lead.reassign ─► assigned (another agent)
 *                                                                 └───────────┘ ── lead.return ───► active | awaitingCustomer
 *     (active when a customer message is still unanswered, else awaitingCustomer)
 *
 * Who may send what (guards): customer.* and csat.rated — the customer; agent.message, ticket.resolve — the owner;
 * ticket.transfer — the owner or a lead; ticket.escalate — the owner, or the system with `auto: true`;
 * ticket.assign — the agent themself (grab), the system (dispatch) or a lead; lead.* — a lead; ticket.handoff —
 * the system or a lead; ticket.close — a lead or the system, and also the owner once the agent has answered
 * (awaitingCustomer, resolved); agent.offline / agent.unanswered — the system (or the agent), naming the owner;
 * timer.* — the system, and only once due.
 *
 * Timers are deadlines stored in `context.timers` (ISO times) plus a delayed event per deadline, raised with a named
 * delay that reads the deadline from context. XState does not persist scheduled events in a persisted snapshot
 * (and `after` timers are armed only on state entry), so keeping the deadlines in context lets a restored actor
 * re-arm exactly the pending timers with `timers.rearm` (see ticket.ts `restore`). A timer event carries `at` =
 * its deadline and is accepted only once due, so a stale or early timer can never move the ticket.
 *
 * - firstResponseSla: starts at the first assignment, stops at the first agent message. Expiry changes no state:
 *   it sets `sla.firstResponseBreachedAt` and emits `sla.breached` so the hub can auto-escalate.
 * - noReply (assigned, active): the owner has not answered within `noReplyReassignMs` since the ball came to them
 *   (assignment, or the customer's first unanswered message) → released back to `queued` for re-dispatch.
 * - idleClose (awaitingCustomer): the customer stayed silent for `idleCloseMs` after the agent's last message → closed.
 * - resolvedClose (resolved): closed after `resolvedCloseMs` (null keeps it open until closed or left).
 * - transferExpiry (transferred to a named agent): the reservation lapses after `noReplyReassignMs` → queued.
 *
 * Every state change appends one record to `context.log` (bounded to `config.logLimit`, numbered by `seq`); the
 * record is written by the entry action of the state entered, so no transition can skip it.
 */
import { and, enqueueActions, setup, type SnapshotFrom } from 'xstate';
import { SYSTEM_ACTOR, type AssignBy, type EventActor, type TicketEvent, type TimerEventType } from './ticketEvents';

/** Bump when states, context shape or event meaning change; persisted snapshots of another version are refused. */
export const TICKET_MACHINE_VERSION = 1;

export const TICKET_STATES = [
  'bot',
  'queued',
  'transferred',
  'assigned',
  'active',
  'awaitingCustomer',
  'escalated',
  'resolved',
  'closed',
  'abandoned',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];
export const TERMINAL_STATES: readonly TicketState[] = ['closed', 'abandoned'];
/** States in which an agent (or lead) owns the ticket and the customer is being served. */
export const OWNED_STATES: readonly TicketState[] = ['assigned', 'active', 'awaitingCustomer', 'escalated', 'resolved'];

export const TICKET_STATE_LABELS: Record<TicketState, { zh: string; en: string }> = {
  bot: { zh: '机器人服务中', en: 'With the bot' },
  queued: { zh: '排队中', en: 'Queued' },
  transferred: { zh: '转接中', en: 'Transferred' },
  assigned: { zh: '已分配待响应', en: 'Assigned, awaiting first reply' },
  active: { zh: '客户等待回复', en: 'Customer waiting for reply' },
  awaitingCustomer: { zh: '等待客户回复', en: 'Waiting for customer' },
  escalated: { zh: '已升级至负责人', en: 'Escalated to branch lead' },
  resolved: { zh: '已解决', en: 'Resolved' },
  closed: { zh: '已关闭', en: 'Closed' },
  abandoned: { zh: '客户排队放弃', en: 'Abandoned in queue' },
};

export type TimerKind = 'firstResponseSla' | 'noReply' | 'idleClose' | 'resolvedClose' | 'transferExpiry';
export const TIMER_KINDS: readonly TimerKind[] = ['firstResponseSla', 'noReply', 'idleClose', 'resolvedClose', 'transferExpiry'];
const TIMER_EVENT: Record<TimerKind, TimerEventType> = {
  firstResponseSla: 'timer.firstResponseSla',
  noReply: 'timer.noReply',
  idleClose: 'timer.idleClose',
  resolvedClose: 'timer.resolvedClose',
  transferExpiry: 'timer.transferExpiry',
};

export interface TicketConfig {
  firstResponseSlaMs: number;
  noReplyReassignMs: number;
  idleCloseMs: number;
  /** null: a resolved ticket stays resolved until closed or the customer leaves. */
  resolvedCloseMs: number | null;
  /** How many transition records `context.log` keeps; older ones are dropped (hosts store every record as it happens). */
  logLimit: number;
}

export const DEFAULT_TICKET_CONFIG: TicketConfig = {
  firstResponseSlaMs: 60_000,
  noReplyReassignMs: 120_000,
  idleCloseMs: 600_000,
  resolvedCloseMs: 300_000,
  logLimit: 200,
};

export type ReleaseReason = 'agentOffline' | 'agentUnanswered' | 'noReply' | 'transferred' | 'reassigned' | 'takenOver';

export interface OwnershipRecord {
  agentId: string;
  by: AssignBy | 'takeOver';
  since: string;
  /** null while this is the current owner: at most one record is open, and it is always `context.owner`. */
  until: string | null;
  releaseReason: ReleaseReason | null;
}

export interface TransferRecord {
  at: string;
  by: EventActor;
  fromAgentId: string | null;
  fromSkillGroup: string | null;
  toSkillGroup: string | null;
  toAgentId: string | null;
  note: string;
}

export type EscalationOutcome = 'pending' | 'takenOver' | 'reassigned' | 'returned' | 'closed';

export interface EscalationRecord {
  at: string;
  by: EventActor;
  reason: string;
  auto: boolean;
  agentId: string | null;
  outcome: EscalationOutcome;
  leadId: string | null;
  decidedAt: string | null;
  guidance: string | null;
}

export type TransitionReason =
  | 'handoff'
  | 'assign.grab'
  | 'assign.dispatch'
  | 'assign.lead'
  | 'agentReplied'
  | 'customerMessage'
  | 'transfer'
  | 'escalation'
  | 'autoEscalation'
  | 'leadTakeOver'
  | 'leadReassign'
  | 'leadReturn'
  | 'resolved'
  | 'closed'
  | 'customerLeft'
  | 'agentOffline'
  | 'agentUnanswered'
  | 'noReplyTimeout'
  | 'idleTimeout'
  | 'resolvedTimeout'
  | 'transferExpired';

export interface TransitionRecord {
  /** 1, 2, 3 … per ticket, never reused: a host that stores records can detect a gap. */
  seq: number;
  at: string;
  actor: EventActor;
  event: TicketEvent['type'];
  from: TicketState;
  to: TicketState;
  reason: TransitionReason;
  note: string | null;
}

export type CloseReason = 'customerLeft' | 'idle' | 'resolvedTimeout' | 'closedByStaff' | 'abandoned';

export interface TicketContext {
  ticketId: string;
  conversationId: string;
  branchId: string;
  regionId: string | null;
  skillGroup: string | null;
  /** Mirrors the state value; the entry action compares it to record `from`. */
  status: TicketState;
  owner: string | null;
  ownerHistory: OwnershipRecord[];
  /** After a transfer to a named agent, only that agent (or a lead) may take the ticket until the reservation lapses. */
  reservedFor: string | null;
  lastTransfer: TransferRecord | null;
  escalation: EscalationRecord | null;
  createdAt: string;
  handedOffAt: string | null;
  queuedAt: string | null;
  assignedAt: string | null;
  firstResponseAt: string | null;
  lastCustomerMessageAt: string | null;
  lastAgentMessageAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** The customer has been waiting for a staff answer since then; null when the agent spoke last. */
  unansweredSince: string | null;
  timers: Record<TimerKind, string | null>;
  sla: { firstResponseBreachedAt: string | null };
  csat: { score: number; comment: string | null; at: string } | null;
  closeReason: CloseReason | null;
  counters: {
    customerMessages: number;
    agentMessages: number;
    assignments: number;
    releases: number;
    transfers: number;
    escalations: number;
    reopens: number;
  };
  seq: number;
  log: TransitionRecord[];
  config: TicketConfig;
}

export interface TicketInput {
  ticketId: string;
  conversationId: string;
  branchId: string;
  regionId?: string | null;
  /** Known up front when the customer picked an entry point; otherwise set by `ticket.handoff`. */
  skillGroup?: string | null;
  /** The machine reads no clock: the creator says when the ticket was opened. */
  createdAt: string;
  config?: Partial<TicketConfig>;
}

export type TicketEmitted = {
  type: 'sla.breached';
  ticketId: string;
  sla: 'firstResponse';
  dueAt: string;
  owner: string | null;
  state: TicketState;
};

export function resolveTicketConfig(partial: Partial<TicketConfig> | undefined): TicketConfig {
  const config = { ...DEFAULT_TICKET_CONFIG, ...stripUndefined(partial ?? {}) };
  for (const key of ['firstResponseSlaMs', 'noReplyReassignMs', 'idleCloseMs'] as const) {
    if (!Number.isFinite(config[key]) || config[key] < 0) throw new RangeError(`ticket config ${key} must be a non-negative number of ms, got ${config[key]}`);
  }
  if (config.resolvedCloseMs !== null && (!Number.isFinite(config.resolvedCloseMs) || config.resolvedCloseMs < 0)) {
    throw new RangeError(`ticket config resolvedCloseMs must be null or a non-negative number of ms, got ${config.resolvedCloseMs}`);
  }
  if (!Number.isInteger(config.logLimit) || config.logLimit < 1) throw new RangeError(`ticket config logLimit must be a positive integer, got ${config.logLimit}`);
  return config;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

function remainingMs(due: string | null, nowIso: string): number {
  return due === null ? 0 : Math.max(0, Date.parse(due) - Date.parse(nowIso));
}

function timerDuration(config: TicketConfig, timer: TimerKind): number | null {
  switch (timer) {
    case 'firstResponseSla':
      return config.firstResponseSlaMs;
    case 'noReply':
    case 'transferExpiry':
      return config.noReplyReassignMs;
    case 'idleClose':
      return config.idleCloseMs;
    case 'resolvedClose':
      return config.resolvedCloseMs;
  }
}

const timerId = (timer: TimerKind): string => `ticket.timer.${timer}`;

/** The slice of XState's `enqueue` that alarms need. */
interface AlarmQueue {
  cancel(id: string): void;
  raise(event: TicketEvent, options?: { id: string; delay: TimerKind }): void;
}

/**
 * Replaces the alarm for one timer: cancels any scheduled one, then schedules the timer event (carrying its deadline
 * as `at`) with the timer's named delay, or raises it at once when already due. A null deadline only cancels.
 */
function scheduleAlarm(enqueue: AlarmQueue, timer: TimerKind, due: string | null, nowIso: string): void {
  enqueue.cancel(timerId(timer));
  if (due === null) return;
  const alarm = { type: TIMER_EVENT[timer], actor: SYSTEM_ACTOR, at: due } as TicketEvent;
  if (Date.parse(due) <= Date.parse(nowIso)) enqueue.raise(alarm);
  else enqueue.raise(alarm, { id: timerId(timer), delay: timer });
}

/** Agents who held the ticket and let it go, oldest first, without repeats (the dispatcher avoids them). */
export function previousOwners(context: Pick<TicketContext, 'ownerHistory'>): string[] {
  const seen: string[] = [];
  for (const r of context.ownerHistory) if (r.until !== null && !seen.includes(r.agentId)) seen.push(r.agentId);
  return seen;
}

function reasonFor(event: TicketEvent): { reason: TransitionReason; note: string | null } {
  switch (event.type) {
    case 'ticket.handoff':
      return { reason: 'handoff', note: event.reason ?? null };
    case 'ticket.assign':
      return { reason: `assign.${event.by}`, note: null };
    case 'agent.message':
      return { reason: 'agentReplied', note: null };
    case 'customer.message':
      return { reason: 'customerMessage', note: null };
    case 'ticket.transfer':
      return { reason: 'transfer', note: event.note };
    case 'ticket.escalate':
      return { reason: event.auto ? 'autoEscalation' : 'escalation', note: event.reason };
    case 'lead.takeOver':
      return { reason: 'leadTakeOver', note: null };
    case 'lead.reassign':
      return { reason: 'leadReassign', note: event.note ?? null };
    case 'lead.return':
      return { reason: 'leadReturn', note: event.guidance };
    case 'ticket.resolve':
      return { reason: 'resolved', note: event.summary ?? null };
    case 'ticket.close':
      return { reason: 'closed', note: event.reason ?? null };
    case 'customer.left':
      return { reason: 'customerLeft', note: null };
    case 'agent.offline':
      return { reason: 'agentOffline', note: null };
    case 'agent.unanswered':
      return { reason: 'agentUnanswered', note: null };
    case 'timer.noReply':
      return { reason: 'noReplyTimeout', note: null };
    case 'timer.idleClose':
      return { reason: 'idleTimeout', note: null };
    case 'timer.resolvedClose':
      return { reason: 'resolvedTimeout', note: null };
    case 'timer.transferExpiry':
      return { reason: 'transferExpired', note: null };
    case 'timer.firstResponseSla':
    case 'timers.rearm':
    case 'csat.rated':
      // These never change state; listed so that a new event type fails to compile until it is given a reason.
      return { reason: 'closed', note: null };
  }
}

function openOwnership(history: OwnershipRecord[], agentId: string, by: OwnershipRecord['by'], at: string): OwnershipRecord[] {
  return [...closeOwnership(history, at, 'reassigned'), { agentId, by, since: at, until: null, releaseReason: null }];
}

function closeOwnership(history: OwnershipRecord[], at: string, reason: ReleaseReason): OwnershipRecord[] {
  return history.map((r) => (r.until === null ? { ...r, until: at, releaseReason: reason } : r));
}

const isStaff = (a: EventActor) => a.kind === 'agent' || a.kind === 'lead';

export const ticketMachine = setup({
  types: {
    context: {} as TicketContext,
    events: {} as TicketEvent,
    input: {} as TicketInput,
    emitted: {} as TicketEmitted,
  },
  delays: {
    // Each named delay reads its deadline from context, relative to the event being processed.
    firstResponseSla: ({ context, event }) => remainingMs(context.timers.firstResponseSla, event.at),
    noReply: ({ context, event }) => remainingMs(context.timers.noReply, event.at),
    idleClose: ({ context, event }) => remainingMs(context.timers.idleClose, event.at),
    resolvedClose: ({ context, event }) => remainingMs(context.timers.resolvedClose, event.at),
    transferExpiry: ({ context, event }) => remainingMs(context.timers.transferExpiry, event.at),
  },
  guards: {
    fromCustomer: ({ event }) => event.actor.kind === 'customer',
    fromOwner: ({ context, event }) => isStaff(event.actor) && context.owner !== null && event.actor.id === context.owner,
    fromOwnerOrLead: ({ context, event }) =>
      event.actor.kind === 'lead' || (event.actor.kind === 'agent' && context.owner !== null && event.actor.id === context.owner),
    fromOwnerOrLeadOrSystem: ({ context, event }) =>
      event.actor.kind === 'lead' || event.actor.kind === 'system' || (event.actor.kind === 'agent' && event.actor.id === context.owner),
    fromLeadOrSystem: ({ event }) => event.actor.kind === 'lead' || event.actor.kind === 'system',
    fromSystem: ({ event }) => event.actor.kind === 'system',
    canAssign: ({ context, event }) => {
      if (event.type !== 'ticket.assign') return false;
      const byOk =
        (event.by === 'grab' && event.actor.kind === 'agent' && event.actor.id === event.agentId) ||
        (event.by === 'dispatch' && event.actor.kind === 'system') ||
        (event.by === 'lead' && event.actor.kind === 'lead');
      const reservationOk = context.reservedFor === null || context.reservedFor === event.agentId || event.by === 'lead';
      return byOk && reservationOk;
    },
    canTransfer: ({ context, event }) => {
      if (event.type !== 'ticket.transfer') return false;
      const actorOk = event.actor.kind === 'lead' || (event.actor.kind === 'agent' && event.actor.id === context.owner);
      const hasTarget = event.toSkillGroup !== undefined || event.toAgentId !== undefined;
      return actorOk && hasTarget && event.toAgentId !== context.owner;
    },
    canEscalate: ({ context, event }) =>
      event.type === 'ticket.escalate' &&
      ((event.actor.kind === 'agent' && event.actor.id === context.owner) || (event.actor.kind === 'system' && event.auto === true)),
    ownerReleased: ({ context, event }) =>
      (event.type === 'agent.offline' || event.type === 'agent.unanswered') &&
      context.owner !== null &&
      event.agentId === context.owner &&
      (event.actor.kind === 'system' || event.actor.id === event.agentId),
    canTakeOver: ({ event }) => event.type === 'lead.takeOver' && event.actor.kind === 'lead' && event.actor.id === event.leadId,
    canReassign: ({ context, event }) => event.type === 'lead.reassign' && event.actor.kind === 'lead' && event.toAgentId !== context.owner,
    canReturn: ({ context, event }) => event.type === 'lead.return' && event.actor.kind === 'lead' && context.owner !== null,
    canRate: ({ context, event }) => event.actor.kind === 'customer' && context.csat === null,
    customerWaiting: ({ context }) => context.unansweredSince !== null,
    hasOwner: ({ context }) => context.owner !== null,
    timerDue: ({ context, event }, params: { timer: TimerKind }) => {
      const due = context.timers[params.timer];
      return event.actor.kind === 'system' && due !== null && Date.parse(event.at) >= Date.parse(due);
    },
  },
  actions: {
    /** First entry action of every state: records the state change (from the mirrored `status`) exactly once. */
    enterState: enqueueActions(({ context, event, enqueue }, params: { state: TicketState }) => {
      if (context.status === params.state) return;
      const { reason, note } = reasonFor(event);
      const record: TransitionRecord = {
        seq: context.seq + 1,
        at: event.at,
        actor: event.actor,
        event: event.type,
        from: context.status,
        to: params.state,
        reason,
        note,
      };
      const log = [...context.log, record];
      enqueue.assign({
        status: params.state,
        seq: record.seq,
        log: log.length > context.config.logLimit ? log.slice(log.length - context.config.logLimit) : log,
      });
    }),
    /** Sets (from the event's time plus the configured duration) or clears one deadline and its alarm. */
    setTimer: enqueueActions(({ context, event, enqueue }, params: { timer: TimerKind; on: boolean }) => {
      const duration = timerDuration(context.config, params.timer);
      const due = params.on && duration !== null ? addMs(event.at, duration) : null;
      if (due === null && context.timers[params.timer] === null) return;
      enqueue.assign({ timers: { ...context.timers, [params.timer]: due } });
      scheduleAlarm(enqueue, params.timer, due, event.at);
    }),
    /** After a restore: schedule an alarm for every deadline in context; overdue ones fire at once, in due order. */
    rearmTimers: enqueueActions(({ context, event, enqueue }) => {
      const dueAt = (t: TimerKind) => Date.parse(context.timers[t] as string);
      const pending = TIMER_KINDS.filter((t) => context.timers[t] !== null).sort((a, b) => dueAt(a) - dueAt(b));
      for (const timer of TIMER_KINDS) if (context.timers[timer] === null) scheduleAlarm(enqueue, timer, null, event.at);
      for (const timer of pending) scheduleAlarm(enqueue, timer, context.timers[timer], event.at);
    }),
    /** The SLA clock starts at the first assignment and is never restarted by later reassignments. */
    startFirstResponseSla: enqueueActions(({ context, event, enqueue }) => {
      if (context.firstResponseAt !== null || context.timers.firstResponseSla !== null || context.sla.firstResponseBreachedAt !== null) return;
      const due = addMs(event.at, context.config.firstResponseSlaMs);
      enqueue.assign({ timers: { ...context.timers, firstResponseSla: due } });
      scheduleAlarm(enqueue, 'firstResponseSla', due, event.at);
    }),
    recordSlaBreach: enqueueActions(({ context, event, enqueue }) => {
      const dueAt = context.timers.firstResponseSla ?? event.at;
      enqueue.assign({ sla: { firstResponseBreachedAt: dueAt }, timers: { ...context.timers, firstResponseSla: null } });
      enqueue.emit({ type: 'sla.breached', ticketId: context.ticketId, sla: 'firstResponse', dueAt, owner: context.owner, state: context.status });
    }),
    noteCustomerMessage: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({
        lastCustomerMessageAt: event.at,
        unansweredSince: context.unansweredSince ?? event.at,
        counters: { ...context.counters, customerMessages: context.counters.customerMessages + 1 },
      });
    }),
    noteAgentMessage: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({
        lastAgentMessageAt: event.at,
        firstResponseAt: context.firstResponseAt ?? event.at,
        unansweredSince: null,
        counters: { ...context.counters, agentMessages: context.counters.agentMessages + 1 },
        timers: { ...context.timers, firstResponseSla: null },
      });
      scheduleAlarm(enqueue, 'firstResponseSla', null, event.at);
    }),
    noteReopen: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ counters: { ...context.counters, reopens: context.counters.reopens + 1 } });
    }),
    handOff: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ticket.handoff') return;
      enqueue.assign({ skillGroup: event.skillGroup, handedOffAt: event.at, unansweredSince: context.unansweredSince ?? event.at });
    }),
    markQueued: enqueueActions(({ event, enqueue }) => {
      enqueue.assign({ queuedAt: event.at });
    }),
    armTransferExpiry: enqueueActions(({ context, event, enqueue }) => {
      if (context.reservedFor === null) return;
      const due = addMs(event.at, context.config.noReplyReassignMs);
      enqueue.assign({ timers: { ...context.timers, transferExpiry: due } });
      scheduleAlarm(enqueue, 'transferExpiry', due, event.at);
    }),
    clearReservation: enqueueActions(({ enqueue }) => {
      enqueue.assign({ reservedFor: null });
    }),
    assignOwner: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ticket.assign') return;
      enqueue.assign({
        owner: event.agentId,
        ownerHistory: openOwnership(context.ownerHistory, event.agentId, event.by, event.at),
        assignedAt: event.at,
        reservedFor: null,
        counters: { ...context.counters, assignments: context.counters.assignments + 1 },
      });
    }),
    releaseOwner: enqueueActions(({ context, event, enqueue }, params: { reason: ReleaseReason }) => {
      if (context.owner === null) return;
      enqueue.assign({
        owner: null,
        ownerHistory: closeOwnership(context.ownerHistory, event.at, params.reason),
        counters: { ...context.counters, releases: context.counters.releases + 1 },
      });
    }),
    transfer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ticket.transfer') return;
      const record: TransferRecord = {
        at: event.at,
        by: event.actor,
        fromAgentId: context.owner,
        fromSkillGroup: context.skillGroup,
        toSkillGroup: event.toSkillGroup ?? null,
        toAgentId: event.toAgentId ?? null,
        note: event.note,
      };
      enqueue.assign({
        owner: null,
        ownerHistory: closeOwnership(context.ownerHistory, event.at, 'transferred'),
        skillGroup: event.toSkillGroup ?? context.skillGroup,
        reservedFor: event.toAgentId ?? null,
        lastTransfer: record,
        counters: {
          ...context.counters,
          transfers: context.counters.transfers + 1,
          releases: context.owner === null ? context.counters.releases : context.counters.releases + 1,
        },
      });
    }),
    openEscalation: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'ticket.escalate') return;
      enqueue.assign({
        escalation: {
          at: event.at,
          by: event.actor,
          reason: event.reason,
          auto: event.auto === true,
          agentId: context.owner,
          outcome: 'pending',
          leadId: null,
          decidedAt: null,
          guidance: null,
        },
        counters: { ...context.counters, escalations: context.counters.escalations + 1 },
      });
    }),
    decideEscalation: enqueueActions(({ context, event, enqueue }, params: { outcome: Exclude<EscalationOutcome, 'pending'> }) => {
      if (context.escalation === null || context.escalation.outcome !== 'pending') return;
      enqueue.assign({
        escalation: {
          ...context.escalation,
          outcome: params.outcome,
          leadId: event.actor.kind === 'lead' ? event.actor.id : null,
          decidedAt: event.at,
          guidance: event.type === 'lead.return' ? event.guidance : null,
        },
      });
    }),
    takeOver: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'lead.takeOver') return;
      enqueue.assign({
        owner: event.leadId,
        ownerHistory: openOwnership(closeOwnership(context.ownerHistory, event.at, 'takenOver'), event.leadId, 'takeOver', event.at),
        assignedAt: event.at,
        counters: { ...context.counters, assignments: context.counters.assignments + 1 },
      });
    }),
    reassign: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'lead.reassign') return;
      enqueue.assign({
        owner: event.toAgentId,
        ownerHistory: openOwnership(closeOwnership(context.ownerHistory, event.at, 'reassigned'), event.toAgentId, 'lead', event.at),
        assignedAt: event.at,
        counters: { ...context.counters, assignments: context.counters.assignments + 1 },
      });
    }),
    markResolved: enqueueActions(({ event, enqueue }) => {
      enqueue.assign({ resolvedAt: event.at });
    }),
    markClosed: enqueueActions(({ event, enqueue }, params: { reason: CloseReason }) => {
      enqueue.assign({ closedAt: event.at, closeReason: params.reason });
    }),
    recordCsat: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'csat.rated') return;
      enqueue.assign({ csat: { score: event.score, comment: event.comment ?? null, at: event.at } });
    }),
  },
}).createMachine({
  id: 'ticket',
  initial: 'bot',
  context: ({ input }) => ({
    ticketId: input.ticketId,
    conversationId: input.conversationId,
    branchId: input.branchId,
    regionId: input.regionId ?? null,
    skillGroup: input.skillGroup ?? null,
    status: 'bot',
    owner: null,
    ownerHistory: [],
    reservedFor: null,
    lastTransfer: null,
    escalation: null,
    createdAt: input.createdAt,
    handedOffAt: null,
    queuedAt: null,
    assignedAt: null,
    firstResponseAt: null,
    lastCustomerMessageAt: null,
    lastAgentMessageAt: null,
    resolvedAt: null,
    closedAt: null,
    unansweredSince: null,
    timers: { firstResponseSla: null, noReply: null, idleClose: null, resolvedClose: null, transferExpiry: null },
    sla: { firstResponseBreachedAt: null },
    csat: null,
    closeReason: null,
    counters: { customerMessages: 0, agentMessages: 0, assignments: 0, releases: 0, transfers: 0, escalations: 0, reopens: 0 },
    seq: 0,
    log: [],
    config: resolveTicketConfig(input.config),
  }),
  on: {
    'timer.firstResponseSla': { guard: { type: 'timerDue', params: { timer: 'firstResponseSla' } }, actions: 'recordSlaBreach' },
    // Only the host may re-arm: a rearm stamped in the future would fire deadlines early.
    'timers.rearm': { guard: 'fromSystem', actions: 'rearmTimers' },
  },
  states: {
    bot: {
      entry: { type: 'enterState', params: { state: 'bot' } },
      on: {
        'customer.message': { guard: 'fromCustomer', actions: 'noteCustomerMessage' },
        'ticket.handoff': { guard: 'fromLeadOrSystem', target: 'queued', actions: 'handOff' },
        'customer.left': { guard: 'fromCustomer', target: 'closed', actions: { type: 'markClosed', params: { reason: 'customerLeft' } } },
        'ticket.close': { guard: 'fromLeadOrSystem', target: 'closed', actions: { type: 'markClosed', params: { reason: 'closedByStaff' } } },
      },
    },
    queued: {
      entry: [{ type: 'enterState', params: { state: 'queued' } }, 'markQueued'],
      on: {
        'customer.message': { guard: 'fromCustomer', actions: 'noteCustomerMessage' },
        'ticket.assign': { guard: 'canAssign', target: 'assigned', actions: 'assignOwner' },
        'customer.left': { guard: 'fromCustomer', target: 'abandoned', actions: { type: 'markClosed', params: { reason: 'abandoned' } } },
        'ticket.close': { guard: 'fromLeadOrSystem', target: 'closed', actions: { type: 'markClosed', params: { reason: 'closedByStaff' } } },
      },
    },
    transferred: {
      entry: [{ type: 'enterState', params: { state: 'transferred' } }, 'markQueued', 'armTransferExpiry'],
      exit: { type: 'setTimer', params: { timer: 'transferExpiry', on: false } },
      on: {
        'customer.message': { guard: 'fromCustomer', actions: 'noteCustomerMessage' },
        'ticket.assign': { guard: 'canAssign', target: 'assigned', actions: 'assignOwner' },
        'timer.transferExpiry': { guard: { type: 'timerDue', params: { timer: 'transferExpiry' } }, target: 'queued', actions: 'clearReservation' },
        'customer.left': { guard: 'fromCustomer', target: 'abandoned', actions: { type: 'markClosed', params: { reason: 'abandoned' } } },
        'ticket.close': { guard: 'fromLeadOrSystem', target: 'closed', actions: { type: 'markClosed', params: { reason: 'closedByStaff' } } },
      },
    },
    assigned: {
      entry: [{ type: 'enterState', params: { state: 'assigned' } }, { type: 'setTimer', params: { timer: 'noReply', on: true } }, 'startFirstResponseSla'],
      exit: { type: 'setTimer', params: { timer: 'noReply', on: false } },
      on: {
        'agent.message': { guard: 'fromOwner', target: 'awaitingCustomer', actions: 'noteAgentMessage' },
        'customer.message': { guard: 'fromCustomer', actions: 'noteCustomerMessage' },
        'agent.unanswered': { guard: 'ownerReleased', target: 'queued', actions: { type: 'releaseOwner', params: { reason: 'agentUnanswered' } } },
        'agent.offline': { guard: 'ownerReleased', target: 'queued', actions: { type: 'releaseOwner', params: { reason: 'agentOffline' } } },
        'timer.noReply': { guard: { type: 'timerDue', params: { timer: 'noReply' } }, target: 'queued', actions: { type: 'releaseOwner', params: { reason: 'noReply' } } },
        'ticket.transfer': { guard: 'canTransfer', target: 'transferred', actions: 'transfer' },
        'ticket.escalate': { guard: 'canEscalate', target: 'escalated', actions: 'openEscalation' },
        'customer.left': { guard: 'fromCustomer', target: 'closed', actions: { type: 'markClosed', params: { reason: 'customerLeft' } } },
        'ticket.close': { guard: 'fromLeadOrSystem', target: 'closed', actions: { type: 'markClosed', params: { reason: 'closedByStaff' } } },
      },
    },
    active: {
      entry: [{ type: 'enterState', params: { state: 'active' } }, { type: 'setTimer', params: { timer: 'noReply', on: true } }],
      exit: { type: 'setTimer', params: { timer: 'noReply', on: false } },
      on: {
        'agent.message': { guard: 'fromOwner', target: 'awaitingCustomer', actions: 'noteAgentMessage' },
        'customer.message': { guard: 'fromCustomer', actions: 'noteCustomerMessage' },
        'agent.unanswered': { guard: 'ownerReleased', target: 'queued', actions: { type: 'releaseOwner', params: { reason: 'agentUnanswered' } } },
        'agent.offline': { guard: 'ownerReleased', target: 'queued', actions: { type: 'releaseOwner', params: { reason: 'agentOffline' } } },
        'timer.noReply': { guard: { type: 'timerDue', params: { timer: 'noReply' } }, target: 'queued', actions: { type: 'releaseOwner', params: { reason: 'noReply' } } },
        'ticket.transfer': { guard: 'canTransfer', target: 'transferred', actions: 'transfer' },
        'ticket.escalate': { guard: 'canEscalate', target: 'escalated', actions: 'openEscalation' },
        'ticket.resolve': { guard: 'fromOwner', target: 'resolved', actions: 'markResolved' },
        'customer.left': { guard: 'fromCustomer', target: 'closed', actions: { type: 'markClosed', params: { reason: 'customerLeft' } } },
        'ticket.close': { guard: 'fromLeadOrSystem', target: 'closed', actions: { type: 'markClosed', params: { reason: 'closedByStaff' } } },
      },
    },
    awaitingCustomer: {
      entry: [{ type: 'enterState', params: { state: 'awaitingCustomer' } }, { type: 'setTimer', params: { timer: 'idleClose', on: true } }],
      exit: { type: 'setTimer', params: { timer: 'idleClose', on: false } },
      on: {
        'customer.message': { guard: 'fromCustomer', target: 'active', actions: 'noteCustomerMessage' },
        // Another agent message restarts the customer's idle countdown.
        'agent.message': { guard: 'fromOwner', actions: ['noteAgentMessage', { type: 'setTimer', params: { timer: 'idleClose', on: true } }] },
        'timer.idleClose': { guard: { type: 'timerDue', params: { timer: 'idleClose' } }, target: 'closed', actions: { type: 'markClosed', params: { reason: 'idle' } } },
        'agent.offline': { guard: 'ownerReleased', target: 'queued', actions: { type: 'releaseOwner', params: { reason: 'agentOffline' } } },
        'ticket.transfer': { guard: 'canTransfer', target: 'transferred', actions: 'transfer' },
        'ticket.escalate': { guard: 'canEscalate', target: 'escalated', actions: 'openEscalation' },
        'ticket.resolve': { guard: 'fromOwner', target: 'resolved', actions: 'markResolved' },
        'customer.left': { guard: 'fromCustomer', target: 'closed', actions: { type: 'markClosed', params: { reason: 'customerLeft' } } },
        'ticket.close': { guard: 'fromOwnerOrLeadOrSystem', target: 'closed', actions: { type: 'markClosed', params: { reason: 'closedByStaff' } } },
      },
    },
    escalated: {
      entry: { type: 'enterState', params: { state: 'escalated' } },
      on: {
        'customer.message': { guard: 'fromCustomer', actions: 'noteCustomerMessage' },
        // The agent may keep talking to the customer while the lead decides.
        'agent.message': { guard: 'fromOwner', actions: 'noteAgentMessage' },
        'lead.takeOver': [
          { guard: and(['canTakeOver', 'customerWaiting']), target: 'active', actions: [{ type: 'decideEscalation', params: { outcome: 'takenOver' } }, 'takeOver'] },
          { guard: 'canTakeOver', target: 'awaitingCustomer', actions: [{ type: 'decideEscalation', params: { outcome: 'takenOver' } }, 'takeOver'] },
        ],
        'lead.reassign': { guard: 'canReassign', target: 'assigned', actions: [{ type: 'decideEscalation', params: { outcome: 'reassigned' } }, 'reassign'] },
        'lead.return': [
          { guard: and(['canReturn', 'customerWaiting']), target: 'active', actions: { type: 'decideEscalation', params: { outcome: 'returned' } } },
          { guard: 'canReturn', target: 'awaitingCustomer', actions: { type: 'decideEscalation', params: { outcome: 'returned' } } },
        ],
        // The owner dropping out does not end the escalation: the lead must take over or reassign.
        'agent.offline': { guard: 'ownerReleased', actions: { type: 'releaseOwner', params: { reason: 'agentOffline' } } },
        'customer.left': {
          guard: 'fromCustomer',
          target: 'closed',
          actions: [{ type: 'decideEscalation', params: { outcome: 'closed' } }, { type: 'markClosed', params: { reason: 'customerLeft' } }],
        },
        'ticket.close': {
          guard: 'fromLeadOrSystem',
          target: 'closed',
          actions: [{ type: 'decideEscalation', params: { outcome: 'closed' } }, { type: 'markClosed', params: { reason: 'closedByStaff' } }],
        },
      },
    },
    resolved: {
      entry: [{ type: 'enterState', params: { state: 'resolved' } }, { type: 'setTimer', params: { timer: 'resolvedClose', on: true } }],
      exit: { type: 'setTimer', params: { timer: 'resolvedClose', on: false } },
      on: {
        // The customer writing again reopens the ticket; if nobody owns it any more it goes back to the queue.
        'customer.message': [
          { guard: and(['fromCustomer', 'hasOwner']), target: 'active', actions: ['noteCustomerMessage', 'noteReopen'] },
          { guard: 'fromCustomer', target: 'queued', actions: ['noteCustomerMessage', 'noteReopen'] },
        ],
        'agent.message': { guard: 'fromOwner', actions: 'noteAgentMessage' },
        'csat.rated': { guard: 'canRate', actions: 'recordCsat' },
        'agent.offline': { guard: 'ownerReleased', actions: { type: 'releaseOwner', params: { reason: 'agentOffline' } } },
        'timer.resolvedClose': {
          guard: { type: 'timerDue', params: { timer: 'resolvedClose' } },
          target: 'closed',
          actions: { type: 'markClosed', params: { reason: 'resolvedTimeout' } },
        },
        'customer.left': { guard: 'fromCustomer', target: 'closed', actions: { type: 'markClosed', params: { reason: 'customerLeft' } } },
        'ticket.close': { guard: 'fromOwnerOrLeadOrSystem', target: 'closed', actions: { type: 'markClosed', params: { reason: 'closedByStaff' } } },
      },
    },
    closed: {
      tags: ['terminal'],
      entry: [{ type: 'enterState', params: { state: 'closed' } }, { type: 'setTimer', params: { timer: 'firstResponseSla', on: false } }],
      on: {
        // Satisfaction ratings usually arrive after the chat ends; nothing else is accepted on a closed ticket.
        'csat.rated': { guard: 'canRate', actions: 'recordCsat' },
      },
    },
    abandoned: {
      tags: ['terminal'],
      entry: [{ type: 'enterState', params: { state: 'abandoned' } }, { type: 'setTimer', params: { timer: 'firstResponseSla', on: false } }],
    },
  },
});

export type TicketMachine = typeof ticketMachine;
export type TicketSnapshot = SnapshotFrom<TicketMachine>;

export const isTerminal = (state: TicketState): boolean => TERMINAL_STATES.includes(state);
