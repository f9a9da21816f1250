import { describe, expect, it } from 'vitest';
import { AppFailure } from '../result';
import type { TicketEvent } from './ticketEvents';
import { TICKET_MACHINE_VERSION } from './machine';
import { assignedTo, harness, harnessFor, iso, simulatedClock, T0, who } from './testHarness';
import { allowedActions, persist, restore, send, type AllowedAction } from './ticket';

const a1 = who.agent('agent01');

function restoredFrom(h: ReturnType<typeof harness>, atMs: number) {
  const stored = JSON.parse(JSON.stringify(persist(h.ticket))) as unknown;
  h.ticket.stop();
  const clock = simulatedClock(atMs);
  return harnessFor(restore(stored, { clock }), clock);
}

describe('send', () => {
  it('rejects an unknown event type and a malformed event before they reach the machine', () => {
    const h = harness();
    const unknown = send(h.ticket, { type: 'ticket.teleport', actor: who.system, at: h.now() } as unknown as TicketEvent);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    const malformed = send(h.ticket, { type: 'ticket.handoff', actor: who.system, at: 'yesterday', skillGroup: '开户' });
    expect(malformed).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(h.ticket.state).toBe('bot');
  });

  it('returns no record for an accepted event that keeps the state', () => {
    const h = harness();
    expect(h.must('customer.message', who.customer)).toMatchObject({ from: 'bot', to: 'bot', record: null, records: [] });
  });

  it('delivers timer-driven transitions to listeners exactly once', () => {
    const h = harness();
    const got: number[] = [];
    h.ticket.onTransition((r) => got.push(r.seq));
    assignedTo(h);
    h.advance(10 * 60_000);
    expect(got).toEqual([1, 2, 3]);
    expect(h.ticket.context.log.map((r) => r.seq)).toEqual(got);
  });
});

describe('persist and restore', () => {
  it('round-trips through JSON and resumes in the same state with the same context', () => {
    const h = harness();
    assignedTo(h);
    h.must('agent.message', a1);
    const stored = persist(h.ticket);
    expect(stored.machineVersion).toBe(TICKET_MACHINE_VERSION);
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    const r = restoredFrom(h, h.clock.now());
    expect(r.ticket.state).toBe('awaitingCustomer');
    expect(r.ticket.context).toEqual(h.ticket.context);
    r.must('customer.message', who.customer);
    expect(r.ticket.state).toBe('active');
  });

  it('re-arms pending timers relative to the stored deadlines after a restart', () => {
    const h = harness({ idleCloseMs: 600_000 });
    assignedTo(h);
    h.must('agent.message', a1); // idle deadline: T0 + 600 s
    h.advance(200_000);
    // The hub is down for 100 s and comes back at T0 + 300 s.
    const r = restoredFrom(h, T0 + 300_000);
    expect(r.ticket.state).toBe('awaitingCustomer');
    r.advance(299_999);
    expect(r.ticket.state).toBe('awaitingCustomer');
    r.advance(1);
    expect(r.ticket.state).toBe('closed');
    expect(r.ticket.context.log.at(-1)).toMatchObject({ event: 'timer.idleClose', at: iso(T0 + 600_000) });
  });

  it('fires deadlines that passed while the host was down at once, in due order, stamped with their deadlines', () => {
    const h = harness({ firstResponseSlaMs: 60_000, noReplyReassignMs: 120_000 });
    const seen: string[] = [];
    assignedTo(h);
    const stored = persist(h.ticket);
    h.ticket.stop();
    const clock = simulatedClock(T0 + 500_000);
    const breaches: string[] = [];
    const r = restore(stored, {
      clock,
      onTransition: (rec) => seen.push(`${rec.to}@${rec.at}`),
      onSlaBreached: (fact) => breaches.push(fact.dueAt),
    });
    expect(r.context.sla.firstResponseBreachedAt).toBe(iso(T0 + 60_000));
    expect(breaches).toEqual([iso(T0 + 60_000)]);
    expect(r.state).toBe('queued');
    expect(r.context.log.at(-1)).toMatchObject({ from: 'assigned', to: 'queued', at: iso(T0 + 120_000), reason: 'noReplyTimeout' });
    // Listeners passed to restore hear what happened during the restore itself.
    expect(seen).toEqual([`queued@${iso(T0 + 120_000)}`]);
  });

  it('refuses a snapshot from another machine version with a clear error', () => {
    const h = harness();
    const stored = { ...persist(h.ticket), machineVersion: TICKET_MACHINE_VERSION + 1 };
    expect(() => restore(stored)).toThrowError(AppFailure);
    try {
      restore(stored);
    } catch (e) {
      expect((e as AppFailure).code).toBe('CONFLICT');
      expect((e as AppFailure).message).toContain(`version ${TICKET_MACHINE_VERSION + 1}`);
    }
  });

  it('refuses a malformed snapshot and says where', () => {
    const h = harness();
    const stored = persist(h.ticket) as { snapshot: { value: string } };
    stored.snapshot.value = 'teleported';
    expect(() => restore(stored)).toThrowError(/snapshot\.value/);
  });
});

describe('allowedActions', () => {
  const byAction = (list: AllowedAction[]) => Object.fromEntries(list.map((a) => [a.action, a]));

  it('offers a queued ticket for grabbing but nothing that needs an owner', () => {
    const h = harness();
    h.must('ticket.handoff', who.system, { skillGroup: '开户' });
    const acts = byAction(allowedActions(h.ticket.snapshot, 'agent', 'agent02'));
    expect(acts.grab?.allowed).toBe(true);
    expect(acts.resolve).toMatchObject({ allowed: false, reasonIfNot: { zh: '「排队中」状态下不能执行该操作' } });
    expect(acts.reply?.allowed).toBe(false);
  });

  it('lets the owner reply, transfer, escalate and resolve; a lead may not take over before escalation', () => {
    const h = harness();
    assignedTo(h);
    h.must('agent.message', a1);
    h.must('customer.message', who.customer);
    const owner = byAction(allowedActions(h.ticket.snapshot, 'agent'));
    expect(Object.values(owner).filter((a) => a.allowed).map((a) => a.action).sort()).toEqual(['escalate', 'reply', 'resolve', 'transfer']);
    const other = byAction(allowedActions(h.ticket.snapshot, 'agent', 'agent09'));
    expect(other.resolve?.reasonIfNot?.en).toContain('owner (agent01)');
    expect(byAction(allowedActions(h.ticket.snapshot, 'lead')).takeOver?.allowed).toBe(false);
  });

  it('gives the lead the escalation decisions and QA nothing', () => {
    const h = harness();
    assignedTo(h);
    h.must('ticket.escalate', a1, { reason: '投诉' });
    const lead = byAction(allowedActions(h.ticket.snapshot, 'lead', 'lead-sh'));
    expect([lead.takeOver?.allowed, lead.reassign?.allowed, lead.return?.allowed, lead.close?.allowed]).toEqual([true, true, true, true]);
    expect(allowedActions(h.ticket.snapshot, 'qa').every((a) => !a.allowed && a.reasonIfNot !== null)).toBe(true);
  });

  it('explains that an ended ticket takes no action', () => {
    const h = harness();
    h.must('ticket.handoff', who.system, { skillGroup: '开户' });
    h.must('customer.left', who.customer);
    const all = allowedActions(h.ticket.snapshot, 'lead');
    expect(all.every((a) => !a.allowed)).toBe(true);
    expect(all[0]?.reasonIfNot?.zh).toContain('工单已结束');
  });
});
