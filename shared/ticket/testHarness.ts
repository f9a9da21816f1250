/**
 * Test helpers for the ticket machine (used by the tests beside it and, if useful, by hub tests): a ticket on
 * XState's SimulatedClock, and event builders stamped with the simulated time.
 */
import { SimulatedClock } from 'xstate';
import type { EventActor, TicketEvent } from './ticketEvents';
import type { TicketConfig, TicketInput } from './machine';
import { createTicket, send, type SendResult, type Ticket, type TicketOptions } from './ticket';

export const T0 = Date.parse('2025-03-03T01:00:00.000Z');

export const who = {
  customer: { kind: 'customer', id: 'cust-1' },
  system: { kind: 'system', id: 'hub' },
  agent: (id: string): EventActor => ({ kind: 'agent', id }),
  lead: (id = 'lead-sh'): EventActor => ({ kind: 'lead', id }),
} as const;

export function simulatedClock(startMs = T0): SimulatedClock {
  const clock = new SimulatedClock();
  clock.set(startMs);
  return clock;
}

export const iso = (ms: number) => new Date(ms).toISOString();

type Payload<T extends TicketEvent['type']> = Omit<Extract<TicketEvent, { type: T }>, 'type' | 'actor' | 'at'>;

export interface Harness {
  clock: SimulatedClock;
  ticket: Ticket;
  now(): string;
  /** Builds an event stamped with the simulated now. */
  ev<T extends TicketEvent['type']>(type: T, actor: EventActor, payload?: Payload<T>): TicketEvent;
  /** Sends and fails the test with the error message when refused. */
  must<T extends TicketEvent['type']>(type: T, actor: EventActor, payload?: Payload<T>): Extract<SendResult, { ok: true }>;
  attempt<T extends TicketEvent['type']>(type: T, actor: EventActor, payload?: Payload<T>): SendResult;
  advance(ms: number): void;
}

export function ticketInput(config: Partial<TicketConfig> = {}, startMs = T0): TicketInput {
  return { ticketId: 'TK-1', conversationId: 'CV-1', branchId: 'BR-SH01', regionId: '华东', createdAt: iso(startMs), config };
}

export function harness(config: Partial<TicketConfig> = {}, options: Omit<TicketOptions, 'clock'> = {}): Harness {
  const clock = simulatedClock();
  const ticket = createTicket(ticketInput(config), { ...options, clock });
  return harnessFor(ticket, clock);
}

export function harnessFor(ticket: Ticket, clock: SimulatedClock): Harness {
  const now = () => iso(clock.now());
  const ev = <T extends TicketEvent['type']>(type: T, actor: EventActor, payload?: Payload<T>) =>
    ({ type, actor, at: now(), ...(payload ?? {}) }) as TicketEvent;
  return {
    clock,
    ticket,
    now,
    ev,
    must(type, actor, payload) {
      const result = send(ticket, ev(type, actor, payload));
      if (!result.ok) throw new Error(`expected ${type} to be accepted: ${result.error.message}`);
      return result;
    },
    attempt: (type, actor, payload) => send(ticket, ev(type, actor, payload)),
    advance: (ms) => clock.increment(ms),
  };
}

/** bot → queued → assigned (grabbed by `agentId`). */
export function assignedTo(h: Harness, agentId = 'agent01', skillGroup = '开户'): void {
  h.must('customer.message', who.customer);
  h.must('ticket.handoff', who.system, { skillGroup });
  h.must('ticket.assign', who.agent(agentId), { agentId, by: 'grab' });
}
