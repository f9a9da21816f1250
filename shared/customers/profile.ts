/** The customer profile (客户画像) as held by the hub and shown, masked, in the tag panel. */
import { z } from 'zod';
import { BUSINESSES } from '../suitability/catalog';
import { ageFromBirthYear, parseCalendarDate } from '../suitability/dates';
import { INVESTOR_TYPES, RISK_GRADES, type SuitabilityCustomer } from '../suitability/types';
import { isLuhnValid, isValidIdNumber } from './identity';

/** Asset bands, lowest first; exact figures never leave the hub. */
export const ASSET_TIERS = ['<10万', '10-50万', '50-100万', '100-500万', '500万+'] as const;
export type AssetTier = (typeof ASSET_TIERS)[number];

/** Lower bound of each band in yuan, same order as ASSET_TIERS. */
export const ASSET_TIER_FLOORS: readonly number[] = [0, 100_000, 500_000, 1_000_000, 5_000_000];

export function assetTierRank(tier: AssetTier): number {
  return ASSET_TIERS.indexOf(tier);
}

/** The band an amount in yuan falls into. */
export function assetTierOf(amount: number): AssetTier {
  let tier: AssetTier = ASSET_TIERS[0];
  ASSET_TIERS.forEach((t, i) => {
    if (amount >= ASSET_TIER_FLOORS[i]!) tier = t;
  });
  return tier;
}

export const ASSET_CLASSES = ['cash', 'equity', 'hk-equity', 'fund', 'bond', 'wealth'] as const;
export const CHANNELS = ['online-chat', 'phone', 'app', 'branch'] as const;
export const OUTCOMES = ['resolved', 'follow-up', 'escalated', 'abandoned'] as const;
export const LANGUAGES = ['zh-CN', 'en'] as const;

const isoDate = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && parseCalendarDate(s) !== null,
    'expected a real date YYYY-MM-DD',
  );
const isoDateTime = z.iso.datetime({ offset: true });

export const holdingSchema = z.strictObject({
  assetClass: z.enum(ASSET_CLASSES),
  band: z.enum(ASSET_TIERS),
  productCode: z.string().min(1).optional(),
  /** For fixed-term holdings (wealth plans, income certificates). */
  maturesAt: isoDate.optional(),
});

export const contactSchema = z.strictObject({
  at: isoDateTime,
  channel: z.enum(CHANNELS),
  summary: z.string().min(1),
  outcome: z.enum(OUTCOMES),
  /** Satisfaction 1–5; null when the customer did not rate. */
  csat: z.number().int().min(1).max(5).nullable(),
});

export const customerProfileSchema = z
  .strictObject({
    id: z.string().regex(/^C\d{4,}$/, 'customer id looks like C0001'),
    name: z.string().min(1),
    phone: z.string().regex(/^1[3-9]\d{9}$/, 'mainland mobile number, 11 digits'),
    idNumber: z.string().refine(isValidIdNumber, 'identity number with a valid GB 11643 check digit'),
    fundAccount: z.string().regex(/^\d{12}$/, 'fund account, 12 digits'),
    /** Settlement bank card (三方存管). */
    bankCard: z.string().refine(isLuhnValid, 'bank card number with a valid Luhn check digit').optional(),
    branchId: z.string().regex(/^BR-[A-Z]{2}\d{2}$/, 'branch id looks like BR-SH01'),
    investorType: z.enum(INVESTOR_TYPES),
    riskGrade: z.enum(RISK_GRADES),
    riskAssessedAt: isoDate,
    isLowestRiskTolerance: z.boolean(),
    birthYear: z.number().int().min(1900).max(2100),
    assetTier: z.enum(ASSET_TIERS),
    tradingYears: z.number().min(0).max(100),
    styleTags: z.array(z.string().min(1)),
    holdings: z.array(holdingSchema),
    openedBusinesses: z.array(z.enum(BUSINESSES)).default([]),
    preferredLanguage: z.enum(LANGUAGES),
    history: z.array(contactSchema),
  })
  .refine((p) => Number(p.idNumber.slice(6, 10)) === p.birthYear, {
    message: 'birthYear must match the birth date in idNumber',
    path: ['birthYear'],
  });

export type CustomerProfile = z.infer<typeof customerProfileSchema>;
export type Holding = z.infer<typeof holdingSchema>;
export type Contact = z.infer<typeof contactSchema>;

export type ParsedLine = { ok: true; profile: CustomerProfile } | { ok: false; message: string };

/** Reads one JSON Lines record; the message names the failing fields. */
export function parseCustomerLine(line: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    return { ok: false, message: `invalid JSON: ${(err as Error).message}` };
  }
  const parsed = customerProfileSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      message: parsed.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; '),
    };
  }
  return { ok: true, profile: parsed.data };
}

/** Age on `asOf` (see ageFromBirthYear: the higher possible age, so elderly protections start early). */
export function customerAge(profile: Pick<CustomerProfile, 'birthYear'>, asOf: string): number | undefined {
  const date = parseCalendarDate(asOf);
  return date ? ageFromBirthYear(profile.birthYear, date) : undefined;
}

/** What the suitability rules need to know about this customer on `asOf`. */
export function suitabilityCustomerOf(profile: CustomerProfile, asOf: string): SuitabilityCustomer {
  return {
    investorType: profile.investorType,
    riskGrade: profile.riskGrade,
    riskAssessedAt: profile.riskAssessedAt,
    age: customerAge(profile, asOf),
    isLowestRiskTolerance: profile.isLowestRiskTolerance,
  };
}
