import { prepared } from '../db/statements';
import type { HubDb } from '../db/open';
import type { StaffRole } from '../../shared/protocol/hub';

export interface Branch {
  id: string;
  name: string;
  regionId: string;
}

export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  branchId: string | null;
  skills: string[];
  capacity: number;
  passwordHash: string;
  headOffice: boolean;
}

interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: StaffRole;
  branch_id: string | null;
  skills: string;
  capacity: number;
  password_hash: string;
  head_office: number;
}

const fromRow = (r: StaffRow): StaffMember => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  branchId: r.branch_id,
  skills: JSON.parse(r.skills) as string[],
  capacity: r.capacity,
  passwordHash: r.password_hash,
  headOffice: r.head_office === 1,
});

export function upsertBranch(db: HubDb, b: Branch): void {
  prepared(db, 
    'INSERT INTO branches (id, name, region_id) VALUES (@id, @name, @regionId) ON CONFLICT(id) DO UPDATE SET name = excluded.name, region_id = excluded.region_id',
  ).run(b);
}

export function listBranches(db: HubDb): Branch[] {
  return prepared(db, 'SELECT id, name, region_id AS regionId FROM branches ORDER BY id').all() as Branch[];
}

export function insertStaffIfAbsent(db: HubDb, s: StaffMember): void {
  prepared(db, 
    `INSERT OR IGNORE INTO staff (id, username, display_name, role, branch_id, skills, capacity, password_hash, head_office)
     VALUES (@id, @username, @displayName, @role, @branchId, @skills, @capacity, @passwordHash, @headOffice)`,
  ).run({ ...s, skills: JSON.stringify(s.skills), headOffice: s.headOffice ? 1 : 0 });
}

export function findStaffByUsername(db: HubDb, username: string): StaffMember | undefined {
  const row = prepared(db, 'SELECT * FROM staff WHERE username = ?').get(username) as StaffRow | undefined;
  return row && fromRow(row);
}

export function getStaff(db: HubDb, id: string): StaffMember | undefined {
  const row = prepared(db, 'SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;
  return row && fromRow(row);
}

export function listStaff(db: HubDb): StaffMember[] {
  return (prepared(db, 'SELECT * FROM staff ORDER BY id').all() as StaffRow[]).map(fromRow);
}
