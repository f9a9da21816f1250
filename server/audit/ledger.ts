/**
 * The audit ledger: every warning shown, acknowledgement, override, push decision, customer confirmation and PII
 * reveal, in an append-only table where each row's hash covers the previous row's hash and the row's own content.
 * Editing, deleting or reordering rows breaks the chain at the first affected row, and verifyLedger finds it.
 * (Cutting rows off the end leaves a shorter valid chain: compare headHash with a copy kept elsewhere to catch it.)
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { AppFailure } from '../../shared/result';
import { CHINA_OFFSET_MINUTES } from '../../shared/suitability/dates';
import { canonicalJson } from './canonical';

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** Who did it: an agent or reviewer id, or 'hub' for the system. */
  actor: string;
  /** What happened, dotted: 'compliance.warning_shown', 'suitability.decision', 'pii.reveal', … */
  kind: string;
  /** What it is about: a ticket, customer or message id. */
  subject: string;
  payload: unknown;
  /** When it happened; defaults to now. Stored as a UTC ISO timestamp. */
  at?: string | Date;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  subject: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export type LedgerVerification =
  { ok: true; rows: number; headHash: string } | { ok: false; firstBadSeq: number; reason: string };

interface StoredRow {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  subject: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

const entrySchema = z.object({
  actor: z.string().min(1),
  kind: z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'kind is lower-case and dotted, e.g. suitability.decision'),
  subject: z.string().min(1),
  at: z.union([z.iso.datetime({ offset: true }), z.date()]).optional(),
});

/** sha256 over the previous hash and the canonical JSON of the row's content, seq included. */
export function hashRow(prevHash: string, content: Omit<StoredRow, 'prev_hash' | 'hash'>): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(content))
    .digest('hex');
}

function fromStored(row: StoredRow): AuditRow {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payload);
  } catch {
    throw new AppFailure(
      'INTERNAL',
      `audit_ledger row ${row.seq} holds a payload that is not JSON; run the verifier`,
    );
  }
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    kind: row.kind,
    subject: row.subject,
    payload,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function hasAuditLedger(db: Database.Database): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_ledger'").get() !==
    undefined
  );
}

/** Appends one entry, linked to the current last row; the write lock is taken first so that seq cannot race. */
export function appendAudit(db: Database.Database, entry: AuditEntry): AuditRow {
  const checked = entrySchema.safeParse(entry);
  if (!checked.success)
    throw new AppFailure(
      'BAD_REQUEST',
      `invalid audit entry: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  let payload: string;
  try {
    payload = canonicalJson(entry.payload ?? null);
  } catch (err) {
    throw new AppFailure('BAD_REQUEST', `invalid audit payload: ${(err as Error).message}`);
  }
  const at = (entry.at === undefined ? new Date() : new Date(entry.at)).toISOString();

  const append = db.transaction((): StoredRow => {
    const last = db.prepare('SELECT seq, hash FROM audit_ledger ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    const content = {
      seq: (last?.seq ?? 0) + 1,
      at,
      actor: entry.actor,
      kind: entry.kind,
      subject: entry.subject,
      payload,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const row: StoredRow = { ...content, prev_hash: prevHash, hash: hashRow(prevHash, content) };
    db.prepare(
      'INSERT INTO audit_ledger (seq, at, actor, kind, subject, payload, prev_hash, hash) VALUES (@seq, @at, @actor, @kind, @subject, @payload, @prev_hash, @hash)',
    ).run(row);
    return row;
  });
  return fromStored(append.immediate());
}

/** Walks the whole chain in seq order and reports the first row that does not check out. */
export function verifyLedger(db: Database.Database): LedgerVerification {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  // for…of closes the statement when a return leaves the loop early.
  const rows = db
    .prepare('SELECT seq, at, actor, kind, subject, payload, prev_hash, hash FROM audit_ledger ORDER BY seq')
    .iterate() as IterableIterator<StoredRow>;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return {
        ok: false,
        firstBadSeq: expectedSeq,
        reason: `row ${expectedSeq} is missing (the next row is ${row.seq}): rows were deleted or renumbered`,
      };
    }
    if (row.prev_hash !== prevHash) {
      return {
        ok: false,
        firstBadSeq: row.seq,
        reason: `row ${row.seq} does not link to the row before it (prev_hash differs): rows were deleted, reordered or replaced`,
      };
    }
    const { prev_hash: _prev, hash, ...content } = row;
    if (hashRow(prevHash, content) !== hash) {
      return {
        ok: false,
        firstBadSeq: row.seq,
        reason: `row ${row.seq} does not match its hash: its content was edited`,
      };
    }
    prevHash = hash;
    expectedSeq += 1;
  }
  return { ok: true, rows: expectedSeq - 1, headHash: prevHash };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const CHINA_SUFFIX = `+${String(CHINA_OFFSET_MINUTES / 60).padStart(2, '0')}:00`;

/**
 * An export bound as a UTC instant. Dates and datetimes without an offset are China Standard Time, where the
 * firm's business day runs; a date as the upper bound includes that whole day.
 */
export function exportBound(value: string, edge: 'from' | 'to'): string {
  let text = value.trim();
  let wholeDay = false;
  if (DATE_ONLY.test(text)) {
    text = `${text}T00:00:00${CHINA_SUFFIX}`;
    wholeDay = edge === 'to';
  } else if (LOCAL_DATETIME.test(text)) {
    text += CHINA_SUFFIX;
  }
  const parsed = z.iso.datetime({ offset: true }).safeParse(text);
  const millis = parsed.success ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(millis))
    throw new AppFailure(
      'BAD_REQUEST',
      `--${edge} "${value}" is not an ISO date (2026-06-01) or datetime (2026-06-01T09:30:00+08:00)`,
    );
  return new Date(wholeDay ? millis + 86_400_000 - 1 : millis).toISOString();
}

/** Rows with from ≤ at ≤ to (see exportBound), in seq order. */
export function exportAudit(db: Database.Database, range: { from: string; to: string }): AuditRow[] {
  const from = exportBound(range.from, 'from');
  const to = exportBound(range.to, 'to');
  if (from > to) throw new AppFailure('BAD_REQUEST', `--from ${range.from} is after --to ${range.to}`);
  const rows = db
    .prepare(
      'SELECT seq, at, actor, kind, subject, payload, prev_hash, hash FROM audit_ledger WHERE at >= ? AND at <= ? ORDER BY seq',
    )
    .all(from, to) as StoredRow[];
  return rows.map(fromStored);
}
