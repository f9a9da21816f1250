import type { LocalDb } from './open';

export type OutboxKind = 'text' | 'product' | 'card';

export interface OutboxItem {
  clientMsgId: string;
  conversationId: string;
  /** What the agent sees while it waits: the message text, or a short label for a card. */
  text: string;
  createdAt: string;
  status: 'pending' | 'failed';
  error: string | null;
  attempts: number;
  kind: OutboxKind;
  /** The rest of the hub request: the compliance acknowledgement, or the product / card to send. */
  payload: Record<string, unknown> | null;
  /** The hub's typed refusal, when it refused the item. */
  errorCode: string | null;
  errorDetails: unknown;
}

interface Row {
  client_msg_id: string;
  conversation_id: string;
  text: string;
  created_at: string;
  status: 'pending' | 'failed';
  error: string | null;
  attempts: number;
  kind: OutboxKind;
  payload: string | null;
  error_code: string | null;
  error_details: string | null;
}

const fromRow = (r: Row): OutboxItem => ({
  clientMsgId: r.client_msg_id,
  conversationId: r.conversation_id,
  text: r.text,
  createdAt: r.created_at,
  status: r.status,
  error: r.error,
  attempts: r.attempts,
  kind: r.kind,
  payload: r.payload === null ? null : (JSON.parse(r.payload) as Record<string, unknown>),
  errorCode: r.error_code,
  errorDetails: r.error_details === null ? null : (JSON.parse(r.error_details) as unknown),
});

export function enqueueOutbox(
  db: LocalDb,
  item: Pick<OutboxItem, 'clientMsgId' | 'conversationId' | 'text' | 'createdAt'> & { kind?: OutboxKind; payload?: Record<string, unknown> | null },
): void {
  db.prepare(
    `INSERT INTO outbox (client_msg_id, conversation_id, text, created_at, status, kind, payload) VALUES (?, ?, ?, ?, 'pending', ?, ?)
     ON CONFLICT(client_msg_id) DO NOTHING`,
  ).run(item.clientMsgId, item.conversationId, item.text, item.createdAt, item.kind ?? 'text', item.payload ? JSON.stringify(item.payload) : null);
}

export function getOutboxItem(db: LocalDb, clientMsgId: string): OutboxItem | undefined {
  const row = db.prepare('SELECT * FROM outbox WHERE client_msg_id = ?').get(clientMsgId) as Row | undefined;
  return row && fromRow(row);
}

export function listOutbox(db: LocalDb, filter: { conversationId?: string; status?: 'pending' | 'failed' } = {}): OutboxItem[] {
  const rows = db
    .prepare(
      `SELECT * FROM outbox WHERE (@conversationId IS NULL OR conversation_id = @conversationId)
         AND (@status IS NULL OR status = @status) ORDER BY created_at, rowid`,
    )
    .all({ conversationId: filter.conversationId ?? null, status: filter.status ?? null }) as Row[];
  return rows.map(fromRow);
}

export function markOutboxAttempt(db: LocalDb, clientMsgId: string): void {
  db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE client_msg_id = ?').run(clientMsgId);
}

export function markOutboxFailed(db: LocalDb, clientMsgId: string, error: { message: string; code?: string; details?: unknown }): void {
  db.prepare("UPDATE outbox SET status = 'failed', error = ?, error_code = ?, error_details = ? WHERE client_msg_id = ?").run(
    error.message,
    error.code ?? null,
    error.details === undefined ? null : JSON.stringify(error.details),
    clientMsgId,
  );
}

export function markOutboxPending(db: LocalDb, clientMsgId: string): boolean {
  return (
    db.prepare("UPDATE outbox SET status = 'pending', error = NULL, error_code = NULL, error_details = NULL WHERE client_msg_id = ?").run(clientMsgId)
      .changes === 1
  );
}

/** Drops an item the hub refused (the agent chose to discard it); pending items cannot be discarded this way. */
export function discardFailedOutboxItem(db: LocalDb, clientMsgId: string): boolean {
  return db.prepare("DELETE FROM outbox WHERE client_msg_id = ? AND status = 'failed'").run(clientMsgId).changes === 1;
}

export function removeOutboxItem(db: LocalDb, clientMsgId: string): void {
  db.prepare('DELETE FROM outbox WHERE client_msg_id = ?').run(clientMsgId);
}
