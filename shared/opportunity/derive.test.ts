import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import rulesJson from '../../resources/customers/opportunity-rules.json';
import productsJson from '../../resources/products/products.json';
import cardsJson from '../../resources/cards/cards.json';
import { idCheckDigit } from '../customers/identity';
import { customerProfileArbitrary } from '../customers/profile.arbitrary';
import { customerAge, customerProfileSchema, type CustomerProfile } from '../customers/profile';
import { parseCards, parseProducts } from '../suitability/catalog';
import { decideSuitability } from '../suitability/decide';
import { deriveOpportunities, type Opportunity } from './derive';
import { parseOpportunityRules, type OpportunityRule } from './rules';

const rules = parseOpportunityRules(rulesJson);
const products = parseProducts(productsJson);
const cards = parseCards(cardsJson);
const AS_OF = '2026-06-15';

const idNumberBornIn = (year: number) => `310115${year}0506001` + idCheckDigit(`310115${year}0506001`);

const customer = (overrides: Partial<CustomerProfile> = {}): CustomerProfile =>
  customerProfileSchema.parse({
    id: 'C9001',
    name: '陈静',
    phone: '13912345678',
    idNumber: idNumberBornIn(1980),
    fundAccount: '310190010001',
    branchId: 'BR-SH01',
    investorType: 'ordinary',
    riskGrade: 'C3',
    riskAssessedAt: '2026-01-10',
    isLowestRiskTolerance: false,
    birthYear: 1980,
    assetTier: '10-50万',
    tradingYears: 5,
    styleTags: [],
    holdings: [{ assetClass: 'cash', band: '<10万' }],
    openedBusinesses: [],
    preferredLanguage: 'zh-CN',
    history: [],
    ...overrides,
  });

const actions = (list: Opportunity[]) =>
  list.map((o) => (o.action.kind === 'card' ? `card:${o.action.cardId}` : `product:${o.action.productCode}`));

describe('shipped opportunity rules', () => {
  it('parse and point at cards and products that exist', () => {
    const cardIds = new Set(cards.map((c) => c.id));
    const codes = new Set(products.map((p) => p.code));
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const rule of rules) {
      if (rule.action.kind === 'card') expect(cardIds).toContain(rule.action.cardId);
      else
        for (const code of [rule.action.productCode, ...(rule.action.fallbackProductCodes ?? [])])
          expect(codes).toContain(code);
    }
  });

  it('reject an unknown condition kind with its path', () => {
    const bad = [{ ...rulesJson[0], when: { kind: 'assetsAbove', amount: 1 } }];
    expect(() => parseOpportunityRules(bad)).toThrow(/\[0\.when\]/);
  });
});

describe('deriveOpportunities', () => {
  it('suggests ChiNext to an eligible customer who has not opened it, and not once opened', () => {
    const eligible = customer({ riskGrade: 'C4' });
    expect(actions(deriveOpportunities(eligible, rules, products, AS_OF))).toContain('card:gem-open');
    const opened = customer({ riskGrade: 'C4', openedBusinesses: ['gem'] });
    expect(actions(deriveOpportunities(opened, rules, products, AS_OF))).not.toContain('card:gem-open');
    const novice = customer({ riskGrade: 'C4', tradingYears: 1.5 });
    expect(actions(deriveOpportunities(novice, rules, products, AS_OF))).not.toContain('card:gem-open');
  });

  it('drops a card whose business is above the customer grade when the card catalogue is given', () => {
    const c3 = customer({ riskGrade: 'C3' });
    expect(actions(deriveOpportunities(c3, rules, products, AS_OF, { cards }))).not.toContain(
      'card:gem-open',
    );
    const c4 = deriveOpportunities(customer({ riskGrade: 'C4' }), rules, products, AS_OF, { cards });
    expect(c4.find((o) => o.ruleId === 'gem-eligible')?.suitability?.decision).toBe('allow');
  });

  it('applies margin and Stock Connect thresholds', () => {
    const rich = customer({
      riskGrade: 'C4',
      assetTier: '50-100万',
      tradingYears: 0.5,
      styleTags: ['港股关注'],
    });
    const got = actions(deriveOpportunities(rich, rules, products, AS_OF));
    expect(got).toEqual(expect.arrayContaining(['card:margin-open', 'card:hk-connect-open']));
    expect(got).not.toContain('card:star-open');
    const poorer = customer({
      riskGrade: 'C4',
      assetTier: '10-50万',
      tradingYears: 0.5,
      styleTags: ['港股关注'],
    });
    expect(actions(deriveOpportunities(poorer, rules, products, AS_OF))).not.toContain('card:margin-open');
  });

  it('offers a suitable fallback when the named product is above the grade', () => {
    const c3 = customer({ styleTags: ['指数定投'] });
    const dca = deriveOpportunities(c3, rules, products, AS_OF).find((o) => o.ruleId === 'index-dca');
    expect(dca).toMatchObject({ action: { kind: 'product', productCode: 'BAL001' }, convertedFrom: 'EQ001' });
    const c2 = customer({ riskGrade: 'C2', styleTags: ['指数定投'] });
    expect(
      deriveOpportunities(c2, rules, products, AS_OF).find((o) => o.ruleId === 'index-dca'),
    ).toBeUndefined();
  });

  it('marks an R4 suggestion to an elderly customer as needing confirmation', () => {
    const elderly = customer({
      riskGrade: 'C4',
      birthYear: 1950,
      idNumber: idNumberBornIn(1950),
      styleTags: ['指数定投'],
    });
    const dca = deriveOpportunities(elderly, rules, products, AS_OF).find((o) => o.ruleId === 'index-dca');
    expect(dca).toMatchObject({ action: { productCode: 'EQ001' }, suitability: { decision: 'confirm' } });
  });

  it('turns a maturing wealth plan into a suitable reinvestment, R1 for the lowest risk tolerance', () => {
    const holdings = [
      {
        assetClass: 'wealth' as const,
        band: '10-50万' as const,
        productCode: 'WM180',
        maturesAt: '2026-07-10',
      },
    ];
    const normal = deriveOpportunities(customer({ holdings }), rules, products, AS_OF).find(
      (o) => o.ruleId === 'wealth-maturing',
    );
    expect(normal?.action).toEqual({ kind: 'product', productCode: 'WM180' });
    const cautious = customer({ riskGrade: 'C1', isLowestRiskTolerance: true, holdings });
    const converted = deriveOpportunities(cautious, rules, products, AS_OF).find(
      (o) => o.ruleId === 'wealth-maturing',
    );
    expect(converted).toMatchObject({ action: { productCode: 'WM030' }, convertedFrom: 'WM180' });
    const later = customer({ holdings: [{ ...holdings[0]!, maturesAt: '2026-07-16' }] });
    expect(
      deriveOpportunities(later, rules, products, AS_OF).find((o) => o.ruleId === 'wealth-maturing'),
    ).toBeUndefined();
    const past = customer({ holdings: [{ ...holdings[0]!, maturesAt: '2026-06-14' }] });
    expect(
      deriveOpportunities(past, rules, products, AS_OF).find((o) => o.ruleId === 'wealth-maturing'),
    ).toBeUndefined();
  });

  it('asks for a re-assessment first when the assessment has expired', () => {
    const expired = customer({ riskAssessedAt: '2024-06-14', styleTags: ['固收偏好'] });
    const got = deriveOpportunities(expired, rules, products, AS_OF);
    expect(got[0]?.action).toEqual({ kind: 'card', cardId: 'risk-reassess' });
    expect(got.find((o) => o.ruleId === 'fixed-income-pref')).toMatchObject({
      action: { productCode: 'MMF001' },
      convertedFrom: 'BF001',
    });
    const exactlyTwoYears = customer({ riskAssessedAt: '2024-06-15' });
    expect(actions(deriveOpportunities(exactlyTwoYears, rules, products, AS_OF))).not.toContain(
      'card:risk-reassess',
    );
  });

  it('orders by priority', () => {
    const c = customer({
      riskGrade: 'C5',
      assetTier: '500万+',
      styleTags: ['打新爱好者', '固收偏好'],
      holdings: [
        { assetClass: 'equity', band: '100-500万' },
        { assetClass: 'cash', band: '50-100万' },
      ],
    });
    const priorities = deriveOpportunities(c, rules, products, AS_OF).map((o) => o.priority);
    expect(priorities.length).toBeGreaterThan(3);
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
  });
});

describe('property: no suggested product is one the customer may not be offered', () => {
  const isDeniedFor = (profile: CustomerProfile, code: string, asOf: string) => {
    const product = products.find((p) => p.code === code)!;
    const decision = decideSuitability({
      customer: {
        investorType: profile.investorType,
        riskGrade: profile.riskGrade,
        riskAssessedAt: profile.riskAssessedAt,
        age: customerAge(profile, asOf),
        isLowestRiskTolerance: profile.isLowestRiskTolerance,
      },
      product: { code, riskLevel: product.riskLevel },
      customerInitiated: false,
      asOf,
    });
    return decision.decision === 'deny';
  };

  const alwaysTrue = { kind: 'tradingYearsAtLeast', years: 0 } as const;
  const everyProductRulesArb: fc.Arbitrary<OpportunityRule[]> = fc
    .array(
      fc.tuple(
        fc.constantFrom(...products.map((p) => p.code)),
        fc.subarray(
          products.map((p) => p.code),
          { maxLength: 3 },
        ),
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((pairs) =>
      pairs.map(([productCode, fallbackProductCodes], i) => ({
        id: `r${i}`,
        title: { zh: '测试', en: 'test' },
        reason: { zh: '测试', en: 'test' },
        priority: i,
        when: alwaysTrue,
        action: { kind: 'product' as const, productCode, fallbackProductCodes },
      })),
    );
  const asOfArb = fc.constantFrom('2026-06-15', '2026-11-22', '2027-03-01', '2028-02-29');

  it('holds for generated customers, shipped and random rules', () => {
    let suggestedProducts = 0;
    fc.assert(
      fc.property(customerProfileArbitrary(), everyProductRulesArb, asOfArb, (profile, randomRules, asOf) => {
        for (const ruleSet of [rules, randomRules]) {
          for (const o of deriveOpportunities(profile, ruleSet, products, asOf, { cards })) {
            expect(o.suitability?.decision).not.toBe('deny');
            if (o.action.kind !== 'product') continue;
            suggestedProducts += 1;
            expect(isDeniedFor(profile, o.action.productCode, asOf)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
    // The property must not pass vacuously.
    expect(suggestedProducts).toBeGreaterThan(100);
  });
});
