/**
 * Business opportunities for the customer in front of the agent, from data rules. Every product suggestion has
 * been through the suitability rules as an agent push: a product the customer may not be offered is replaced by
 * the rule's first suitable fallback or dropped, never shown.
 */
import { assetTierRank, suitabilityCustomerOf, type CustomerProfile } from '../customers/profile';
import { decideSuitability } from '../suitability/decide';
import { addYears, compareCalendarDates, parseCalendarDate, type CalendarDate } from '../suitability/dates';
import type { Bilingual, Card, Product } from '../suitability/catalog';
import { ASSESSMENT_VALID_YEARS, riskRank, type SuitabilityDecision } from '../suitability/types';
import type { Condition, OpportunityRule } from './rules';

export interface Opportunity {
  ruleId: string;
  title: Bilingual;
  reason: Bilingual;
  priority: number;
  action: { kind: 'card'; cardId: string } | { kind: 'product'; productCode: string };
  /** The product the rule named, when a fallback was suggested instead. */
  convertedFrom?: string;
  /**
   * The suitability decision for offering it now: 'allow', or 'confirm' (e.g. an elderly customer and an R4
   * product: enhanced warning and confirmation needed). Never 'deny'. Absent for cards without a risk level, or
   * when no card catalogue was given.
   */
  suitability?: SuitabilityDecision;
}

const DAY_MS = 86_400_000;
const dayNumber = (d: CalendarDate) => Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;

function assessmentExpired(profile: CustomerProfile, asOf: CalendarDate): boolean {
  const assessed = parseCalendarDate(profile.riskAssessedAt);
  if (!assessed || compareCalendarDates(assessed, asOf) > 0) return true;
  return compareCalendarDates(asOf, addYears(assessed, ASSESSMENT_VALID_YEARS)) > 0;
}

export function evaluateCondition(
  condition: Condition,
  profile: CustomerProfile,
  asOf: CalendarDate,
): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, profile, asOf));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, profile, asOf));
  if ('not' in condition) return !evaluateCondition(condition.not, profile, asOf);
  switch (condition.kind) {
    case 'assetTierAtLeast':
      return assetTierRank(profile.assetTier) >= assetTierRank(condition.tier);
    case 'tradingYearsAtLeast':
      return profile.tradingYears >= condition.years;
    case 'businessOpened':
      return profile.openedBusinesses.includes(condition.business);
    case 'hasStyleTag':
      return profile.styleTags.includes(condition.tag);
    case 'holdsAssetClass': {
      const { assetClass, minBand } = condition;
      return profile.holdings.some(
        (h) =>
          h.assetClass === assetClass &&
          (minBand === undefined || assetTierRank(h.band) >= assetTierRank(minBand)),
      );
    }
    case 'holdingMaturesWithinDays':
      return profile.holdings.some((h) => {
        if (h.assetClass !== condition.assetClass || h.maturesAt === undefined) return false;
        const matures = parseCalendarDate(h.maturesAt);
        if (!matures) return false;
        const daysLeft = dayNumber(matures) - dayNumber(asOf);
        return daysLeft >= 0 && daysLeft <= condition.days;
      });
    case 'riskGradeAtLeast':
      return riskRank(profile.riskGrade) >= riskRank(condition.grade);
    case 'assessmentExpired':
      return assessmentExpired(profile, asOf);
  }
}

export function deriveOpportunities(
  profile: CustomerProfile,
  rules: readonly OpportunityRule[],
  products: readonly Product[],
  asOf: string,
  options: { cards?: readonly Card[] } = {},
): Opportunity[] {
  const asOfDate = parseCalendarDate(asOf);
  if (!asOfDate) throw new Error(`deriveOpportunities: asOf "${asOf}" is not an ISO date`);
  const productsByCode = new Map(products.map((p) => [p.code, p]));
  const cardsById = options.cards ? new Map(options.cards.map((c) => [c.id, c])) : undefined;
  const customer = suitabilityCustomerOf(profile, asOf);
  // An agent's suggestion is never customer-initiated, so above-grade products are denied, not confirmed.
  const decide = (code: string, riskLevel: string | null | undefined, name?: string) =>
    decideSuitability({ customer, product: { code, riskLevel, name }, customerInitiated: false, asOf });

  const opportunities: Opportunity[] = [];
  const suggested = new Set<string>();
  const ordered = [...rules].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  for (const rule of ordered) {
    if (!evaluateCondition(rule.when, profile, asOfDate)) continue;
    const base = { ruleId: rule.id, title: rule.title, reason: rule.reason, priority: rule.priority };

    if (rule.action.kind === 'card') {
      const key = `card:${rule.action.cardId}`;
      if (suggested.has(key)) continue;
      let suitability: SuitabilityDecision | undefined;
      if (cardsById) {
        const card = cardsById.get(rule.action.cardId);
        if (!card) continue;
        if (card.riskLevel) {
          suitability = decide(card.id, card.riskLevel, card.title.zh);
          if (suitability.decision === 'deny') continue;
        }
      }
      suggested.add(key);
      opportunities.push({
        ...base,
        action: { kind: 'card', cardId: rule.action.cardId },
        ...(suitability ? { suitability } : {}),
      });
      continue;
    }

    const candidates = [rule.action.productCode, ...(rule.action.fallbackProductCodes ?? [])];
    for (const code of candidates) {
      const product = productsByCode.get(code);
      if (!product || suggested.has(`product:${code}`)) continue;
      const suitability = decide(product.code, product.riskLevel, product.name);
      if (suitability.decision === 'deny') continue;
      suggested.add(`product:${code}`);
      opportunities.push({
        ...base,
        action: { kind: 'product', productCode: code },
        ...(code !== rule.action.productCode ? { convertedFrom: rule.action.productCode } : {}),
        suitability,
      });
      break;
    }
  }
  return opportunities;
}
