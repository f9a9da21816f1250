import { prepared } from '../db/statements';
import type { HubDb } from '../db/open';
import type { TransitionRecord } from '../../shared/ticket/machine';

/** `snapshotJson` is the persisted ticket as serialised by `serializeTicket`. */
export function saveTicketSnapshot(db: HubDb, conversationId: string, machineVersion: number, snapshotJson: string, now: string): void {
  prepared(db, 
    `INSERT INTO tickets (conversation_id, machine_version, snapshot, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(conversation_id) DO UPDATE SET machine_version = excluded.machine_version, snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
  ).run(conversationId, machineVersion, snapshotJson, now);
}

/** Snapshots of every ticket whose conversation is still open, for resuming after a restart. */
export function loadOpenTicketSnapshots(db: HubDb): { conversationId: string; persisted: unknown }[] {
  const rows = prepared(db, 
      `SELECT t.conversation_id, t.snapshot FROM tickets t JOIN conversations c ON c.id = t.conversation_id WHERE c.closed_at IS NULL`,
    )
    .all() as { conversation_id: string; snapshot: string }[];
  return rows.map((r) => ({ conversationId: r.conversation_id, persisted: JSON.parse(r.snapshot) as unknown }));
}

export function insertTransition(db: HubDb, conversationId: string, r: TransitionRecord): void {
  prepared(db, 
    `INSERT INTO ticket_transitions (conversation_id, at, actor_kind, actor_id, event, from_state, to_state, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(conversationId, r.at, r.actor.kind, r.actor.id, r.event, r.from, r.to, r.note ? `${r.reason}: ${r.note}` : r.reason);
}

export interface StoredTransition {
  at: string;
  actorKind: string;
  actorId: string;
  event: string;
  from: string;
  to: string;
  reason: string | null;
}

export function listTransitions(db: HubDb, conversationId: string): StoredTransition[] {
  return prepared(db, 
      `SELECT at, actor_kind AS actorKind, actor_id AS actorId, event, from_state AS "from", to_state AS "to", reason
       FROM ticket_transitions WHERE conversation_id = ? ORDER BY id`,
    )
    .all(conversationId) as StoredTransition[];
}

/** Every ticket snapshot of a branch's conversations created since `since` (open and closed), for the dashboard. */
export function listBranchTicketSnapshots(db: HubDb, branchId: string, since: string): { conversationId: string; createdAt: string; persisted: unknown }[] {
  const rows = prepared(db, 
      `SELECT t.conversation_id, c.created_at, t.snapshot FROM tickets t JOIN conversations c ON c.id = t.conversation_id
       WHERE c.branch_id = ? AND c.created_at >= ? ORDER BY c.created_at`,
    )
    .all(branchId, since) as { conversation_id: string; created_at: string; snapshot: string }[];
  return rows.map((r) => ({ conversationId: r.conversation_id, createdAt: r.created_at, persisted: JSON.parse(r.snapshot) as unknown }));
}

/** Closed conversations (with their final ticket snapshot) that ended in [from, to], optionally of one branch. */
export function listEndedTickets(db: HubDb, filter: { branchId: string | null; from: string; to: string }): { conversationId: string; branchId: string | null; closedAt: string; persisted: unknown }[] {
  const rows = prepared(db, 
      `SELECT c.id, c.branch_id, c.closed_at, t.snapshot FROM conversations c JOIN tickets t ON t.conversation_id = c.id
       WHERE c.closed_at IS NOT NULL AND c.closed_at >= @from AND c.closed_at <= @to AND (@branchId IS NULL OR c.branch_id = @branchId)
       ORDER BY c.closed_at`,
    )
    .all(filter) as { id: string; branch_id: string | null; closed_at: string; snapshot: string }[];
  return rows.map((r) => ({ conversationId: r.id, branchId: r.branch_id, closedAt: r.closed_at, persisted: JSON.parse(r.snapshot) as unknown }));
}

export function getTicketSnapshot(db: HubDb, conversationId: string): unknown {
  const row = prepared(db, 'SELECT snapshot FROM tickets WHERE conversation_id = ?').get(conversationId) as { snapshot: string } | undefined;
  return row ? (JSON.parse(row.snapshot) as unknown) : undefined;
}
