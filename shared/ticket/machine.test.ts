import { describe, expect, it } from 'vitest';
import { DEFAULT_TICKET_CONFIG, previousOwners } from './machine';
import { assignedTo, harness, iso, T0, who } from './testHarness';
import { send } from './ticket';

const a1 = who.agent('agent01');
const a2 = who.agent('agent02');

describe('ticket lifecycle', () => {
  it('walks the happy path and records every state change once, in order', () => {
    const h = harness();
    assignedTo(h);
    h.advance(5_000);
    h.must('agent.message', a1);
    h.advance(10_000);
    h.must('customer.message', who.customer);
    h.must('agent.message', a1);
    h.must('ticket.resolve', a1, { summary: '已开通创业板' });
    h.must('csat.rated', who.customer, { score: 5 });
    const closed = h.must('ticket.close', a1);

    expect(closed).toMatchObject({ from: 'resolved', to: 'closed' });
    const ctx = h.ticket.context;
    expect(ctx.log.map((r) => `${r.from}>${r.to}`)).toEqual([
      'bot>queued',
      'queued>assigned',
      'assigned>awaitingCustomer',
      'awaitingCustomer>active',
      'active>awaitingCustomer',
      'awaitingCustomer>resolved',
      'resolved>closed',
    ]);
    expect(ctx.log.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(ctx.firstResponseAt).toBe(iso(T0 + 5_000));
    expect(ctx.csat).toMatchObject({ score: 5 });
    expect(ctx.counters).toMatchObject({ customerMessages: 2, agentMessages: 2, assignments: 1 });
    expect(ctx.closeReason).toBe('closedByStaff');
    expect(ctx.timers).toEqual({ firstResponseSla: null, noReply: null, idleClose: null, resolvedClose: null, transferExpiry: null });
  });

  it('refuses an event the state does not take, naming state and event, and changes nothing', () => {
    const h = harness();
    h.must('ticket.handoff', who.system, { skillGroup: '交易' });
    const before = h.ticket.snapshot;
    const result = h.attempt('agent.message', a1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_TRANSITION');
    expect(result.error.message).toContain('"queued"');
    expect(result.error.message).toContain('"agent.message"');
    expect(h.ticket.snapshot).toBe(before);
  });

  it('lets only the owner answer, and says who the owner is', () => {
    const h = harness();
    assignedTo(h, 'agent01');
    const result = h.attempt('agent.message', a2);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('agent01');
    expect(h.ticket.state).toBe('assigned');
  });

  it('accepts no message on a closed ticket, but one CSAT rating', () => {
    const h = harness();
    assignedTo(h);
    h.must('customer.left', who.customer);
    expect(h.ticket.state).toBe('closed');
    expect(h.attempt('customer.message', who.customer).ok).toBe(false);
    expect(h.attempt('agent.message', a1).ok).toBe(false);
    h.must('csat.rated', who.customer, { score: 2, comment: '等太久' });
    expect(h.attempt('csat.rated', who.customer, { score: 5 }).ok).toBe(false);
  });

  it('abandons a ticket whose customer leaves the queue', () => {
    const h = harness();
    h.must('ticket.handoff', who.system, { skillGroup: '开户' });
    expect(h.must('customer.left', who.customer)).toMatchObject({ from: 'queued', to: 'abandoned' });
    expect(h.ticket.context.closeReason).toBe('abandoned');
  });

  it('checks who assigns: a grab only by the agent themself, a dispatch only by the system', () => {
    const h = harness();
    h.must('ticket.handoff', who.system, { skillGroup: '开户' });
    expect(h.attempt('ticket.assign', a2, { agentId: 'agent01', by: 'grab' }).ok).toBe(false);
    expect(h.attempt('ticket.assign', a1, { agentId: 'agent01', by: 'dispatch' }).ok).toBe(false);
    h.must('ticket.assign', who.system, { agentId: 'agent01', by: 'dispatch' });
    expect(h.ticket.context.owner).toBe('agent01');
    // A second assignment while owned is refused: never two owners.
    expect(h.attempt('ticket.assign', a2, { agentId: 'agent02', by: 'grab' }).ok).toBe(false);
  });

  it('reopens a resolved ticket when the customer writes again', () => {
    const h = harness();
    assignedTo(h);
    h.must('agent.message', a1);
    h.must('ticket.resolve', a1);
    expect(h.must('customer.message', who.customer)).toMatchObject({ from: 'resolved', to: 'active' });
    expect(h.ticket.context.counters.reopens).toBe(1);
  });
});

describe('timers (simulated clock)', () => {
  it('records a first-response SLA breach at exactly the deadline without changing state', () => {
    const h = harness({ firstResponseSlaMs: 60_000 });
    const facts: unknown[] = [];
    h.ticket.onSlaBreached((fact) => facts.push(fact));
    assignedTo(h);
    h.advance(59_999);
    expect(h.ticket.context.sla.firstResponseBreachedAt).toBeNull();
    h.advance(1);
    expect(h.ticket.state).toBe('assigned');
    expect(h.ticket.context.sla.firstResponseBreachedAt).toBe(iso(T0 + 60_000));
    expect(facts).toEqual([{ type: 'sla.breached', ticketId: 'TK-1', sla: 'firstResponse', dueAt: iso(T0 + 60_000), owner: 'agent01', state: 'assigned' }]);
  });

  it('does not breach the SLA when the agent answers in time', () => {
    const h = harness();
    assignedTo(h);
    h.advance(30_000);
    h.must('agent.message', a1);
    h.advance(600_000);
    expect(h.ticket.context.sla.firstResponseBreachedAt).toBeNull();
  });

  it('releases an unanswered assignment back to the queue after noReplyReassignMs', () => {
    const h = harness({ noReplyReassignMs: 120_000 });
    const seen: string[] = [];
    h.ticket.onTransition((r) => seen.push(`${r.from}>${r.to}:${r.reason}`));
    assignedTo(h, 'agent01');
    h.advance(119_999);
    expect(h.ticket.state).toBe('assigned');
    h.advance(1);
    expect(h.ticket.state).toBe('queued');
    expect(h.ticket.context.owner).toBeNull();
    expect(previousOwners(h.ticket.context)).toEqual(['agent01']);
    expect(h.ticket.context.ownerHistory[0]).toMatchObject({ agentId: 'agent01', releaseReason: 'noReply', until: iso(T0 + 120_000) });
    expect(seen.at(-1)).toBe('assigned>queued:noReplyTimeout');
  });

  it('counts the no-reply time from when the ball reached the agent, not from later customer messages', () => {
    const h = harness({ noReplyReassignMs: 120_000 });
    assignedTo(h);
    h.must('agent.message', a1);
    h.advance(1_000);
    h.must('customer.message', who.customer); // → active; the countdown starts here
    h.advance(100_000);
    h.must('customer.message', who.customer); // a nudge does not restart it
    h.advance(19_999);
    expect(h.ticket.state).toBe('active');
    h.advance(1);
    expect(h.ticket.state).toBe('queued');
  });

  it('closes an idle chat after idleCloseMs of customer silence; another agent message restarts the countdown', () => {
    const h = harness({ idleCloseMs: 600_000 });
    assignedTo(h);
    h.must('agent.message', a1);
    h.advance(300_000);
    h.must('agent.message', a1);
    h.advance(599_999);
    expect(h.ticket.state).toBe('awaitingCustomer');
    h.advance(1);
    expect(h.ticket.state).toBe('closed');
    expect(h.ticket.context.closeReason).toBe('idle');
    expect(h.ticket.context.log.at(-1)).toMatchObject({ event: 'timer.idleClose', at: iso(T0 + 900_000), actor: who.system });
  });

  it('closes a resolved ticket after resolvedCloseMs, or never when it is null', () => {
    const timed = harness({ resolvedCloseMs: 300_000 });
    assignedTo(timed);
    timed.must('agent.message', a1);
    timed.must('ticket.resolve', a1);
    timed.advance(300_000);
    expect(timed.ticket.context.closeReason).toBe('resolvedTimeout');

    const open = harness({ resolvedCloseMs: null });
    assignedTo(open);
    open.must('agent.message', a1);
    open.must('ticket.resolve', a1);
    open.advance(DEFAULT_TICKET_CONFIG.idleCloseMs * 10);
    expect(open.ticket.state).toBe('resolved');
  });

  it('refuses a timer event sent before its deadline', () => {
    const h = harness();
    assignedTo(h);
    const early = h.attempt('timer.noReply', who.system);
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error.message).toContain(iso(T0 + DEFAULT_TICKET_CONFIG.noReplyReassignMs));
  });
});

describe('transfer', () => {
  it('moves the ticket to another skill group with history and releases the owner', () => {
    const h = harness();
    assignedTo(h, 'agent01', '交易');
    h.must('agent.message', a1);
    h.must('ticket.transfer', a1, { toSkillGroup: '两融', note: '客户咨询维持担保比例' });
    const ctx = h.ticket.context;
    expect(h.ticket.state).toBe('transferred');
    expect(ctx).toMatchObject({ owner: null, skillGroup: '两融', reservedFor: null });
    expect(ctx.lastTransfer).toMatchObject({ fromAgentId: 'agent01', fromSkillGroup: '交易', toSkillGroup: '两融', note: '客户咨询维持担保比例' });
    expect(ctx.timers.transferExpiry).toBeNull();
    h.must('ticket.assign', a2, { agentId: 'agent02', by: 'grab' });
    expect(h.ticket.context.owner).toBe('agent02');
  });

  it('reserves a transfer to a named agent until it lapses, then opens it to the group', () => {
    const h = harness({ noReplyReassignMs: 120_000 });
    assignedTo(h, 'agent01');
    h.must('ticket.transfer', a1, { toAgentId: 'agent02', note: '请接待' });
    const third = h.attempt('ticket.assign', who.agent('agent03'), { agentId: 'agent03', by: 'grab' });
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.error.message).toContain('reserved for agent agent02');
    h.advance(120_000);
    expect(h.ticket.state).toBe('queued');
    expect(h.ticket.context.reservedFor).toBeNull();
    h.must('ticket.assign', who.agent('agent03'), { agentId: 'agent03', by: 'grab' });
  });

  it('refuses a transfer to the current owner or without a target', () => {
    const h = harness();
    assignedTo(h, 'agent01');
    expect(h.attempt('ticket.transfer', a1, { toAgentId: 'agent01', note: '' }).ok).toBe(false);
    expect(h.attempt('ticket.transfer', a1, { note: '' }).ok).toBe(false);
  });
});

describe('escalation', () => {
  function escalated() {
    const h = harness();
    assignedTo(h, 'agent01');
    h.must('agent.message', a1);
    h.must('customer.message', who.customer);
    h.must('ticket.escalate', a1, { reason: '客户要求找负责人' });
    return h;
  }

  it('lets the branch lead take over as the single owner', () => {
    const h = escalated();
    const lead = who.lead('lead-sh');
    expect(h.attempt('lead.takeOver', a2, { leadId: 'agent02' }).ok).toBe(false);
    expect(h.must('lead.takeOver', lead, { leadId: 'lead-sh' })).toMatchObject({ from: 'escalated', to: 'active' });
    const ctx = h.ticket.context;
    expect(ctx.owner).toBe('lead-sh');
    expect(ctx.ownerHistory.filter((r) => r.until === null)).toEqual([expect.objectContaining({ agentId: 'lead-sh', by: 'takeOver' })]);
    expect(ctx.escalation).toMatchObject({ outcome: 'takenOver', leadId: 'lead-sh', agentId: 'agent01' });
    h.must('agent.message', lead);
    expect(h.ticket.state).toBe('awaitingCustomer');
  });

  it('lets the lead return the chat with guidance or reassign it', () => {
    const returned = escalated();
    returned.must('lead.return', who.lead(), { guidance: '先核实身份再办理' });
    expect(returned.ticket.state).toBe('active');
    expect(returned.ticket.context.escalation).toMatchObject({ outcome: 'returned', guidance: '先核实身份再办理' });
    expect(returned.ticket.context.owner).toBe('agent01');

    const reassigned = escalated();
    reassigned.must('lead.reassign', who.lead(), { toAgentId: 'agent02' });
    expect(reassigned.ticket.state).toBe('assigned');
    expect(reassigned.ticket.context.owner).toBe('agent02');
    expect(previousOwners(reassigned.ticket.context)).toEqual(['agent01']);
  });

  it('keeps the escalation open when the agent drops out, and refuses to return it to nobody', () => {
    const h = escalated();
    h.must('agent.offline', who.system, { agentId: 'agent01' });
    expect(h.ticket.state).toBe('escalated');
    expect(h.ticket.context.owner).toBeNull();
    const back = h.attempt('lead.return', who.lead(), { guidance: 'x' });
    expect(back.ok).toBe(false);
    if (!back.ok) expect(back.error.message).toContain('gone offline');
    h.must('lead.reassign', who.lead(), { toAgentId: 'agent02' });
  });

  it('accepts an automatic escalation only from the system', () => {
    const h = harness();
    assignedTo(h);
    expect(h.attempt('ticket.escalate', who.system, { reason: 'SLA' }).ok).toBe(false);
    expect(h.must('ticket.escalate', who.system, { reason: '首响超时', auto: true }).record).toMatchObject({ reason: 'autoEscalation', note: '首响超时' });
  });
});

describe('timer events from outside', () => {
  it('accepts timer and re-arm events only from the system', () => {
    const h = harness();
    assignedTo(h);
    h.advance(1); // keep the real alarm pending
    const late = iso(T0 + 10 * DEFAULT_TICKET_CONFIG.noReplyReassignMs);
    const forged = send(h.ticket, { type: 'timer.noReply', actor: a1, at: late });
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    // A re-arm stamped in the future would fire every deadline at once.
    expect(send(h.ticket, { type: 'timers.rearm', actor: who.customer, at: late }).ok).toBe(false);
    expect(h.ticket.state).toBe('assigned');
  });
});
