import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyElderlyRule, decideBaseSuitability, decideSuitability } from './decide';
import type { SuitabilityCustomer, SuitabilityInput, SuitabilityProduct } from './types';

const AS_OF = '2026-06-15';

/** A C3 ordinary investor, 45, assessed recently: allowed up to R3 by every rule. */
const baseCustomer: SuitabilityCustomer = {
  investorType: 'ordinary',
  riskGrade: 'C3',
  riskAssessedAt: '2025-06-15',
  age: 45,
  isLowestRiskTolerance: false,
};

function decide(
  customer: Partial<SuitabilityCustomer> | SuitabilityCustomer,
  product: Partial<SuitabilityProduct>,
  extra: Partial<Omit<SuitabilityInput, 'customer' | 'product'>> = {},
) {
  return decideSuitability({
    customer: { ...baseCustomer, ...customer },
    product: { code: 'P001', ...product },
    asOf: AS_OF,
    ...extra,
  });
}

const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

describe('rule 1: investor type and product risk level must be known', () => {
  it('denies when the investor type is missing, even for an R1 product', () => {
    const d = decide({ investorType: undefined }, { riskLevel: 'R1' });
    expect(d.decision).toBe('deny');
    expect(codes(d)).toEqual(['INVESTOR_TYPE_MISSING']);
  });

  it('denies an invalid investor type', () => {
    expect(decide({ investorType: 'retail' }, { riskLevel: 'R1' }).decision).toBe('deny');
    expect(decide({ investorType: 'Professional' }, { riskLevel: 'R1' }).decision).toBe('deny');
  });

  it('denies a professional investor when the product risk level is missing', () => {
    const d = decide({ investorType: 'professional' }, { riskLevel: undefined });
    expect(d.decision).toBe('deny');
    expect(codes(d)).toEqual(['RISK_LEVEL_MISSING']);
  });

  it('never infers the risk level from the product name', () => {
    const d = decide({}, { code: 'MMF001', name: '稳利货币A（R1 低风险）', riskLevel: null });
    expect(d.decision).toBe('deny');
    expect(d.reasons[0]!.zh).toContain('稳利货币A');
  });

  it.each(['r1', 'R6', 'R0', ' R1', 'R1 ', '1', ''])('denies the invalid risk level %j', (riskLevel) => {
    expect(decide({ investorType: 'professional' }, { riskLevel }).decision).toBe('deny');
  });

  it('reports both problems when both are missing', () => {
    expect(codes(decide({ investorType: null }, { riskLevel: 'x' }))).toEqual([
      'INVESTOR_TYPE_MISSING',
      'RISK_LEVEL_MISSING',
    ]);
  });
});

describe('rule 2: professional investors', () => {
  it.each(['R1', 'R2', 'R3', 'R4', 'R5'])(
    'allows %s regardless of grade, assessment, age and initiative',
    (riskLevel) => {
      const d = decide(
        {
          investorType: 'professional',
          riskGrade: 'C6',
          riskAssessedAt: 'never',
          age: undefined,
          isLowestRiskTolerance: true,
        },
        { riskLevel },
        { customerInitiated: false },
      );
      expect(d.decision).toBe('allow');
      expect(codes(d)).toEqual(['PROFESSIONAL_INVESTOR']);
    },
  );

  it('allows an elderly professional an R5 product without confirmation', () => {
    expect(decide({ investorType: 'professional', age: 88 }, { riskLevel: 'R5' }).decision).toBe('allow');
  });
});

describe('rule 3: R1 products', () => {
  it('allows an ordinary investor with no grade and no assessment', () => {
    const d = decide(
      { riskGrade: undefined, riskAssessedAt: undefined, isLowestRiskTolerance: undefined, age: undefined },
      { riskLevel: 'R1' },
    );
    expect(d.decision).toBe('allow');
    expect(codes(d)).toEqual(['LOWEST_RISK_PRODUCT']);
  });

  it('allows with an expired assessment and for the lowest risk-tolerance category', () => {
    expect(
      decide({ riskAssessedAt: '2019-01-01', isLowestRiskTolerance: true }, { riskLevel: 'R1' }).decision,
    ).toBe('allow');
  });
});

describe('rule 4a: lowest risk tolerance', () => {
  it('denies above R1 even when the customer insists and the grade is high', () => {
    const d = decide(
      { riskGrade: 'C5', isLowestRiskTolerance: true },
      { riskLevel: 'R2' },
      { customerInitiated: true },
    );
    expect(d.decision).toBe('deny');
    expect(codes(d)).toEqual(['LOWEST_RISK_TOLERANCE']);
  });

  it.each([undefined, null, 'false', 0])('denies when the flag is %j (not recorded as false)', (flag) => {
    const customer = { ...baseCustomer, isLowestRiskTolerance: flag } as SuitabilityCustomer;
    const d = decideSuitability({ customer, product: { code: 'P', riskLevel: 'R2' }, asOf: AS_OF });
    expect(d.decision).toBe('deny');
    expect(codes(d)).toEqual(['LOWEST_RISK_TOLERANCE']);
  });

  it('is checked before the grade', () => {
    expect(codes(decide({ riskGrade: 'C9', isLowestRiskTolerance: true }, { riskLevel: 'R3' }))).toEqual([
      'LOWEST_RISK_TOLERANCE',
    ]);
  });
});

describe('rule 4b: risk grade', () => {
  it.each([undefined, null, '', 'C6', 'C0', 'c3', 'C 3', '3', 'R3'])('denies the grade %j', (riskGrade) => {
    const d = decide({ riskGrade }, { riskLevel: 'R2' }, { customerInitiated: true });
    expect(d.decision).toBe('deny');
    expect(codes(d)).toEqual(['RISK_GRADE_MISSING']);
  });
});

describe('rule 4c: assessment date', () => {
  const onDate = (riskAssessedAt: string | null | undefined, asOf = AS_OF) =>
    decide({ riskAssessedAt }, { riskLevel: 'R2' }, { asOf });

  it('denies a missing assessment date', () => {
    expect(codes(onDate(undefined))).toEqual(['ASSESSMENT_MISSING']);
    expect(codes(onDate(null))).toEqual(['ASSESSMENT_MISSING']);
    expect(codes(onDate(''))).toEqual(['ASSESSMENT_MISSING']);
  });

  it.each([
    'yesterday',
    '2025/06/15',
    '2025-13-01',
    '2025-02-29',
    '2025-06-31',
    '15-06-2025',
    '2025-06-15T25:00:00',
  ])('denies the unparseable date %j', (date) => {
    expect(codes(onDate(date))).toEqual(['ASSESSMENT_UNPARSEABLE']);
  });

  it('denies an assessment dated after asOf, even by one day', () => {
    expect(codes(onDate('2026-06-16'))).toEqual(['ASSESSMENT_IN_FUTURE']);
  });

  it('accepts an assessment made on asOf itself', () => {
    expect(onDate('2026-06-15').decision).toBe('allow');
  });

  it('accepts an assessment exactly two years old', () => {
    expect(onDate('2024-06-15').decision).toBe('allow');
  });

  it('denies an assessment two years and one day old', () => {
    const d = onDate('2024-06-14');
    expect(d.decision).toBe('deny');
    expect(codes(d)).toEqual(['ASSESSMENT_EXPIRED']);
    expect(d.reasons[0]!.en).toContain('2026-06-14');
  });

  it('gives an assessment of 29 February its anniversary on 28 February', () => {
    expect(onDate('2024-02-29', '2026-02-28').decision).toBe('allow');
    expect(codes(onDate('2024-02-29', '2026-03-01'))).toEqual(['ASSESSMENT_EXPIRED']);
  });

  it('keeps 29 February when the anniversary year is a leap year too', () => {
    expect(onDate('2026-02-28', '2028-02-28').decision).toBe('allow');
    expect(codes(onDate('2026-02-28', '2028-02-29'))).toEqual(['ASSESSMENT_EXPIRED']);
  });

  it('compares calendar dates, not instants, for date-only strings', () => {
    // Read as UTC midnight these would be shifted a day in some zones; the calendar date must stay as written.
    expect(onDate('2024-06-15', '2026-06-15T23:59:59').decision).toBe('allow');
    expect(onDate('2024-06-15T00:00:00', '2026-06-15').decision).toBe('allow');
  });

  it('reads datetimes with an offset as a date in China Standard Time', () => {
    // 2024-06-14T17:00Z is 2024-06-15 01:00 in Beijing: exactly two years before asOf, so still valid.
    expect(onDate('2024-06-14T17:00:00Z').decision).toBe('allow');
    // 2024-06-14T15:00Z is 2024-06-14 23:00 in Beijing: two years and a day.
    expect(codes(onDate('2024-06-14T15:00:00Z'))).toEqual(['ASSESSMENT_EXPIRED']);
    expect(onDate('2024-06-15T00:30:00+08:00').decision).toBe('allow');
    // asOf given as an instant: 2026-06-15T20:00Z is already 16 June in Beijing.
    expect(codes(onDate('2024-06-15', '2026-06-15T20:00:00Z'))).toEqual(['ASSESSMENT_EXPIRED']);
  });

  it('denies when asOf itself cannot be read', () => {
    expect(codes(onDate('2025-06-15', 'soon'))).toEqual(['AS_OF_UNPARSEABLE']);
  });

  it('denies an expired assessment even when the customer asked for the product', () => {
    expect(
      decide({ riskAssessedAt: '2020-01-01' }, { riskLevel: 'R2' }, { customerInitiated: true }).decision,
    ).toBe('deny');
  });
});

describe('rule 4d: product above the grade', () => {
  it('asks for a written warning and confirmation when the customer asked', () => {
    const d = decide({ riskGrade: 'C3' }, { riskLevel: 'R4' }, { customerInitiated: true });
    expect(d.decision).toBe('confirm');
    expect(codes(d)).toEqual(['ABOVE_GRADE_CUSTOMER_REQUEST']);
    expect(d.reasons[0]!.zh).toContain('书面特别风险警示');
  });

  it('denies when the agent pushes it', () => {
    expect(codes(decide({ riskGrade: 'C3' }, { riskLevel: 'R4' }, { customerInitiated: false }))).toEqual([
      'ABOVE_GRADE_PUSH',
    ]);
    expect(codes(decide({ riskGrade: 'C1' }, { riskLevel: 'R2' }))).toEqual(['ABOVE_GRADE_PUSH']);
  });

  it('treats a non-boolean customerInitiated as an agent push', () => {
    const input = {
      customer: baseCustomer,
      product: { code: 'P', riskLevel: 'R5' },
      asOf: AS_OF,
      customerInitiated: 'true',
    } as unknown as SuitabilityInput;
    expect(decideSuitability(input).decision).toBe('deny');
  });
});

describe('rule 4e: within the grade', () => {
  it.each([
    ['C2', 'R2'],
    ['C3', 'R2'],
    ['C3', 'R3'],
    ['C4', 'R4'],
    ['C5', 'R5'],
  ])('%s may buy %s', (riskGrade, riskLevel) => {
    const d = decide({ riskGrade }, { riskLevel });
    expect(d.decision).toBe('allow');
    expect(codes(d)).toEqual(['WITHIN_GRADE']);
  });
});

describe('rule 5: elderly investors', () => {
  it('asks for confirmation for R4/R5 from 70', () => {
    for (const riskLevel of ['R4', 'R5']) {
      const d = decide({ riskGrade: 'C5', age: 70 }, { riskLevel });
      expect(d.decision).toBe('confirm');
      expect(codes(d)).toEqual(['WITHIN_GRADE', 'ELDERLY_HIGH_RISK']);
    }
  });

  it('allows R4 at 69', () => {
    expect(decide({ riskGrade: 'C4', age: 69 }, { riskLevel: 'R4' }).decision).toBe('allow');
  });

  it('does not touch R3 and below', () => {
    expect(decide({ riskGrade: 'C5', age: 85 }, { riskLevel: 'R3' }).decision).toBe('allow');
    expect(decide({ riskGrade: 'C5', age: undefined }, { riskLevel: 'R3' }).decision).toBe('allow');
  });

  it.each([undefined, null, Number.NaN, -1, '75'])('denies R4/R5 when the age is %j', (age) => {
    const customer = { ...baseCustomer, riskGrade: 'C5', age } as SuitabilityCustomer;
    const d = decideSuitability({ customer, product: { code: 'P', riskLevel: 'R5' }, asOf: AS_OF });
    expect(d.decision).toBe('deny');
    expect(codes(d)).toContain('AGE_MISSING_HIGH_RISK');
  });

  it('does not apply where rule 4d already decided', () => {
    expect(
      decide({ riskGrade: 'C3', age: undefined }, { riskLevel: 'R4' }, { customerInitiated: true }).decision,
    ).toBe('confirm');
    expect(decide({ riskGrade: 'C3', age: 90 }, { riskLevel: 'R4' }).decision).toBe('deny');
  });
});

describe('reasons', () => {
  it('are given in Chinese and English for every decision', () => {
    const samples = [
      decide({ investorType: undefined }, { riskLevel: 'R1' }),
      decide({}, { riskLevel: 'R1' }),
      decide({ riskGrade: 'C5', age: 75 }, { riskLevel: 'R5' }),
      decide({}, { riskLevel: 'R5' }, { customerInitiated: true }),
    ];
    for (const d of samples) {
      expect(d.reasons.length).toBeGreaterThan(0);
      for (const r of d.reasons) {
        expect(r.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(r.en).toMatch(/[A-Za-z]{3}/);
      }
    }
  });
});

describe('property: rule 5 only ever tightens', () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(undefined), fc.constant(null));
  const dateArb = fc
    .date({
      min: new Date('2018-01-01T00:00:00Z'),
      max: new Date('2028-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const inputArb: fc.Arbitrary<SuitabilityInput> = fc.record({
    customer: fc.record({
      investorType: maybe(fc.constantFrom('ordinary', 'professional', 'other')),
      riskGrade: maybe(fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'c3')),
      riskAssessedAt: maybe(fc.oneof(dateArb, fc.constant('not a date'))),
      age: maybe(fc.integer({ min: 18, max: 100 })),
      isLowestRiskTolerance: maybe(fc.boolean()),
    }),
    product: fc.record({
      code: fc.string(),
      riskLevel: maybe(fc.constantFrom('R1', 'R2', 'R3', 'R4', 'R5', 'r4', 'R9')),
    }),
    customerInitiated: fc.boolean(),
    asOf: dateArb,
  });

  it('never produces allow where rules 1–4 would not, and never loosens a decision', () => {
    const strictness = { allow: 0, confirm: 1, deny: 2 } as const;
    fc.assert(
      fc.property(inputArb, (input) => {
        const base = decideBaseSuitability(input);
        const final = decideSuitability(input);
        expect(final).toEqual(applyElderlyRule(input, base));
        if (final.decision === 'allow') expect(base.decision).toBe('allow');
        if (base.decision !== 'allow') expect(final).toEqual(base);
        expect(strictness[final.decision]).toBeGreaterThanOrEqual(strictness[base.decision]);
      }),
      { numRuns: 2000 },
    );
  });
});
