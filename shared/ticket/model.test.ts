/**
 * Model-based tests: random sequences of events, clock advances and host restarts, run against two tickets at once.
 * Ticket A is never restarted; its twin B is persisted to JSON and restored on a fresh clock whenever the sequence
 * says "restart". After every step the twins must agree exactly, and A must satisfy the lifecycle's invariants.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimulatedClock } from 'xstate';
import type { EventActor, TicketEvent, TicketEventType } from './ticketEvents';
import { addMs, isTerminal, type TicketConfig, type TicketContext, type TicketState, type TransitionRecord } from './machine';
import { iso, simulatedClock, T0, ticketInput } from './testHarness';
import { createTicket, persist, restore, send, type SendResult, type Ticket } from './ticket';

const CONFIG: TicketConfig = { firstResponseSlaMs: 60_000, noReplyReassignMs: 120_000, idleCloseMs: 600_000, resolvedCloseMs: 300_000, logLimit: 10_000 };
const AGENTS = ['a1', 'a2', 'a3'] as const;
const GROUPS = ['开户', '交易', '两融'] as const;
type ActorPick = 'natural' | 'owner' | 'a1' | 'a2' | 'lead' | 'customer' | 'system';

type Step =
  | { kind: 'send'; type: TicketEventType; actor: ActorPick; agent: (typeof AGENTS)[number]; group: (typeof GROUPS)[number]; flag: boolean; score: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'restart' };

const weightedType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<TicketEventType>('customer.message', 'agent.message') },
  { weight: 3, arbitrary: fc.constantFrom<TicketEventType>('ticket.handoff', 'ticket.assign') },
  { weight: 2, arbitrary: fc.constantFrom<TicketEventType>('ticket.transfer', 'ticket.escalate', 'ticket.resolve', 'ticket.close') },
  { weight: 2, arbitrary: fc.constantFrom<TicketEventType>('lead.takeOver', 'lead.reassign', 'lead.return') },
  { weight: 1, arbitrary: fc.constantFrom<TicketEventType>('customer.left', 'agent.offline', 'agent.unanswered', 'csat.rated') },
  { weight: 1, arbitrary: fc.constantFrom<TicketEventType>('timer.noReply', 'timer.idleClose', 'timer.firstResponseSla', 'timers.rearm') },
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      type: weightedType,
      actor: fc.oneof({ weight: 4, arbitrary: fc.constant<ActorPick>('natural') }, { weight: 1, arbitrary: fc.constantFrom<ActorPick>('owner', 'a1', 'a2', 'lead', 'customer', 'system') }),
      agent: fc.constantFrom(...AGENTS),
      group: fc.constantFrom(...GROUPS),
      flag: fc.boolean(),
      score: fc.integer({ min: 1, max: 5 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.constantFrom(59_999, 60_000, 120_000, 300_000, 600_000), fc.integer({ min: 0, max: 700_000 })),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

function naturalActor(type: TicketEventType, ctx: TicketContext, agent: string): EventActor {
  const owner: EventActor = { kind: ctx.owner?.startsWith('lead') ? 'lead' : 'agent', id: ctx.owner ?? agent };
  if (type.startsWith('customer.') || type === 'csat.rated') return { kind: 'customer', id: 'cust' };
  if (type.startsWith('lead.')) return { kind: 'lead', id: 'lead-1' };
  if (type === 'ticket.assign') return { kind: 'agent', id: agent };
  if (type.startsWith('timer') || type === 'ticket.handoff' || type.startsWith('agent.o') || type.startsWith('agent.u')) return { kind: 'system', id: 'hub' };
  return owner;
}

function pickActor(step: Extract<Step, { kind: 'send' }>, ctx: TicketContext): EventActor {
  switch (step.actor) {
    case 'natural':
      return naturalActor(step.type, ctx, step.agent);
    case 'owner':
      return { kind: 'agent', id: ctx.owner ?? step.agent };
    case 'a1':
    case 'a2':
      return { kind: 'agent', id: step.actor };
    case 'lead':
      return { kind: 'lead', id: 'lead-1' };
    case 'customer':
      return { kind: 'customer', id: 'cust' };
    case 'system':
      return { kind: 'system', id: 'hub' };
  }
}

function buildEvent(step: Extract<Step, { kind: 'send' }>, ctx: TicketContext, at: string): TicketEvent {
  const actor = pickActor(step, ctx);
  const base = { actor, at };
  const ownerOrAgent = ctx.owner ?? step.agent;
  switch (step.type) {
    case 'ticket.handoff':
      return { type: step.type, ...base, skillGroup: step.group };
    case 'ticket.assign':
      return { type: step.type, ...base, agentId: actor.kind === 'agent' ? actor.id : step.agent, by: actor.kind === 'system' ? 'dispatch' : actor.kind === 'lead' ? 'lead' : 'grab' };
    case 'ticket.transfer':
      return step.flag ? { type: step.type, ...base, toAgentId: step.agent, note: 'n' } : { type: step.type, ...base, toSkillGroup: step.group, note: 'n' };
    case 'ticket.escalate':
      return { type: step.type, ...base, reason: 'r', auto: actor.kind === 'system' ? true : undefined };
    case 'lead.takeOver':
      return { type: step.type, ...base, leadId: actor.id };
    case 'lead.reassign':
      return { type: step.type, ...base, toAgentId: step.agent };
    case 'lead.return':
      return { type: step.type, ...base, guidance: 'g' };
    case 'agent.offline':
    case 'agent.unanswered':
      return { type: step.type, ...base, agentId: step.flag ? ownerOrAgent : step.agent };
    case 'csat.rated':
      return { type: step.type, ...base, score: step.score };
    default:
      return { type: step.type, ...base } as TicketEvent;
  }
}

/** A send result without object identity, for comparing the twins. */
const comparable = (r: SendResult) => (r.ok ? r : { ok: false, code: r.error.code, message: r.error.message });

function checkInvariants(t: Ticket, nowMs: number, observedChanges: number, delivered: TransitionRecord[]): void {
  const ctx = t.context;
  const state = t.state;

  // Never two owners: at most one open ownership, and it is exactly `owner`.
  const open = ctx.ownerHistory.filter((r) => r.until === null);
  if (ctx.owner === null) expect(open).toEqual([]);
  else expect(open.map((r) => r.agentId)).toEqual([ctx.owner]);
  for (const r of ctx.ownerHistory) if (r.until !== null) expect(Date.parse(r.until)).toBeGreaterThanOrEqual(Date.parse(r.since));

  // Every state change is recorded exactly once: the log is a gap-free chain from `bot` to the current state,
  // matches what XState's inspection saw change, and matches what listeners received.
  expect(ctx.log.map((r) => r.seq)).toEqual(ctx.log.map((_, i) => i + 1));
  ctx.log.forEach((r, i) => expect(r.from).toBe(i === 0 ? 'bot' : ctx.log[i - 1]?.to));
  expect(ctx.log.at(-1)?.to ?? 'bot').toBe(state);
  expect(ctx.seq).toBe(observedChanges);
  expect(delivered).toEqual(ctx.log);

  // Timers fire as configured: nothing overdue is left pending, and each deadline is where the config puts it.
  for (const due of Object.values(ctx.timers)) if (due !== null) expect(Date.parse(due)).toBeGreaterThan(nowMs);
  const enteredAt = ctx.log.at(-1)?.at ?? ctx.createdAt;
  const expected: TicketContext['timers'] = { firstResponseSla: null, noReply: null, idleClose: null, resolvedClose: null, transferExpiry: null };
  if (state === 'assigned' || state === 'active') expected.noReply = addMs(enteredAt, CONFIG.noReplyReassignMs);
  if (state === 'awaitingCustomer') {
    const from = ctx.lastAgentMessageAt !== null && ctx.lastAgentMessageAt > enteredAt ? ctx.lastAgentMessageAt : enteredAt;
    expected.idleClose = addMs(from, CONFIG.idleCloseMs);
  }
  if (state === 'resolved') expected.resolvedClose = addMs(enteredAt, CONFIG.resolvedCloseMs as number);
  if (state === 'transferred' && ctx.reservedFor !== null) expected.transferExpiry = addMs(enteredAt, CONFIG.noReplyReassignMs);
  const firstOwnership = ctx.ownerHistory[0];
  if (firstOwnership && ctx.firstResponseAt === null && ctx.sla.firstResponseBreachedAt === null && !isTerminal(state)) {
    expected.firstResponseSla = addMs(firstOwnership.since, CONFIG.firstResponseSlaMs);
  }
  expect(ctx.timers).toEqual(expected);

  // No message is accepted on an ended ticket, and trying changes nothing.
  if (isTerminal(state)) {
    const before = t.snapshot;
    const at = iso(nowMs);
    for (const event of [
      { type: 'customer.message', actor: { kind: 'customer', id: 'cust' }, at },
      { type: 'agent.message', actor: { kind: 'agent', id: ctx.owner ?? 'a1' }, at },
    ] as TicketEvent[]) {
      expect(send(t, event)).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    }
    expect(t.snapshot).toBe(before);
  }
}

function run(steps: Step[]): void {
  let changes = 0;
  let lastValue: TicketState | undefined;
  const deliveredA: TransitionRecord[] = [];
  const deliveredB: TransitionRecord[] = [];
  const clockA = simulatedClock();
  const a = createTicket(ticketInput(CONFIG), {
    clock: clockA,
    onTransition: (r) => deliveredA.push(r),
    // Independent witness of state changes: every microstep XState takes.
    inspect: (ev) => {
      if (ev.type !== '@xstate.microstep') return;
      const value = (ev.snapshot as unknown as { value: TicketState }).value;
      if (lastValue !== undefined && value !== lastValue) changes++;
      lastValue = value;
    },
  });
  lastValue = a.state;
  let clockB: SimulatedClock = simulatedClock();
  let b = createTicket(ticketInput(CONFIG), { clock: clockB, onTransition: (r) => deliveredB.push(r) });

  for (const step of steps) {
    if (step.kind === 'advance') {
      clockA.increment(step.ms);
      clockB.increment(step.ms);
    } else if (step.kind === 'restart') {
      const stored = JSON.parse(JSON.stringify(persist(b))) as unknown;
      b.stop();
      clockB = simulatedClock(clockB.now());
      b = restore(stored, { clock: clockB, onTransition: (r) => deliveredB.push(r) });
    } else {
      const at = iso(clockA.now());
      const resultA = send(a, buildEvent(step, a.context, at));
      const resultB = send(b, buildEvent(step, b.context, at));
      expect(comparable(resultB)).toEqual(comparable(resultA));
      if (!resultA.ok) expect(['INVALID_TRANSITION']).toContain(resultA.error.code);
    }
    expect(b.state).toBe(a.state);
    expect(b.context).toEqual(a.context);
    checkInvariants(a, clockA.now(), changes, deliveredA);
  }
  expect(deliveredB).toEqual(deliveredA);
  a.stop();
  b.stop();
}

describe('ticket machine, model-based', () => {
  it('keeps its invariants and behaves the same after any number of persist/restore cycles', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }), (steps) => run(steps)),
      { numRuns: 300 },
    );
  });

  it('reaches every state from random sequences (the generator is not stuck in the first states)', () => {
    const reached = new Set<TicketState>();
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40, size: 'max' }), (steps) => {
        const clock = simulatedClock(T0);
        const t = createTicket(ticketInput(CONFIG), { clock, onTransition: (r) => reached.add(r.to) });
        for (const step of steps) {
          if (step.kind === 'advance') clock.increment(step.ms);
          else if (step.kind === 'send') send(t, buildEvent(step, t.context, iso(clock.now())));
        }
        t.stop();
      }),
      { numRuns: 300, seed: 20250303 },
    );
    expect([...reached].sort()).toEqual(['abandoned', 'active', 'assigned', 'awaitingCustomer', 'closed', 'escalated', 'queued', 'resolved', 'transferred']);
  });
});
