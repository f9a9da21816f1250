/**
 * Business-opportunity rules (商机规则) as data: a condition on the customer profile and the card or product to
 * suggest when it holds. Shipped in resources/customers/opportunity-rules.json.
 */
import { z } from 'zod';
import { ASSET_CLASSES, ASSET_TIERS } from '../customers/profile';
import { BUSINESSES, bilingualSchema } from '../suitability/catalog';
import { RISK_GRADES } from '../suitability/types';

export type Condition =
  | { kind: 'assetTierAtLeast'; tier: (typeof ASSET_TIERS)[number] }
  | { kind: 'tradingYearsAtLeast'; years: number }
  | { kind: 'businessOpened'; business: (typeof BUSINESSES)[number] }
  | { kind: 'hasStyleTag'; tag: string }
  | {
      kind: 'holdsAssetClass';
      assetClass: (typeof ASSET_CLASSES)[number];
      minBand?: (typeof ASSET_TIERS)[number];
    }
  /** A holding of this class matures between asOf and asOf + days (inclusive). */
  | { kind: 'holdingMaturesWithinDays'; assetClass: (typeof ASSET_CLASSES)[number]; days: number }
  | { kind: 'riskGradeAtLeast'; grade: (typeof RISK_GRADES)[number] }
  /** The risk assessment is older than two years on asOf (or dated after it). */
  | { kind: 'assessmentExpired' }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ kind: z.literal('assetTierAtLeast'), tier: z.enum(ASSET_TIERS) }),
    z.strictObject({ kind: z.literal('tradingYearsAtLeast'), years: z.number().nonnegative() }),
    z.strictObject({ kind: z.literal('businessOpened'), business: z.enum(BUSINESSES) }),
    z.strictObject({ kind: z.literal('hasStyleTag'), tag: z.string().min(1) }),
    z.strictObject({
      kind: z.literal('holdsAssetClass'),
      assetClass: z.enum(ASSET_CLASSES),
      minBand: z.enum(ASSET_TIERS).optional(),
    }),
    z.strictObject({
      kind: z.literal('holdingMaturesWithinDays'),
      assetClass: z.enum(ASSET_CLASSES),
      days: z.number().int().nonnegative(),
    }),
    z.strictObject({ kind: z.literal('riskGradeAtLeast'), grade: z.enum(RISK_GRADES) }),
    z.strictObject({ kind: z.literal('assessmentExpired') }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

export const opportunityActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('card'), cardId: z.string().min(1) }),
  z.strictObject({
    kind: z.literal('product'),
    productCode: z.string().min(1),
    /** Tried in order when the customer may not be offered productCode. */
    fallbackProductCodes: z.array(z.string().min(1)).optional(),
  }),
]);
export type OpportunityAction = z.infer<typeof opportunityActionSchema>;

export const opportunityRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: bilingualSchema,
  /** Why the agent sees it; shown beside the suggestion. */
  reason: bilingualSchema,
  /** Lower comes first. */
  priority: z.number().int(),
  when: conditionSchema,
  action: opportunityActionSchema,
});
export type OpportunityRule = z.infer<typeof opportunityRuleSchema>;

export function parseOpportunityRules(json: unknown): OpportunityRule[] {
  const parsed = z.array(opportunityRuleSchema).safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `opportunity rules are invalid:\n  ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('\n  ')}`,
    );
  }
  const ids = new Set<string>();
  for (const rule of parsed.data) {
    if (ids.has(rule.id)) throw new Error(`opportunity rules are invalid: duplicate id ${rule.id}`);
    ids.add(rule.id);
  }
  return parsed.data;
}
