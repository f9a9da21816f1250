/**
 * Generates the demo customer profiles, deterministically (fixed seed, fixed reference date), so that the
 * committed customers.jsonl can be checked against this script.
 *
 *   npx tsx resources/customers/generate.ts        # rewrites resources/customers/customers.jsonl
 *
 * All people are fictional: identity numbers have valid check digits but random sequence numbers, phone and card
 * numbers are random.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { idCheckDigit, luhnCheckDigit } from '../../shared/customers/identity';
import {
  ASSET_TIERS,
  type AssetTier,
  type Contact,
  type CustomerProfile,
  type Holding,
} from '../../shared/customers/profile';
import type { Business } from '../../shared/suitability/catalog';
import type { RiskGrade } from '../../shared/suitability/types';

export const REFERENCE_DATE = '2026-11-01';
export const DEFAULT_SEED = 20261101;
export const DEFAULT_COUNT = 260;

/** mulberry32: small, fast and the same on every platform. */
function makeRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');
  return { next, int, pick, chance, weighted, digits };
}
type Random = ReturnType<typeof makeRandom>;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛'];
const GIVEN_CHARS =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华志强海燕晓东晓明春梅玉兰文博子涵雨桐浩然思远嘉怡欣怡梓萱宇轩一鸣佳琪俊杰立新永红红梅丹凤德明振华卫东秋菊'.split(
    '',
  );

const BRANCHES = [
  { id: 'BR-SH01', accountPrefix: '3101', areas: ['310115', '310104', '310110', '310112'], weight: 115 },
  { id: 'BR-BJ01', accountPrefix: '1101', areas: ['110105', '110108', '110101', '110102'], weight: 105 },
  { id: 'BR-SZ01', accountPrefix: '4403', areas: ['440304', '440305', '440303'], weight: 40 },
] as const;
/** Birthplaces of customers who moved to the branch's city. */
const MIGRANT_AREAS = [
  '320102',
  '330106',
  '420106',
  '510104',
  '370102',
  '430102',
  '610113',
  '350203',
  '210102',
  '410105',
];
const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '158',
  '159',
  '177',
  '180',
  '181',
  '182',
  '185',
  '186',
  '187',
  '188',
  '189',
  '199',
];
const CARD_BINS = [
  { bin: '621700', length: 19 },
  { bin: '622202', length: 19 },
  { bin: '622848', length: 19 },
  { bin: '621483', length: 16 },
  { bin: '622588', length: 16 },
] as const;
const STYLE_TAGS = [
  '稳健型',
  '价值投资',
  '短线交易',
  '打新爱好者',
  '指数定投',
  '高股息',
  '科技成长',
  '港股关注',
  '固收偏好',
  '量化关注',
  '新手',
];
const CONTACT_TOPICS = [
  '咨询创业板开通条件',
  '查询国债逆回购收益到账时间',
  '反馈App登录异常，已指导清除缓存',
  '询问基金赎回到账时间',
  '咨询融资融券利率与担保比例',
  '要求重置交易密码，已引导线上办理',
  '咨询新股中签缴款规则',
  '询问理财产品到期后资金去向',
  '咨询港股通交易时间与费用',
  '投诉行情刷新延迟，已登记反馈',
  '咨询风险测评过期如何重新测评',
  '查询分红到账情况',
];

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function daysFrom(reference: string, days: number): Date {
  return new Date(Date.parse(`${reference}T00:00:00Z`) + days * 86_400_000);
}

function makeName(rnd: Random): string {
  const surname = rnd.chance(0.03) ? rnd.pick(COMPOUND_SURNAMES) : rnd.pick(SURNAMES);
  const given = rnd.chance(0.3) ? rnd.pick(GIVEN_CHARS) : rnd.pick(GIVEN_CHARS) + rnd.pick(GIVEN_CHARS);
  return surname + given;
}

function makeIdNumber(rnd: Random, area: string, birthYear: number): string {
  const birth = new Date(Date.UTC(birthYear, 0, 1) + rnd.int(0, 364) * 86_400_000);
  const body = `${area}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${rnd.digits(3)}`;
  return body + idCheckDigit(body);
}

function makeBankCard(rnd: Random): string {
  const { bin, length } = rnd.pick(CARD_BINS);
  const body = bin + rnd.digits(length - bin.length - 1);
  return body + luhnCheckDigit(body);
}

function bandAtMost(rnd: Random, tier: AssetTier): AssetTier {
  return ASSET_TIERS[rnd.int(0, ASSET_TIERS.indexOf(tier))]!;
}

function makeHoldings(rnd: Random, tier: AssetTier, reference: string): Holding[] {
  const holdings: Holding[] = [{ assetClass: 'cash', band: bandAtMost(rnd, tier) }];
  if (rnd.chance(0.75)) holdings.push({ assetClass: 'equity', band: bandAtMost(rnd, tier) });
  if (rnd.chance(0.45)) holdings.push({ assetClass: 'fund', band: bandAtMost(rnd, tier) });
  if (rnd.chance(0.2)) holdings.push({ assetClass: 'bond', band: bandAtMost(rnd, tier) });
  if (rnd.chance(0.3)) {
    holdings.push({
      assetClass: 'wealth',
      band: bandAtMost(rnd, tier),
      productCode: rnd.pick(['WM030', 'WM180', 'WM365']),
      maturesAt: isoDay(daysFrom(reference, rnd.int(-10, 120))),
    });
  }
  return holdings;
}

function makeHistory(rnd: Random, reference: string): Contact[] {
  const count = rnd.weighted([
    [0, 2],
    [1, 4],
    [2, 3],
    [3, 2],
    [4, 1],
  ] as const);
  const contacts: Contact[] = [];
  for (let i = 0; i < count; i++) {
    const day = daysFrom(reference, -rnd.int(1, 700));
    const at = `${isoDay(day)}T${String(rnd.int(8, 21)).padStart(2, '0')}:${String(rnd.int(0, 59)).padStart(2, '0')}:00+08:00`;
    const outcome = rnd.weighted([
      ['resolved', 70],
      ['follow-up', 15],
      ['escalated', 8],
      ['abandoned', 7],
    ] as const);
    contacts.push({
      at,
      channel: rnd.weighted([
        ['online-chat', 60],
        ['phone', 20],
        ['app', 15],
        ['branch', 5],
      ] as const),
      summary: rnd.pick(CONTACT_TOPICS),
      outcome,
      csat:
        outcome === 'abandoned' || rnd.chance(0.3)
          ? null
          : rnd.weighted([
              [5, 50],
              [4, 30],
              [3, 12],
              [2, 5],
              [1, 3],
            ] as const),
    });
  }
  return contacts.sort((a, b) => a.at.localeCompare(b.at));
}

export function generateCustomers(
  options: { count?: number; seed?: number; referenceDate?: string } = {},
): CustomerProfile[] {
  const count = options.count ?? DEFAULT_COUNT;
  const reference = options.referenceDate ?? REFERENCE_DATE;
  const referenceYear = Number(reference.slice(0, 4));
  const rnd = makeRandom(options.seed ?? DEFAULT_SEED);
  const usedPhones = new Set<string>();
  const customers: CustomerProfile[] = [];

  for (let i = 1; i <= count; i++) {
    const branch = rnd.weighted(BRANCHES.map((b) => [b, b.weight] as const));
    // About one in seven is 70 or older on the reference date.
    const birthYear = rnd.chance(0.14)
      ? rnd.int(referenceYear - 88, referenceYear - 70)
      : rnd.int(referenceYear - 69, referenceYear - 20);
    const area = rnd.chance(0.65) ? rnd.pick(branch.areas) : rnd.pick(MIGRANT_AREAS);
    let phone: string;
    do phone = rnd.pick(PHONE_PREFIXES) + rnd.digits(8);
    while (usedPhones.has(phone));
    usedPhones.add(phone);

    const investorType = rnd.chance(0.08) ? 'professional' : 'ordinary';
    const riskGrade: RiskGrade = rnd.weighted([
      ['C1', 10],
      ['C2', 20],
      ['C3', 35],
      ['C4', 25],
      ['C5', 10],
    ] as const);
    // Only C1 investors can be in the lowest risk-tolerance category.
    const isLowestRiskTolerance = riskGrade === 'C1' && rnd.chance(0.5);
    // Roughly 15% have an assessment older than two years.
    const assessedDaysAgo = rnd.chance(0.15) ? rnd.int(732, 1500) : rnd.int(0, 700);
    const assetTier = rnd.weighted([
      ['<10万', 30],
      ['10-50万', 35],
      ['50-100万', 15],
      ['100-500万', 15],
      ['500万+', 5],
    ] as const);
    // Nobody trades before 18.
    const maxTenths = Math.max(0, (referenceYear - birthYear - 18) * 10);
    const tradingYears = rnd.chance(0.15) ? rnd.int(0, 9) / 10 : Math.min(rnd.int(10, 250), maxTenths) / 10;
    const tagCount = rnd.int(1, 3);
    const styleTags = [...new Set(Array.from({ length: tagCount }, () => rnd.pick(STYLE_TAGS)))];
    const openedBusinesses: Business[] = [];
    if (assetTier !== '<10万' && tradingYears >= 2 && rnd.chance(0.4)) openedBusinesses.push('gem');
    if (['100-500万', '500万+'].includes(assetTier) && tradingYears >= 2 && rnd.chance(0.35))
      openedBusinesses.push('star');
    if (!['<10万', '10-50万'].includes(assetTier) && rnd.chance(0.3)) openedBusinesses.push('hk-connect');
    if (!['<10万', '10-50万'].includes(assetTier) && tradingYears >= 0.5 && rnd.chance(0.25))
      openedBusinesses.push('margin');

    customers.push({
      id: `C${String(i).padStart(4, '0')}`,
      name: makeName(rnd),
      phone,
      idNumber: makeIdNumber(rnd, area, birthYear),
      fundAccount: branch.accountPrefix + String(i).padStart(4, '0') + rnd.digits(4),
      bankCard: makeBankCard(rnd),
      branchId: branch.id,
      investorType,
      riskGrade,
      riskAssessedAt: isoDay(daysFrom(reference, -assessedDaysAgo)),
      isLowestRiskTolerance,
      birthYear,
      assetTier,
      tradingYears,
      styleTags,
      holdings: makeHoldings(rnd, assetTier, reference),
      openedBusinesses,
      preferredLanguage: rnd.chance(0.08) ? 'en' : 'zh-CN',
      history: makeHistory(rnd, reference),
    });
  }
  return customers;
}

export function toJsonl(customers: readonly CustomerProfile[]): string {
  return customers.map((c) => JSON.stringify(c)).join('\n') + '\n';
}

export const CUSTOMERS_FILE = fileURLToPath(new URL('./customers.jsonl', import.meta.url));

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const customers = generateCustomers();
  writeFileSync(CUSTOMERS_FILE, toJsonl(customers));
  console.log(`wrote ${customers.length} customers to ${CUSTOMERS_FILE}`);
}
