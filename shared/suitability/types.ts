/** Vocabulary of the investor suitability rules (《证券期货投资者适当性管理办法》). */

export const RISK_GRADES = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export type RiskGrade = (typeof RISK_GRADES)[number];

export const RISK_LEVELS = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const INVESTOR_TYPES = ['ordinary', 'professional'] as const;
export type InvestorType = (typeof INVESTOR_TYPES)[number];

/** From 70 the house treats an investor as elderly for R4/R5 products. */
export const ELDERLY_AGE = 70;

/** How long a risk assessment stays valid. */
export const ASSESSMENT_VALID_YEARS = 2;

export function isRiskGrade(value: unknown): value is RiskGrade {
  return typeof value === 'string' && (RISK_GRADES as readonly string[]).includes(value);
}

export function isRiskLevel(value: unknown): value is RiskLevel {
  return typeof value === 'string' && (RISK_LEVELS as readonly string[]).includes(value);
}

export function isInvestorType(value: unknown): value is InvestorType {
  return typeof value === 'string' && (INVESTOR_TYPES as readonly string[]).includes(value);
}

/** 1 for C1/R1 … 5 for C5/R5. */
export function riskRank(value: RiskGrade | RiskLevel): number {
  return Number(value.slice(1));
}

/**
 * What the rules read about the customer. Values arrive from files, wire messages and older records, so every
 * field may be missing or of the wrong kind; the rules check each one at run time and treat anything invalid as
 * missing.
 */
export interface SuitabilityCustomer {
  investorType?: InvestorType | (string & {}) | null;
  riskGrade?: RiskGrade | (string & {}) | null;
  /** ISO date or datetime of the last risk assessment. */
  riskAssessedAt?: string | null;
  age?: number | null;
  isLowestRiskTolerance?: boolean | null;
}

export interface SuitabilityProduct {
  code: string;
  riskLevel?: RiskLevel | (string & {}) | null;
  /** Shown in reasons only: a name never implies a risk level. */
  name?: string | null;
}

export interface SuitabilityInput {
  customer: SuitabilityCustomer;
  product: SuitabilityProduct;
  /** True when the customer asked for this product; an agent's push is false. */
  customerInitiated?: boolean;
  /** ISO date or datetime on which to decide (assessment expiry, age). */
  asOf: string;
}

export type SuitabilityVerdict = 'allow' | 'confirm' | 'deny';

export type SuitabilityReasonCode =
  | 'INVESTOR_TYPE_MISSING'
  | 'RISK_LEVEL_MISSING'
  | 'PROFESSIONAL_INVESTOR'
  | 'LOWEST_RISK_PRODUCT'
  | 'LOWEST_RISK_TOLERANCE'
  | 'RISK_GRADE_MISSING'
  | 'ASSESSMENT_MISSING'
  | 'ASSESSMENT_UNPARSEABLE'
  | 'AS_OF_UNPARSEABLE'
  | 'ASSESSMENT_IN_FUTURE'
  | 'ASSESSMENT_EXPIRED'
  | 'ABOVE_GRADE_CUSTOMER_REQUEST'
  | 'ABOVE_GRADE_PUSH'
  | 'WITHIN_GRADE'
  | 'ELDERLY_HIGH_RISK'
  | 'AGE_MISSING_HIGH_RISK';

export interface SuitabilityReason {
  code: SuitabilityReasonCode;
  zh: string;
  en: string;
}

export interface SuitabilityDecision {
  decision: SuitabilityVerdict;
  reasons: SuitabilityReason[];
}
