import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { HubDb } from './db/open';
import { hashPassword } from './auth';
import { insertStaffIfAbsent, upsertBranch } from './repos/staff';
import { resourcePath } from './resources';
import type { DemoAccount } from '../shared/protocol/hub';

const OrgSchema = z.object({
  branches: z.array(z.object({ id: z.string(), name: z.string(), regionId: z.string() })),
  staff: z.array(
    z.object({
      username: z.string(),
      displayName: z.string(),
      role: z.enum(['agent', 'qa', 'lead']),
      branchId: z.string().nullable(),
      skills: z.array(z.string()),
      capacity: z.number().int().positive().optional(),
      headOffice: z.boolean().optional(),
    }),
  ),
  demoPassword: z.string(),
});
export type Org = z.infer<typeof OrgSchema>;

export function loadDemoOrg(): Org {
  return OrgSchema.parse(JSON.parse(readFileSync(resourcePath('demo/org.json'), 'utf8')));
}

/** Seeds the demo branches and staff (idempotent: existing accounts and their passwords are kept). */
export function seedDemoOrg(db: HubDb, org: Org): void {
  db.transaction(() => {
    for (const b of org.branches) upsertBranch(db, b);
    for (const s of org.staff) {
      insertStaffIfAbsent(db, {
        id: s.username,
        username: s.username,
        displayName: s.displayName,
        role: s.role,
        branchId: s.branchId,
        skills: s.skills,
        capacity: s.capacity ?? 5,
        passwordHash: hashPassword(org.demoPassword),
        headOffice: s.headOffice ?? false,
      });
    }
  })();
}

export function demoAccounts(org: Org): DemoAccount[] {
  return org.staff.map((s) => ({
    username: s.username,
    password: org.demoPassword,
    displayName: s.displayName,
    role: s.role,
    branchId: s.branchId,
  }));
}
