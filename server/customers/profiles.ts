import type { HubDb } from '../db/open';
import type { GroupCommit } from '../db/groupCommit';
import { getCustomer } from './repository';
import { maskProfile, type MaskedProfile } from '../../shared/masking/mask';
import { deriveOpportunities, type Opportunity } from '../../shared/opportunity/derive';
import type { HubCatalog } from '../catalog';
import type { CustomerProfile } from '../../shared/customers/profile';
import { ASSESSMENT_VALID_YEARS } from '../../shared/suitability/types';
import { addYears, compareCalendarDates, parseCalendarDate } from '../../shared/suitability/dates';
import { AppFailure } from '../../shared/result';

export const REVEALABLE_FIELDS = ['name', 'phone', 'idNumber', 'fundAccount', 'bankCard'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

export interface CustomerCard {
  profile: MaskedProfile;
  assessmentExpired: boolean;
  opportunities: Opportunity[];
}

/** What the tag panel shows: the masked profile, whether the risk assessment expired, and suitable opportunities. */
export function customerCard(profile: CustomerProfile, catalog: HubCatalog, asOf: string): CustomerCard {
  const assessed = parseCalendarDate(profile.riskAssessedAt);
  const today = parseCalendarDate(asOf)!;
  const expired = !assessed || compareCalendarDates(today, addYears(assessed, ASSESSMENT_VALID_YEARS)) > 0;
  return {
    profile: maskProfile(profile, asOf),
    assessmentExpired: expired,
    opportunities: deriveOpportunities(profile, catalog.opportunityRules, catalog.products, asOf, { cards: catalog.cards }),
  };
}

/**
 * Reveals one raw field to a staff member who may see it, with a reason, and records it in the audit ledger
 * before answering. The caller has already checked that the staff member may read this customer at all.
 */
export async function revealField(
  db: HubDb,
  commit: GroupCommit,
  actor: { id: string; role: string },
  customerId: string,
  field: RevealableField,
  reason: string,
  at: string,
): Promise<{ field: RevealableField; value: string; expiresInMs: number }> {
  if (actor.role === 'qa') throw new AppFailure('FORBIDDEN', '质检角色只能查看脱敏数据 / QA reviewers see masked data only');
  const profile = getCustomer(db, customerId);
  if (!profile) throw new AppFailure('NOT_FOUND', `No customer ${customerId}`);
  const value = profile[field];
  if (value === undefined) throw new AppFailure('NOT_FOUND', `The customer has no ${field} on file`);
  // Durable before the value leaves the hub: an unrecorded reveal must not happen.
  await commit.write('appendAudit', { actor: actor.id, kind: 'pii.reveal', subject: customerId, payload: { field, reason, role: actor.role }, at });
  return { field, value: String(value), expiresInMs: 30_000 };
}
