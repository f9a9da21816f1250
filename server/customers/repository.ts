/** The customers table: one validated profile per customer, looked up by id or branch. */
import type Database from 'better-sqlite3';
import {
  customerProfileSchema,
  parseCustomerLine,
  type CustomerProfile,
} from '../../shared/customers/profile';

interface CustomerRow {
  id: string;
  branch_id: string;
  updated_at: string;
  profile: string;
}

function toRow(profile: CustomerProfile, updatedAt: string): CustomerRow {
  return {
    id: profile.id,
    branch_id: profile.branchId,
    updated_at: updatedAt,
    profile: JSON.stringify(profile),
  };
}

/** Rows were validated on the way in; parse again so that a hand-edited row fails loudly rather than leaking. */
function fromRow(row: CustomerRow): CustomerProfile {
  const parsed = customerProfileSchema.safeParse(JSON.parse(row.profile));
  if (!parsed.success)
    throw new Error(
      `customers row ${row.id} holds an invalid profile: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  return parsed.data;
}

export function hasCustomersTable(db: Database.Database): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'customers'").get() !== undefined
  );
}

/** Inserts or replaces the profiles in one transaction; returns how many rows were written. */
export function upsertCustomers(
  db: Database.Database,
  list: readonly CustomerProfile[],
  now: Date = new Date(),
): number {
  const updatedAt = now.toISOString();
  const statement = db.prepare(
    `INSERT INTO customers (id, branch_id, updated_at, profile) VALUES (@id, @branch_id, @updated_at, @profile)
     ON CONFLICT (id) DO UPDATE SET branch_id = excluded.branch_id, updated_at = excluded.updated_at, profile = excluded.profile`,
  );
  const write = db.transaction((profiles: readonly CustomerProfile[]) => {
    let changed = 0;
    for (const profile of profiles) {
      const result = statement.run(toRow(customerProfileSchema.parse(profile), updatedAt));
      if (result.changes !== 1) throw new Error(`customer ${profile.id} was not written`);
      changed += result.changes;
    }
    return changed;
  });
  return write(list);
}

export function getCustomer(db: Database.Database, id: string): CustomerProfile | undefined {
  const row = db.prepare('SELECT id, branch_id, updated_at, profile FROM customers WHERE id = ?').get(id) as
    CustomerRow | undefined;
  return row ? fromRow(row) : undefined;
}

export function listCustomersByBranch(db: Database.Database, branchId: string): CustomerProfile[] {
  const rows = db
    .prepare('SELECT id, branch_id, updated_at, profile FROM customers WHERE branch_id = ? ORDER BY id')
    .all(branchId) as CustomerRow[];
  return rows.map(fromRow);
}

export interface ImportReport {
  imported: number;
  errors: { line: number; message: string }[];
}

/**
 * Imports JSON Lines: every valid line is written in one transaction (all or nothing), every bad line is reported
 * with its 1-based number. A repeated id is reported at the later line and the first one is kept.
 */
export function importCustomersJsonl(
  db: Database.Database,
  text: string,
  now: Date = new Date(),
): ImportReport {
  const good: CustomerProfile[] = [];
  const errors: ImportReport['errors'] = [];
  const firstLineOf = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const parsed = parseCustomerLine(raw);
    if (!parsed.ok) {
      errors.push({ line, message: parsed.message });
      return;
    }
    const first = firstLineOf.get(parsed.profile.id);
    if (first !== undefined) {
      errors.push({ line, message: `duplicate customer id ${parsed.profile.id} (first on line ${first})` });
      return;
    }
    firstLineOf.set(parsed.profile.id, line);
    good.push(parsed.profile);
  });
  return { imported: upsertCustomers(db, good, now), errors };
}

/** Ids of profiles written after `since` (ISO time), for pushing live updates to the decks that show them. */
export function listCustomersUpdatedSince(db: Database.Database, since: string): { id: string; updatedAt: string }[] {
  return db
    .prepare('SELECT id, updated_at AS updatedAt FROM customers WHERE updated_at > ? ORDER BY updated_at LIMIT 1000')
    .all(since) as { id: string; updatedAt: string }[];
}

export function countCustomers(db: Database.Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
}
