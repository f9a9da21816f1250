import type { HubDb } from '../db/open';
import { hashPassword } from '../auth';
import { insertStaffIfAbsent, upsertBranch } from '../repos/staff';

const sharedHash = hashPassword('bench-only');

/** Inserts many agents at once (one password hash reused: these accounts sign in with minted tokens). */
export function seedAgents(
  db: HubDb,
  count: number,
  opts: { prefix?: string; branchId?: string; skills?: string[]; capacity?: number } = {},
): string[] {
  const ids: string[] = [];
  db.transaction(() => {
    upsertBranch(db, { id: opts.branchId ?? 'BR-SH01', name: '上海浦东营业部', regionId: '华东' });
    for (let i = 0; i < count; i++) {
      const id = `${opts.prefix ?? 'bulk'}${String(i).padStart(4, '0')}`;
      insertStaffIfAbsent(db, {
        id,
        username: id,
        displayName: `坐席${i}`,
        role: 'agent',
        branchId: opts.branchId ?? 'BR-SH01',
        skills: opts.skills ?? ['开户', '交易', '两融', '理财', '港股通', 'english'],
        capacity: opts.capacity ?? 5,
        passwordHash: sharedHash,
        headOffice: false,
      });
      ids.push(id);
    }
  })();
  return ids;
}
