import { TICKET_MACHINE_VERSION, ticketMachine } from '../../shared/ticket/machine';
import type { Ticket } from '../../shared/ticket/ticket';

/**
 * The same JSON text as `serializeTicket(ticket, { withoutLog: true })`, made without walking the transition log:
 * XState's persisting walks the whole context (up to `logLimit` records) looking for actor references, only for the
 * log to be dropped afterwards, and the hub saves a snapshot for nearly every message. Here the log is emptied before
 * XState persists the snapshot. serializeTicket stays the reference: the test compares the two.
 */
export function serializeTicketWithoutLog(ticket: Ticket): string {
  const snapshot = ticket.snapshot;
  const persisted = ticketMachine.getPersistedSnapshot({ ...snapshot, context: { ...snapshot.context, log: [] } });
  return JSON.stringify({ machineVersion: TICKET_MACHINE_VERSION, ticketId: snapshot.context.ticketId, state: snapshot.value, snapshot: persisted });
}
