import { describe, expect, it } from 'vitest';
import { assignedTo, harness, who, type Harness } from '../../../shared/ticket/testHarness';
import { ticketActionsFor, ticketStateLabel } from './ticketActions';

/** The ticket exactly as the hub puts it on the wire: a JSON round trip, with the transition log left on the hub. */
function wire(h: Harness): { value: string; context: unknown } {
  const snapshot = JSON.parse(JSON.stringify(h.ticket.snapshot)) as { value: string; context: Record<string, unknown> };
  return { value: snapshot.value, context: { ...snapshot.context, log: [] } };
}

const agent = (id: string) => ({ id, role: 'agent' as const });

describe('ticketActionsFor', () => {
  it('lets the owner of an active chat resolve, transfer and escalate, but not close before resolving', () => {
    const h = harness();
    assignedTo(h, 'agent01');
    h.must('agent.message', who.agent('agent01'));
    h.must('customer.message', who.customer);
    const actions = ticketActionsFor({ ticket: wire(h) }, agent('agent01'));
    expect(actions.get('resolve')?.allowed).toBe(true);
    expect(actions.get('transfer')?.allowed).toBe(true);
    expect(actions.get('escalate')?.allowed).toBe(true);
    const close = actions.get('close');
    expect(close?.allowed).toBe(false);
    expect(close?.reasonIfNot?.zh).toContain('结单');
  });

  it('lets the owner close once resolved, and refuses a colleague with the owner named', () => {
    const h = harness();
    assignedTo(h, 'agent01');
    h.must('agent.message', who.agent('agent01'));
    h.must('ticket.resolve', who.agent('agent01'));
    const ticket = wire(h);
    expect(ticketActionsFor({ ticket }, agent('agent01')).get('close')?.allowed).toBe(true);
    const colleague = ticketActionsFor({ ticket }, agent('agent02')).get('close');
    expect(colleague?.allowed).toBe(false);
    expect(colleague?.reasonIfNot?.en).toContain('agent01');
  });

  it('offers nothing on an ended ticket or to a QA reviewer, and says why', () => {
    const h = harness();
    assignedTo(h, 'agent01');
    h.must('ticket.close', who.lead());
    const ended = ticketActionsFor({ ticket: wire(h) }, agent('agent01'));
    expect([...ended.values()].every((a) => !a.allowed)).toBe(true);
    expect(ended.get('resolve')?.reasonIfNot?.en).toMatch(/ended/);
    const qa = ticketActionsFor({ ticket: wire(h) }, { id: 'qa01', role: 'qa' });
    expect(qa.get('resolve')?.reasonIfNot?.zh).toContain('质检');
  });

  it('refuses everything, with a reason, when the hub sent no ticket', () => {
    const actions = ticketActionsFor({ ticket: null }, agent('agent01'));
    expect(actions.get('resolve')).toMatchObject({ allowed: false, reasonIfNot: { en: expect.stringMatching(/view/) } });
  });
});

describe('ticketStateLabel', () => {
  it('labels the machine state in the UI language and passes unknown states through', () => {
    expect(ticketStateLabel({ ticket: { value: 'awaitingCustomer', context: {} }, state: 'x' }, 'en').label).toBe('Waiting for customer');
    expect(ticketStateLabel({ ticket: null, state: 'queued' }, 'zh-CN').label).toBe('排队中');
    expect(ticketStateLabel({ ticket: null, state: 'weird' }, 'en')).toEqual({ state: 'weird', label: null });
  });
});
