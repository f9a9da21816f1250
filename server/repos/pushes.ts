import { prepared } from '../db/statements';
import type { HubDb } from '../db/open';

export interface PushRecord {
  id: string;
  conversationId: string;
  customerId: string;
  agentId: string;
  productCode: string;
  customerInitiated: boolean;
  decision: 'allow' | 'confirm' | 'deny';
  reasons: unknown;
  messageSeq: number | null;
  createdAt: string;
  confirmedAt: string | null;
}

interface Row {
  id: string;
  conversation_id: string;
  customer_id: string;
  agent_id: string;
  product_code: string;
  customer_initiated: number;
  decision: PushRecord['decision'];
  reasons: string;
  message_seq: number | null;
  created_at: string;
  confirmed_at: string | null;
}

const fromRow = (r: Row): PushRecord => ({
  id: r.id,
  conversationId: r.conversation_id,
  customerId: r.customer_id,
  agentId: r.agent_id,
  productCode: r.product_code,
  customerInitiated: r.customer_initiated === 1,
  decision: r.decision,
  reasons: JSON.parse(r.reasons) as unknown,
  messageSeq: r.message_seq,
  createdAt: r.created_at,
  confirmedAt: r.confirmed_at,
});

export function insertPush(db: HubDb, p: PushRecord): void {
  prepared(db, 
    `INSERT INTO product_pushes (id, conversation_id, customer_id, agent_id, product_code, customer_initiated, decision, reasons, message_seq, created_at, confirmed_at)
     VALUES (@id, @conversationId, @customerId, @agentId, @productCode, @customerInitiated, @decision, @reasons, @messageSeq, @createdAt, @confirmedAt)`,
  ).run({ ...p, customerInitiated: p.customerInitiated ? 1 : 0, reasons: JSON.stringify(p.reasons) });
}

export function getPush(db: HubDb, id: string): PushRecord | undefined {
  const row = prepared(db, 'SELECT * FROM product_pushes WHERE id = ?').get(id) as Row | undefined;
  return row && fromRow(row);
}

export function setPushMessageSeq(db: HubDb, id: string, seq: number): void {
  prepared(db, 'UPDATE product_pushes SET message_seq = ? WHERE id = ?').run(seq, id);
}

/** Records the customer's confirmation once; returns false when it was already confirmed. */
export function confirmPush(db: HubDb, id: string, at: string): boolean {
  return prepared(db, 'UPDATE product_pushes SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL').run(at, id).changes === 1;
}

export function listPushes(db: HubDb, conversationId: string): PushRecord[] {
  return (prepared(db, 'SELECT * FROM product_pushes WHERE conversation_id = ? ORDER BY created_at').all(conversationId) as Row[]).map(fromRow);
}
