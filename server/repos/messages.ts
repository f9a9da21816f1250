import { prepared } from '../db/statements';
import type { HubDb } from '../db/open';
import type { Message } from '../../shared/protocol/hub';

interface Row {
  conversation_id: string;
  seq: number;
  id: string;
  client_msg_id: string;
  sender_kind: Message['senderKind'];
  sender_id: string;
  sender_name: string;
  kind: Message['kind'];
  text: string;
  payload: string | null;
  at: string;
}

export const messageFromRow = (r: Row): Message => ({
  id: r.id,
  conversationId: r.conversation_id,
  seq: r.seq,
  clientMsgId: r.client_msg_id,
  senderKind: r.sender_kind,
  senderId: r.sender_id,
  senderName: r.sender_name,
  kind: r.kind,
  text: r.text,
  at: r.at,
  ...(r.payload === null ? {} : { payload: JSON.parse(r.payload) as unknown }),
});

export function insertMessages(db: HubDb, messages: readonly Message[]): void {
  const stmt = prepared(db, 
    `INSERT INTO messages (conversation_id, seq, id, client_msg_id, sender_kind, sender_id, sender_name, kind, text, payload, at)
     VALUES (@conversationId, @seq, @id, @clientMsgId, @senderKind, @senderId, @senderName, @kind, @text, @payload, @at)`,
  );
  for (const m of messages) stmt.run({ ...m, payload: m.payload === undefined ? null : JSON.stringify(m.payload) });
}

export function findMessageByClientId(db: HubDb, conversationId: string, clientMsgId: string): Message | undefined {
  const row = prepared(db, 'SELECT * FROM messages WHERE conversation_id = ? AND client_msg_id = ?')
    .get(conversationId, clientMsgId) as Row | undefined;
  return row && messageFromRow(row);
}

/** Every client id stored for a conversation (the message store's in-memory duplicate index is built from it). */
export function listClientMsgIds(db: HubDb, conversationId: string): string[] {
  return prepared(db, 'SELECT client_msg_id FROM messages WHERE conversation_id = ?').pluck().all(conversationId) as string[];
}

export function listMessagesAfter(db: HubDb, conversationId: string, afterSeq: number, limit = 1000): Message[] {
  return (
    prepared(db, 'SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(conversationId, afterSeq, limit) as Row[]
  ).map(messageFromRow);
}

export function maxSeq(db: HubDb, conversationId: string): number {
  const row = prepared(db, 'SELECT MAX(seq) AS s FROM messages WHERE conversation_id = ?').get(conversationId) as { s: number | null };
  return row.s ?? 0;
}

/** Customers' own words in a branch's conversations since `since` (hot topics); bounded. */
export function listCustomerTexts(db: HubDb, branchId: string, since: string, limit = 20_000): string[] {
  return (
    prepared(db, 
        `SELECT m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.branch_id = ? AND m.at >= ? AND m.sender_kind = 'customer' AND m.kind = 'text' ORDER BY m.at DESC LIMIT ?`,
      )
      .all(branchId, since, limit) as { text: string }[]
  ).map((r) => r.text);
}
