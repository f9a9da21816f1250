import { describe, expect, expectTypeOf, it } from 'vitest';
import fc from 'fast-check';
import { customerProfileArbitrary } from '../customers/profile.arbitrary';
import { customerProfileSchema, type CustomerProfile } from '../customers/profile';
import {
  maskAmount,
  maskBankCard,
  maskFundAccount,
  maskIdNumber,
  maskName,
  maskPhone,
  maskProfile,
  redactText,
  type Masked,
  type MaskedProfile,
} from './mask';

describe('field masks', () => {
  it('keeps the surname and stars the rest of a name', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('李娜')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('王*');
    expect(maskName('  ')).toBe('');
  });

  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812348000')).toBe('138****8000');
    expect(maskPhone('138-1234-8000')).toBe('138****8000');
    expect(maskPhone('02161234567')).toBe('****4567');
  });

  it('keeps the first four and last four characters of an ID number', () => {
    expect(maskIdNumber('110101199003071234')).toBe('1101**********1234');
    expect(maskIdNumber('11010119900307123x')).toBe('1101**********123X');
    expect(maskIdNumber('110101900307123')).toBe('1101*******7123');
  });

  it('keeps the last four digits of card and account numbers, hiding their length', () => {
    expect(maskBankCard('6217 0012 3456 7890 123')).toBe('****0123');
    expect(maskBankCard('6225881234565678')).toBe('****5678');
    expect(maskFundAccount('310100012345')).toBe('****2345');
  });

  it('turns an amount into its band, boundaries included', () => {
    expect(maskAmount(0)).toBe('<10万');
    expect(maskAmount(99_999.99)).toBe('<10万');
    expect(maskAmount(100_000)).toBe('10-50万');
    expect(maskAmount(499_999)).toBe('10-50万');
    expect(maskAmount(500_000)).toBe('50-100万');
    expect(maskAmount(1_000_000)).toBe('100-500万');
    expect(maskAmount(5_000_000)).toBe('500万+');
    expect(maskAmount(Number.NaN)).toBe('<10万');
  });
});

describe('redactText', () => {
  it.each([
    ['客户手机13812348000请回电', '客户手机138****8000请回电'],
    ['tel: +86 138 1234 8000.', 'tel: 138****8000.'],
    ['电话+8613812348000', '电话138****8000'],
    ['身份证号110101199003071234，已核实', '身份证号1101**********1234，已核实'],
    ['ID11010119900307123X', 'ID1101**********123X'],
    ['卡号 6217 0012 3456 7890 123 尾号', '卡号 ****0123 尾号'],
    ['卡号6225881234565678', '卡号****5678'],
    ['资金账号 310100012345', '资金账号 ****2345'],
  ])('masks %j', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('masks a phone number written next to a date', () => {
    expect(redactText('138 1234 8000 2024-03-01 来电')).toBe('138****8000 2024-03-01 来电');
  });

  it('leaves dates, times, short numbers and hashes alone', () => {
    const text =
      '2026-06-15 12:30:05 工单 #4521 金额 3000 元 hash=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(redactText(text)).toBe(text);
  });
});

describe('maskProfile', () => {
  const profile: CustomerProfile = customerProfileSchema.parse({
    id: 'C0001',
    name: '张三丰',
    phone: '13812348000',
    idNumber: '110105195003070019',
    fundAccount: '310100012345',
    bankCard: '6225881234565678',
    branchId: 'BR-SH01',
    investorType: 'ordinary',
    riskGrade: 'C4',
    riskAssessedAt: '2026-01-10',
    isLowestRiskTolerance: false,
    birthYear: 1950,
    assetTier: '50-100万',
    tradingYears: 12,
    styleTags: ['价值投资'],
    holdings: [{ assetClass: 'equity', band: '10-50万' }],
    openedBusinesses: ['gem'],
    preferredLanguage: 'zh-CN',
    history: [
      {
        at: '2026-05-01T10:00:00+08:00',
        channel: 'phone',
        summary: '张三丰来电，留手机13812348000',
        outcome: 'resolved',
        csat: 5,
      },
    ],
  });

  it('masks every PII field and keeps what agents need', () => {
    const m = maskProfile(profile, '2026-06-15');
    expect(m).toMatchObject({
      id: 'C0001',
      maskedName: '张**',
      maskedPhone: '138****8000',
      maskedIdNumber: '1101**********0019',
      maskedFundAccount: '****2345',
      maskedBankCard: '****5678',
      age: 76,
      isElderly: true,
      riskGrade: 'C4',
      assetTier: '50-100万',
    });
    expect(m.history[0]!.summary).toBe('张**来电，留手机138****8000');
    for (const key of ['name', 'phone', 'idNumber', 'fundAccount', 'bankCard', 'birthYear'])
      expect(m).not.toHaveProperty(key);
  });

  it('has no raw PII fields at the type level', () => {
    expectTypeOf<MaskedProfile>().not.toHaveProperty('phone');
    expectTypeOf<MaskedProfile>().not.toHaveProperty('idNumber');
    expectTypeOf<MaskedProfile>().not.toHaveProperty('name');
    expectTypeOf<MaskedProfile['maskedPhone']>().toEqualTypeOf<Masked>();
    // A raw string is not a Masked value.
    expectTypeOf<string>().not.toMatchTypeOf<Masked>();
  });

  it('never lets a raw value through, for any generated customer', () => {
    fc.assert(
      fc.property(customerProfileArbitrary(), (customer) => {
        expect(customerProfileSchema.safeParse(customer).success).toBe(true);
        const json = JSON.stringify(maskProfile(customer, '2026-06-15'));
        for (const raw of [
          customer.name,
          customer.phone,
          customer.idNumber,
          customer.fundAccount,
          customer.bankCard,
        ]) {
          if (raw !== undefined) expect(json).not.toContain(raw);
        }
        expect(json).not.toContain(customer.idNumber.slice(6, 14));
      }),
      { numRuns: 300 },
    );
  });
});
