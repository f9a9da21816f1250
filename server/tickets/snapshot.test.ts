import { describe, expect, it } from 'vitest';
import { assignedTo, harness, simulatedClock, who } from '../../shared/ticket/testHarness';
import { restore, serializeTicket } from '../../shared/ticket/ticket';
import { serializeTicketWithoutLog } from './snapshot';

const a1 = who.agent('agent01');

describe('serializeTicketWithoutLog', () => {
  it('writes exactly what serializeTicket(…, { withoutLog: true }) writes, through a whole lifecycle', () => {
    const h = harness({ logLimit: 5 });
    const same = () => expect(serializeTicketWithoutLog(h.ticket)).toBe(serializeTicket(h.ticket, { withoutLog: true }));
    same();
    assignedTo(h);
    same();
    for (let i = 0; i < 8; i++) {
      h.must('agent.message', a1);
      same();
      h.must('customer.message', who.customer);
      same();
    }
    h.must('ticket.resolve', a1);
    same();
    h.advance(60 * 60_000); // timers fire on their own (auto-close)
    same();
    expect(h.ticket.context.log.length).toBeGreaterThan(0);
    expect(JSON.parse(serializeTicketWithoutLog(h.ticket)).snapshot.context.log).toEqual([]);
  });

  it('leaves the live ticket untouched and restores to the same state and counters', () => {
    const h = harness();
    assignedTo(h);
    h.must('agent.message', a1);
    const logBefore = h.ticket.context.log.length;
    const stored = JSON.parse(serializeTicketWithoutLog(h.ticket)) as unknown;
    expect(h.ticket.context.log.length).toBe(logBefore);
    const back = restore(stored, { clock: simulatedClock(h.clock.now()) });
    expect(back.state).toBe(h.ticket.state);
    expect(back.context.counters).toEqual(h.ticket.context.counters);
    expect(back.context.seq).toBe(h.ticket.context.seq);
    back.stop();
  });
});
