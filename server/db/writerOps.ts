/**
 * The hub's named write operations: the only writes the group commit carries. Both the main thread and the writer
 * worker import this module, so a call site names an operation and passes structured-clonable arguments
 * (`commit.write('insertMessage', message, preview)`), and the worker runs the same function on its own connection,
 * inside the batch's transaction. SQL stays in the repository modules; these only compose them.
 */
import Database from 'better-sqlite3';
import type { HubDb } from './open';
import type { Message } from '../../shared/protocol/hub';
import type { TransitionRecord } from '../../shared/ticket/machine';
import type { AppealCase } from '../../shared/qa/appeal';
import type { QaReview } from '../../shared/qa/review';
import { insertMessages } from '../repos/messages';
import { insertConversation, updateConversationHead, updateConversationRouting } from '../repos/conversations';
import { insertTransition, saveTicketSnapshot } from '../tickets/repository';
import { appendAudit, type AuditEntry } from '../audit/ledger';
import { insertComplianceEvent } from '../repos/complianceEvents';
import { confirmPush, insertPush, setPushMessageSeq } from '../repos/pushes';
import { getAppeal, saveAppeal, upsertReview } from '../qa/repository';

export const writeOps = {
  insertConversation,
  /** A message and the conversation head it advances, in one step. */
  insertMessage(db: HubDb, message: Message, preview: string): void {
    insertMessages(db, [message]);
    updateConversationHead(db, message.conversationId, message.seq, preview, message.at);
  },
  /** A lifecycle step: the transition log row and the conversation's routing columns. */
  recordTransition(
    db: HubDb,
    conversationId: string,
    record: TransitionRecord,
    routing: { state: string; ownerId: string | null; skillGroup?: string; closedAt?: string | null },
  ): void {
    insertTransition(db, conversationId, record);
    updateConversationRouting(db, conversationId, routing);
  },
  saveTicketSnapshot,
  /** Runs in the writer's transaction, so the previous row it chains to is the one committed just before it. */
  appendAudit(db: HubDb, entry: AuditEntry): void {
    appendAudit(db, entry);
  },
  insertComplianceEvent,
  insertPush,
  setPushMessageSeq,
  confirmPush(db: HubDb, id: string, at: string): void {
    confirmPush(db, id, at);
  },
  /** A QA review; a branch review also publishes the result for appeal, unless one was published already. */
  saveQaReview(db: HubDb, review: QaReview, publishIfFirst: { appeal: AppealCase; at: string } | null): void {
    upsertReview(db, review);
    if (publishIfFirst && !getAppeal(db, review.sessionId)) saveAppeal(db, publishIfFirst.appeal, publishIfFirst.at);
  },
  saveAppeal,
} satisfies Record<string, (db: HubDb, ...args: never[]) => unknown>;

type Ops = typeof writeOps;
export type OpName = keyof Ops;
export type OpArgs<K extends OpName> = Ops[K] extends (db: HubDb, ...args: infer A) => unknown ? A : never;
/** One named write with its arguments, as posted to the writer (structured-cloned: plain data only). */
export type WriteOp = { [K in OpName]: { op: K; args: OpArgs<K> } }[OpName];

/** A typed write op, for `commit.writeAll([...])`. */
export function op<K extends OpName>(name: K, ...args: OpArgs<K>): WriteOp {
  return { op: name, args } as unknown as WriteOp;
}

/** Runs a batch's ops in order; the caller owns the transaction around them. */
export function applyOps(db: HubDb, ops: readonly WriteOp[]): void {
  for (const o of ops) {
    const fn = writeOps[o.op] as ((db: HubDb, ...args: unknown[]) => unknown) | undefined;
    if (!fn) throw new Error(`unknown write op ${String(o.op)}`);
    fn(db, ...(o.args as unknown[]));
  }
}

/**
 * The writer's own connection to the hub's file, set up like the main one (open.ts): WAL, synchronous=FULL so that
 * a commit is on disk before it is reported, foreign keys, a busy timeout for the rare write from the main thread,
 * and a longer automatic checkpoint interval (this connection commits, so it runs the checkpoints).
 * The schema is already migrated: the main connection runs the migrations before the writer opens.
 */
export function openWriterConnection(file: string): HubDb {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  return db;
}

/**
 * Checkpoint every ~40 MB of WAL instead of SQLite's default ~4 MB. Each message rewrites a few scattered pages (its
 * conversation's row, its ticket's snapshot, index leaves); a checkpoint copies only the latest version of each page,
 * so a longer interval copies hot pages once instead of many times: measured ~20 % less writer-thread CPU per
 * message. The price is a larger WAL file (reused, not grown further) and a longer replay after a crash.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;
