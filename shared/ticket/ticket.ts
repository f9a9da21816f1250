/**
 * Host wrapper around the ticket machine, used alike by the hub (authoritative) and the workstation (UI, crash
 * recovery). It adds what a host needs and the machine must not do itself:
 * - `send` refuses an event the current state does not accept, with a clear error, instead of XState's silent drop;
 * - every state change (also timer-driven ones) reaches `onTransition` listeners exactly once, in `seq` order;
 * - `persist` / `restore` carry the machine version, and `restore` re-arms the pending timers from the deadlines
 *   stored in context (XState does not persist scheduled events);
 * - `allowedActions` tells the deck which buttons the lifecycle allows for a role, and why not.
 */
import { createActor, type Actor, type InspectionEvent } from 'xstate';
import { z } from 'zod';
import { AppFailure, fail, type AppError } from '../result';
import { SYSTEM_ACTOR, TicketEventSchema, type ActorKind, type EventActor, type TicketEvent } from './ticketEvents';
import {
  TICKET_MACHINE_VERSION,
  TICKET_STATES,
  TICKET_STATE_LABELS,
  isTerminal,
  ticketMachine,
  type TicketContext,
  type TicketEmitted,
  type TicketInput,
  type TicketSnapshot,
  type TicketState,
  type TransitionRecord,
} from './machine';

/** XState's clock plus `now()`, so the host can stamp `timers.rearm` on restore. `SimulatedClock` fits. */
export interface TicketClock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}

export const systemClock: TicketClock = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

export interface TicketOptions {
  clock?: TicketClock;
  /** XState inspection (every microstep, event and snapshot): for debugging tools and tests. */
  inspect?: (event: InspectionEvent) => void;
  /** Attached before the actor starts, so that changes made during `restore` (overdue timers) are delivered too. */
  onTransition?: TransitionListener;
  onSlaBreached?: SlaListener;
}

export type TransitionListener = (record: TransitionRecord, ticket: Ticket) => void;
export type SlaListener = (fact: TicketEmitted, ticket: Ticket) => void;

/** A running ticket actor plus the host's bookkeeping. Create with `createTicket` or `restore`. */
export class Ticket {
  private deliveredSeq: number;
  private readonly transitionListeners = new Set<TransitionListener>();
  private sending = false;

  constructor(
    readonly actor: Actor<typeof ticketMachine>,
    readonly clock: TicketClock,
  ) {
    this.deliveredSeq = actor.getSnapshot().context.seq;
    // Subscribing (not wrapping send) is what makes timer-driven changes reach listeners too.
    actor.subscribe((snapshot) => this.deliver(snapshot.context));
  }

  get snapshot(): TicketSnapshot {
    return this.actor.getSnapshot();
  }
  get state(): TicketState {
    return this.snapshot.value;
  }
  get context(): TicketContext {
    return this.snapshot.context;
  }

  /** Called once per state change, in order, including changes made by timers. Do not call `send` synchronously here. */
  onTransition(listener: TransitionListener): () => void {
    this.transitionListeners.add(listener);
    return () => this.transitionListeners.delete(listener);
  }

  /** The first-response SLA expired (no state change); the hub may auto-escalate. */
  onSlaBreached(listener: SlaListener): () => void {
    const sub = this.actor.on('sla.breached', (fact) => listener(fact, this));
    return () => sub.unsubscribe();
  }

  stop(): void {
    this.actor.stop();
  }

  /** @internal */
  beginSend(): boolean {
    if (this.sending) return false;
    this.sending = true;
    return true;
  }
  /** @internal */
  endSend(): void {
    this.sending = false;
  }

  private deliver(context: TicketContext): void {
    if (context.seq <= this.deliveredSeq) return;
    const fresh = context.log.filter((r) => r.seq > this.deliveredSeq);
    this.deliveredSeq = context.seq;
    for (const record of fresh) for (const listener of this.transitionListeners) listener(record, this);
  }
}

export function createTicket(input: TicketInput, options: TicketOptions = {}): Ticket {
  const clock = options.clock ?? systemClock;
  const actor = createActor(ticketMachine, { input, clock, inspect: options.inspect });
  const ticket = withListeners(new Ticket(actor, clock), options);
  actor.start();
  return ticket;
}

function withListeners(ticket: Ticket, options: TicketOptions): Ticket {
  if (options.onTransition) ticket.onTransition(options.onTransition);
  if (options.onSlaBreached) ticket.onSlaBreached(options.onSlaBreached);
  return ticket;
}

export type SendResult =
  | { ok: true; from: TicketState; to: TicketState; record: TransitionRecord | null; records: TransitionRecord[] }
  | { ok: false; error: AppError };

/**
 * Sends one event. An event the current state does not accept (wrong state, wrong actor, not yet due…) is refused
 * with INVALID_TRANSITION naming the state and the event, and leaves the ticket untouched.
 * `records` lists every state change the event caused (usually 0 or 1); `record` is the last of them.
 */
export function send(ticket: Ticket, input: TicketEvent): SendResult {
  const parsed = TicketEventSchema.safeParse(input);
  if (!parsed.success) {
    const type = (input as { type?: unknown } | null)?.type;
    const known = typeof type === 'string' && TicketEventSchema.options.some((o) => o.shape.type.value === type);
    return fail(known ? 'BAD_REQUEST' : 'UNKNOWN_EVENT', known ? `ticket event "${String(type)}" is malformed` : `unknown ticket event type ${JSON.stringify(type)}`, parsed.error.issues);
  }
  const event = parsed.data;
  const before = ticket.snapshot;
  if (before.status !== 'active') {
    return fail('UNAVAILABLE', `ticket ${before.context.ticketId} is not running (actor status ${before.status}); restore it first`);
  }
  if (!before.can(event)) {
    const why = explainRejection(before, event);
    const accepts = acceptedEventTypes(before.value);
    return fail(
      'INVALID_TRANSITION',
      `ticket ${before.context.ticketId} in state "${before.value}" (${TICKET_STATE_LABELS[before.value].zh}) does not accept "${event.type}" from ${event.actor.kind}:${event.actor.id}: ${why.en}`,
      { state: before.value, event: event.type, reason: why, accepts },
    );
  }
  if (!ticket.beginSend()) {
    return fail('CONFLICT', `send() was called re-entrantly for ticket ${before.context.ticketId} (from a listener); defer it with queueMicrotask`);
  }
  try {
    ticket.actor.send(event);
  } finally {
    ticket.endSend();
  }
  const after = ticket.snapshot;
  if (after.status === 'error') return fail('INTERNAL', `ticket ${after.context.ticketId} failed while handling "${event.type}": ${String(after.error)}`);
  const records = after.context.log.filter((r) => r.seq > before.context.seq);
  return { ok: true, from: before.value, to: after.value, record: records.at(-1) ?? null, records };
}

// ---------------------------------------------------------------------------------------------------------------
// Persistence

export interface PersistedTicket {
  machineVersion: number;
  ticketId: string;
  state: TicketState;
  /** XState's persisted snapshot: plain JSON (value, context, status…). */
  snapshot: unknown;
}

const PersistedTicketSchema = z.object({
  machineVersion: z.number().int().positive(),
  ticketId: z.string().min(1),
  state: z.enum(TICKET_STATES),
  snapshot: z.looseObject({
    status: z.literal('active', { error: 'only a running ticket snapshot can be restored' }),
    value: z.enum(TICKET_STATES),
    context: z.looseObject({
      ticketId: z.string(),
      seq: z.number().int().nonnegative(),
      timers: z.looseObject({}),
      log: z.array(z.unknown()),
      config: z.looseObject({}),
    }),
  }),
});

export function persist(ticket: Ticket): PersistedTicket {
  return {
    machineVersion: TICKET_MACHINE_VERSION,
    ticketId: ticket.context.ticketId,
    state: ticket.state,
    // A JSON round trip proves the snapshot is plain data and detaches it from the live actor.
    snapshot: JSON.parse(JSON.stringify(ticket.actor.getPersistedSnapshot())) as unknown,
  };
}

/**
 * The persisted ticket as JSON text in one serialisation (for hosts that store it as text). With `withoutLog`, the
 * transition log is left out of the snapshot (a host that stores every record elsewhere); `seq` is kept, so numbering
 * continues after `restore`.
 */
export function serializeTicket(ticket: Ticket, options: { withoutLog?: boolean } = {}): string {
  const snapshot = ticket.actor.getPersistedSnapshot() as unknown as { context: TicketContext };
  const body = options.withoutLog ? { ...snapshot, context: { ...snapshot.context, log: [] } } : snapshot;
  return JSON.stringify({ machineVersion: TICKET_MACHINE_VERSION, ticketId: ticket.context.ticketId, state: ticket.state, snapshot: body });
}

/**
 * Resumes a persisted ticket in the same state with the same context, then re-arms its timers relative to the
 * clock's `now()`: deadlines still ahead fire when due; deadlines that passed while the host was down fire at once
 * (in due order, each stamped with its own deadline).
 * Throws AppFailure CONFLICT for a snapshot of another machine version (no migration is defined yet) and
 * BAD_REQUEST for a malformed one.
 */
export function restore(persisted: unknown, options: TicketOptions = {}): Ticket {
  const version = (persisted as { machineVersion?: unknown } | null)?.machineVersion;
  if (typeof version === 'number' && version !== TICKET_MACHINE_VERSION) {
    throw new AppFailure(
      'CONFLICT',
      `ticket snapshot was written by ticket machine version ${version}, but this build runs version ${TICKET_MACHINE_VERSION} and defines no migration from it; ` +
        `finish or close that ticket with the build that wrote it`,
      { found: version, expected: TICKET_MACHINE_VERSION },
    );
  }
  const parsed = PersistedTicketSchema.safeParse(persisted);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppFailure('BAD_REQUEST', `not a restorable ticket snapshot: ${where}`, parsed.error.issues);
  }
  if (parsed.data.snapshot.value !== parsed.data.state) {
    throw new AppFailure('BAD_REQUEST', `ticket snapshot is inconsistent: state says "${parsed.data.state}" but the snapshot is in "${parsed.data.snapshot.value}"`);
  }
  const clock = options.clock ?? systemClock;
  // The schema checked the parts we rely on; XState owns the rest of the snapshot's shape.
  // `input` is unused when a snapshot is given; XState types still ask for it.
  const actor = createActor(ticketMachine, { snapshot: parsed.data.snapshot as never, clock, inspect: options.inspect, input: undefined as never });
  const ticket = withListeners(new Ticket(actor, clock), options);
  actor.start();
  actor.send({ type: 'timers.rearm', actor: SYSTEM_ACTOR, at: new Date(clock.now()).toISOString() });
  return ticket;
}

// ---------------------------------------------------------------------------------------------------------------
// Why an event is refused, and what the deck may offer

export interface Bilingual {
  zh: string;
  en: string;
}

/** Event types the state (or the machine's root) handles at all, whatever the guards say. */
export function acceptedEventTypes(state: TicketState): TicketEvent['type'][] {
  const own = ticketMachine.states[state]?.ownEvents ?? [];
  return [...new Set([...own, ...ticketMachine.root.ownEvents])] as TicketEvent['type'][];
}

const label = (state: TicketState) => TICKET_STATE_LABELS[state];

/** A human explanation for a refused event: either the state never takes it, or its conditions are not met. */
export function explainRejection(snapshot: TicketSnapshot, event: TicketEvent): Bilingual {
  const state = snapshot.value;
  const ctx = snapshot.context;
  if (!acceptedEventTypes(state).includes(event.type)) {
    if (isTerminal(state)) return { zh: `工单已结束(${label(state).zh}),不能再操作`, en: `the ticket has ended (${label(state).en.toLowerCase()}); nothing more can happen to it` };
    return { zh: `「${label(state).zh}」状态下不能执行该操作`, en: `not possible while the ticket is ${label(state).en.toLowerCase()}` };
  }
  const a = event.actor;
  const owner = ctx.owner ?? '—';
  switch (event.type) {
    case 'agent.message':
    case 'ticket.resolve':
      return { zh: `只有当前负责人(${owner})可以操作`, en: `only the current owner (${owner}) may do this` };
    case 'customer.message':
    case 'customer.left':
      return { zh: '只有客户本人可以触发', en: 'only the customer can do this' };
    case 'csat.rated':
      return a.kind !== 'customer' ? { zh: '只有客户可以评价', en: 'only the customer can rate' } : { zh: '客户已评价过', en: 'the customer has already rated this ticket' };
    case 'ticket.assign':
      if (ctx.reservedFor !== null && event.agentId !== ctx.reservedFor && event.by !== 'lead')
        return { zh: `该会话已转给指定坐席 ${ctx.reservedFor}`, en: `the ticket is reserved for agent ${ctx.reservedFor} after a transfer` };
      return {
        zh: '抢单须由坐席本人、派单须由系统、指派须由负责人发起',
        en: 'a grab must come from the agent themself, a dispatch from the system and a lead assignment from a lead',
      };
    case 'ticket.transfer':
      if (event.toSkillGroup === undefined && event.toAgentId === undefined) return { zh: '请选择转接的技能组或坐席', en: 'a transfer needs a target skill group or agent' };
      if (event.toAgentId !== undefined && event.toAgentId === ctx.owner) return { zh: '不能转接给自己', en: 'cannot transfer to the current owner' };
      return { zh: `只有当前负责人(${owner})或负责人可以转接`, en: `only the owner (${owner}) or a lead may transfer` };
    case 'ticket.escalate':
      return { zh: `只有当前负责人(${owner})可以升级(或系统自动升级)`, en: `only the owner (${owner}) may escalate (or the system, automatically)` };
    case 'agent.offline':
    case 'agent.unanswered':
      return { zh: `${event.agentId} 不是该工单的负责人`, en: `${event.agentId} does not own this ticket (owner: ${owner})` };
    case 'lead.takeOver':
    case 'lead.reassign':
    case 'lead.return':
      if (a.kind !== 'lead') return { zh: '只有营业部负责人可以处理升级', en: 'only a branch lead may act on an escalation' };
      if (event.type === 'lead.takeOver') return { zh: '只能由负责人本人接管', en: 'a lead can only take over as themself' };
      if (event.type === 'lead.reassign') return { zh: '不能指派给当前负责人', en: 'cannot reassign to the current owner' };
      return { zh: '原坐席已离线,请接管或改派', en: 'the agent has gone offline; take over or reassign instead' };
    case 'ticket.close':
      if (state === 'awaitingCustomer' || state === 'resolved') {
        return { zh: `只有当前负责人(${owner})、营业部负责人或系统可以关闭`, en: `only the owner (${owner}), a lead or the system may close it` };
      }
      return { zh: `「${label(state).zh}」状态下只有营业部负责人或系统可以关闭,坐席请先结单`, en: `while ${label(state).en.toLowerCase()}, only a lead or the system may close it; agents resolve first` };
    case 'ticket.handoff':
      return { zh: '只有系统或营业部负责人可以转人工', en: 'only the system or a lead hands a chat over to a queue' };
    case 'timer.firstResponseSla':
    case 'timer.noReply':
    case 'timer.idleClose':
    case 'timer.resolvedClose':
    case 'timer.transferExpiry': {
      if (a.kind !== 'system') return { zh: '计时事件只能由系统发出', en: 'timer events come from the hub only' };
      const kind = { 'timer.firstResponseSla': 'firstResponseSla', 'timer.noReply': 'noReply', 'timer.idleClose': 'idleClose', 'timer.resolvedClose': 'resolvedClose', 'timer.transferExpiry': 'transferExpiry' }[event.type] as keyof TicketContext['timers'];
      const due = ctx.timers[kind];
      return due === null ? { zh: '该计时器未在运行', en: 'that timer is not running' } : { zh: `计时器未到期(到期时间 ${due})`, en: `that timer is not due until ${due}` };
    }
    case 'timers.rearm':
      return { zh: '只有系统可以重新设置计时器', en: 'only the hub may re-arm timers' };
  }
}

export type TicketAction = 'grab' | 'reply' | 'resolve' | 'transfer' | 'escalate' | 'close' | 'takeOver' | 'reassign' | 'return';
export const TICKET_ACTIONS: readonly TicketAction[] = ['grab', 'reply', 'resolve', 'transfer', 'escalate', 'close', 'takeOver', 'reassign', 'return'];

export const TICKET_ACTION_LABELS: Record<TicketAction, Bilingual> = {
  grab: { zh: '抢单', en: 'Grab' },
  reply: { zh: '回复', en: 'Reply' },
  resolve: { zh: '结单', en: 'Resolve' },
  transfer: { zh: '转接', en: 'Transfer' },
  escalate: { zh: '升级', en: 'Escalate' },
  close: { zh: '关闭', en: 'Close' },
  takeOver: { zh: '接管', en: 'Take over' },
  reassign: { zh: '改派', en: 'Reassign' },
  return: { zh: '退回并指导', en: 'Return with guidance' },
};

export type ViewerRole = ActorKind | 'qa';

export interface AllowedAction {
  action: TicketAction;
  allowed: boolean;
  reasonIfNot: Bilingual | null;
}

const PROBE = '__probe__';

function probeEvent(action: TicketAction, actor: EventActor, at: string): TicketEvent {
  switch (action) {
    case 'grab':
      return { type: 'ticket.assign', agentId: actor.id, by: 'grab', actor, at };
    case 'reply':
      return { type: 'agent.message', actor, at };
    case 'resolve':
      return { type: 'ticket.resolve', actor, at };
    case 'transfer':
      return { type: 'ticket.transfer', toSkillGroup: PROBE, note: '', actor, at };
    case 'escalate':
      return { type: 'ticket.escalate', reason: PROBE, auto: actor.kind === 'system' ? true : undefined, actor, at };
    case 'close':
      return { type: 'ticket.close', actor, at };
    case 'takeOver':
      return { type: 'lead.takeOver', leadId: actor.id, actor, at };
    case 'reassign':
      return { type: 'lead.reassign', toAgentId: PROBE, actor, at };
    case 'return':
      return { type: 'lead.return', guidance: PROBE, actor, at };
  }
}

/**
 * For each deck action: whether the lifecycle allows it for this viewer now (asked of the machine with
 * `snapshot.can`), and if not, why. `actorId` defaults to the ticket's owner for an agent (so the owner's deck
 * asks "what may I do") and to a placeholder for other roles. Capacity, skills and branch are checked by the
 * routing policies and the hub, not here.
 */
export function allowedActions(snapshot: TicketSnapshot, role: ViewerRole, actorId?: string): AllowedAction[] {
  if (role === 'qa') {
    return TICKET_ACTIONS.map((action) => ({ action, allowed: false, reasonIfNot: { zh: '质检角色只能查看会话', en: 'QA reviewers can only view sessions' } }));
  }
  const id = actorId ?? (role === 'agent' ? (snapshot.context.owner ?? PROBE) : role === 'system' ? SYSTEM_ACTOR.id : PROBE);
  const actor: EventActor = { kind: role, id };
  const at = snapshot.context.log.at(-1)?.at ?? snapshot.context.createdAt;
  return TICKET_ACTIONS.map((action) => {
    const event = probeEvent(action, actor, at);
    const allowed = snapshot.can(event);
    return { action, allowed, reasonIfNot: allowed ? null : explainRejection(snapshot, event) };
  });
}
