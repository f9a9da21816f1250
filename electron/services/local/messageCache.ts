import type { LocalDb } from './open';
import type { ConversationSummary, Message } from '../../../shared/protocol/hub';

export interface CachedMessage {
  conversationId: string;
  seq: number;
  clientMsgId: string;
  senderKind: Message['senderKind'];
  senderName: string;
  kind: Message['kind'];
  text: string;
  payload?: unknown;
  at: string;
}

interface Row {
  conversation_id: string;
  seq: number;
  client_msg_id: string;
  sender_kind: Message['senderKind'];
  sender_name: string;
  kind: Message['kind'];
  text: string;
  payload: string | null;
  at: string;
}

const fromRow = (r: Row): CachedMessage => ({
  conversationId: r.conversation_id,
  seq: r.seq,
  clientMsgId: r.client_msg_id,
  senderKind: r.sender_kind,
  senderName: r.sender_name,
  kind: r.kind,
  text: r.text,
  at: r.at,
  ...(r.payload === null ? {} : { payload: JSON.parse(r.payload) as unknown }),
});

/** Stores hub messages; a message already cached (same conversation and seq) is left as it is. */
export function cacheMessages(db: LocalDb, messages: readonly Message[]): number {
  const stmt = db.prepare(
    `INSERT OR IGNORE INTO messages (conversation_id, seq, client_msg_id, sender_kind, sender_name, kind, text, payload, at)
     VALUES (@conversationId, @seq, @clientMsgId, @senderKind, @senderName, @kind, @text, @payload, @at)`,
  );
  let inserted = 0;
  for (const m of messages) inserted += stmt.run({ ...m, payload: m.payload === undefined ? null : JSON.stringify(m.payload) }).changes;
  return inserted;
}

export function listCachedMessages(db: LocalDb, conversationId: string, opts: { beforeSeq?: number; limit?: number } = {}): CachedMessage[] {
  const rows = db
    .prepare(
      `SELECT * FROM (SELECT * FROM messages WHERE conversation_id = @conversationId AND seq < @beforeSeq ORDER BY seq DESC LIMIT @limit)
       ORDER BY seq`,
    )
    .all({ conversationId, beforeSeq: opts.beforeSeq ?? Number.MAX_SAFE_INTEGER, limit: opts.limit ?? 20_000 }) as Row[];
  return rows.map(fromRow);
}

/**
 * The highest sequence number up to which this cache holds every message (1..n with no gap). Live pushes can arrive
 * before older messages have been fetched, so the maximum alone would hide a gap; resynchronisation starts here.
 */
export function lastCachedSeq(db: LocalDb, conversationId: string): number {
  const row = db
    .prepare(
      `SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = @c AND seq = 1) THEN 0
         ELSE (SELECT MIN(m.seq) FROM messages m WHERE m.conversation_id = @c
               AND NOT EXISTS (SELECT 1 FROM messages n WHERE n.conversation_id = @c AND n.seq = m.seq + 1)) END AS s`,
    )
    .get({ c: conversationId }) as { s: number | null };
  return row.s ?? 0;
}

export function upsertConversationSummary(db: LocalDb, summary: ConversationSummary, now = new Date().toISOString()): void {
  db.prepare(
    `INSERT INTO conversations (id, summary, updated_at) VALUES (?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET summary = excluded.summary, updated_at = excluded.updated_at`,
  ).run(summary.id, JSON.stringify(summary), now);
}

export function removeConversationsExcept(db: LocalDb, keepIds: readonly string[]): void {
  const keep = new Set(keepIds);
  const all = db.prepare('SELECT id FROM conversations').all() as { id: string }[];
  const del = db.prepare('DELETE FROM conversations WHERE id = ?');
  for (const { id } of all) if (!keep.has(id)) del.run(id);
}

export interface CachedConversation {
  summary: ConversationSummary;
  readSeq: number;
  unread: number;
}

export function listCachedConversations(db: LocalDb): CachedConversation[] {
  const rows = db
    .prepare(
      `SELECT c.summary, c.read_seq,
         (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.seq > c.read_seq AND m.sender_kind = 'customer') AS unread
       FROM conversations c`,
    )
    .all() as { summary: string; read_seq: number; unread: number }[];
  return rows.map((r) => ({ summary: JSON.parse(r.summary) as ConversationSummary, readSeq: r.read_seq, unread: r.unread }));
}

export function markConversationRead(db: LocalDb, conversationId: string): void {
  db.prepare(
    'UPDATE conversations SET read_seq = (SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conversation_id = ?) WHERE id = ?',
  ).run(conversationId, conversationId);
}
