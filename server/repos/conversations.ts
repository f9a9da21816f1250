import { prepared } from '../db/statements';
import type { HubDb } from '../db/open';

export interface ConversationRecord {
  id: string;
  customerId: string;
  customerName: string;
  branchId: string | null;
  channel: 'h5' | 'app' | 'wechat';
  skillGroup: string;
  state: string;
  ownerId: string | null;
  lastSeq: number;
  lastMessagePreview: string;
  lastMessageAt: string | null;
  createdAt: string;
  closedAt: string | null;
}

interface Row {
  id: string;
  customer_id: string;
  customer_name: string;
  branch_id: string | null;
  channel: ConversationRecord['channel'];
  skill_group: string;
  state: string;
  owner_id: string | null;
  last_seq: number;
  last_message_preview: string;
  last_message_at: string | null;
  created_at: string;
  closed_at: string | null;
}

const fromRow = (r: Row): ConversationRecord => ({
  id: r.id,
  customerId: r.customer_id,
  customerName: r.customer_name,
  branchId: r.branch_id,
  channel: r.channel,
  skillGroup: r.skill_group,
  state: r.state,
  ownerId: r.owner_id,
  lastSeq: r.last_seq,
  lastMessagePreview: r.last_message_preview,
  lastMessageAt: r.last_message_at,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

export function insertConversation(db: HubDb, c: ConversationRecord): void {
  prepared(db, 
    `INSERT INTO conversations (id, customer_id, customer_name, branch_id, channel, skill_group, state, owner_id,
       last_seq, last_message_preview, last_message_at, created_at, closed_at)
     VALUES (@id, @customerId, @customerName, @branchId, @channel, @skillGroup, @state, @ownerId,
       @lastSeq, @lastMessagePreview, @lastMessageAt, @createdAt, @closedAt)`,
  ).run(c);
}

export function getConversation(db: HubDb, id: string): ConversationRecord | undefined {
  const row = prepared(db, 'SELECT * FROM conversations WHERE id = ?').get(id) as Row | undefined;
  return row && fromRow(row);
}

export function findOpenConversationOfCustomer(db: HubDb, customerId: string): ConversationRecord | undefined {
  const row = prepared(db, 'SELECT * FROM conversations WHERE customer_id = ? AND closed_at IS NULL ORDER BY created_at DESC LIMIT 1')
    .get(customerId) as Row | undefined;
  return row && fromRow(row);
}

export function listOpenConversations(db: HubDb): ConversationRecord[] {
  return (prepared(db, 'SELECT * FROM conversations WHERE closed_at IS NULL ORDER BY created_at').all() as Row[]).map(fromRow);
}

export function listConversationsOwnedBy(db: HubDb, ownerId: string): ConversationRecord[] {
  return (
    prepared(db, 'SELECT * FROM conversations WHERE owner_id = ? AND closed_at IS NULL ORDER BY created_at').all(ownerId) as Row[]
  ).map(fromRow);
}

export function updateConversationRouting(
  db: HubDb,
  id: string,
  patch: { state: string; ownerId: string | null; skillGroup?: string; closedAt?: string | null },
): void {
  const result = prepared(db, 
      `UPDATE conversations SET state = @state, owner_id = @ownerId, skill_group = COALESCE(@skillGroup, skill_group),
         closed_at = CASE WHEN @closedAtSet THEN @closedAt ELSE closed_at END WHERE id = @id`,
    )
    .run({
      id,
      state: patch.state,
      ownerId: patch.ownerId,
      skillGroup: patch.skillGroup ?? null,
      closedAtSet: patch.closedAt === undefined ? 0 : 1,
      closedAt: patch.closedAt ?? null,
    });
  if (result.changes !== 1) throw new Error(`conversation ${id} not found`);
}

/** Advances the conversation's head after a batch of messages commits (called inside the batch transaction). */
export function updateConversationHead(db: HubDb, id: string, lastSeq: number, preview: string, at: string): void {
  prepared(db, 
    `UPDATE conversations SET last_seq = MAX(last_seq, @lastSeq),
       last_message_preview = CASE WHEN @preview = '' THEN last_message_preview ELSE @preview END, last_message_at = @at WHERE id = @id`,
  ).run({ id, lastSeq, preview, at });
}
