/**
 * fast-check generator of valid customer profiles, for property tests (masking, opportunity rules).
 * Covers the awkward corners on purpose: missing bank cards, elderly and very young customers, expired and
 * future-dated assessments, lowest risk tolerance at any grade, PII pasted into contact notes.
 */
import fc from 'fast-check';
import { BUSINESSES } from '../suitability/catalog';
import { INVESTOR_TYPES, RISK_GRADES } from '../suitability/types';
import { idCheckDigit, luhnCheckDigit } from './identity';
import { ASSET_CLASSES, ASSET_TIERS, CHANNELS, LANGUAGES, OUTCOMES, type CustomerProfile } from './profile';

const NAME_CHARS = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超欧阳',
);
const TOPICS = ['咨询创业板开通条件', '询问基金赎回到账时间', '反馈App登录异常', '咨询港股通交易时间'];

const digitString = (length: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length }).map((d) => d.join(''));

const isoDate = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

export function customerProfileArbitrary(options: { idPrefix?: string } = {}): fc.Arbitrary<CustomerProfile> {
  const identity = fc.record({
    serial: fc.integer({ min: 1, max: 9999 }),
    nameChars: fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 2, maxLength: 4 }),
    phone: fc.tuple(fc.constantFrom('13', '15', '17', '18', '19'), digitString(9)).map(([a, b]) => a + b),
    area: fc.constantFrom('310115', '110105', '440304', '320102'),
    birth: isoDate('1930-01-01', '2006-12-31'),
    idSerial: digitString(3),
    fundAccount: digitString(12),
    cardBody: fc.option(digitString(15), { nil: undefined }),
  });
  return identity
    .chain((id) => {
      const birthYear = Number(id.birth.slice(0, 4));
      const idBody = `${id.area}${id.birth.replaceAll('-', '')}${id.idSerial}`;
      const idNumber = idBody + idCheckDigit(idBody);
      const bankCard =
        id.cardBody === undefined ? undefined : `6${id.cardBody}` + luhnCheckDigit(`6${id.cardBody}`);
      const name = id.nameChars.join('');
      const pii = [name, id.phone, idNumber, id.fundAccount, ...(bankCard ? [bankCard] : [])];
      const contact = fc.record({
        at: fc
          .date({
            min: new Date('2023-01-01T00:00:00Z'),
            max: new Date('2026-12-31T00:00:00Z'),
            noInvalidDate: true,
          })
          .map((d) => d.toISOString()),
        channel: fc.constantFrom(...CHANNELS),
        // Agents sometimes paste a phone or ID number into the notes; masking must catch it.
        summary: fc
          .tuple(fc.constantFrom(...TOPICS), fc.option(fc.constantFrom(...pii), { nil: undefined }))
          .map(([topic, leaked]) => (leaked ? `${topic}，客户提供 ${leaked}` : topic)),
        outcome: fc.constantFrom(...OUTCOMES),
        csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
      });
      return fc.record({
        id: fc.constant(`${options.idPrefix ?? 'C'}${String(id.serial).padStart(4, '0')}`),
        name: fc.constant(name),
        phone: fc.constant(id.phone),
        idNumber: fc.constant(idNumber),
        fundAccount: fc.constant(id.fundAccount),
        bankCard: fc.constant(bankCard),
        branchId: fc.constantFrom('BR-SH01', 'BR-BJ01', 'BR-SZ01'),
        investorType: fc.constantFrom(...INVESTOR_TYPES),
        riskGrade: fc.constantFrom(...RISK_GRADES),
        riskAssessedAt: isoDate('2021-01-01', '2027-06-30'),
        isLowestRiskTolerance: fc.boolean(),
        birthYear: fc.constant(birthYear),
        assetTier: fc.constantFrom(...ASSET_TIERS),
        tradingYears: fc.integer({ min: 0, max: 300 }).map((t) => t / 10),
        styleTags: fc.subarray(['稳健型', '打新爱好者', '指数定投', '港股关注', '固收偏好', '科技成长']),
        holdings: fc.array(
          fc.record({
            assetClass: fc.constantFrom(...ASSET_CLASSES),
            band: fc.constantFrom(...ASSET_TIERS),
            productCode: fc.option(fc.constantFrom('WM030', 'WM180', 'WM365', 'EQ001', 'NOPE'), {
              nil: undefined,
            }),
            maturesAt: fc.option(isoDate('2026-01-01', '2027-12-31'), { nil: undefined }),
          }),
          { maxLength: 5 },
        ),
        openedBusinesses: fc.subarray([...BUSINESSES]),
        preferredLanguage: fc.constantFrom(...LANGUAGES),
        history: fc.array(contact, { maxLength: 4 }),
      });
    })
    .map((p) => {
      // Optional fields are left out rather than present as undefined, as they would be in a parsed file.
      const profile = { ...p } as CustomerProfile;
      if (profile.bankCard === undefined) delete profile.bankCard;
      profile.holdings = profile.holdings.map(
        (h) =>
          Object.fromEntries(
            Object.entries(h).filter(([, v]) => v !== undefined),
          ) as CustomerProfile['holdings'][number],
      );
      return profile;
    });
}
