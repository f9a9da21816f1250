import { describe, expect, it } from 'vitest';
import { createComplianceEngine } from './engine';
import { shippedEngine as engine, shippedRuleSet } from './testRules';
import type { RuleSet } from './types';

const rulesHit = (text: string): string[] => engine.check(text).hits.map((h) => h.ruleId);
const verdict = (text: string): string => engine.check(text).verdict;

describe('rule families in the shipped rule set', () => {
  it.each([
    ['这款产品保本保收益，放心买。', 'guarantee_return', 'block'],
    ['保证收益率达到6%，到期还本。', 'guarantee_return', 'block'],
    ['亏了算我的。', 'guarantee_return', 'block'],
    ['建议您满仓干。', 'induce_trading', 'warn'],
    ['机不可失，赶紧买入。', 'induce_trading', 'warn'],
    ['这只股票明天涨停。', 'stock_tip', 'block'],
    ['建议买入600036。', 'stock_tip', 'block'],
    ['这只票月底前一定能翻倍。', 'stock_tip', 'block'],
    ['XX证券很垃圾。', 'disparage_peer', 'block'],
    ['我们吊打同行。', 'disparage_peer', 'warn'],
    ['请把验证码发给我。', 'privacy_leak', 'block'],
    ['后续加我微信联系。', 'off_platform', 'block'],
    ['钱私下转账给我。', 'off_platform', 'block'],
    ['开户佣金全免。', 'fee_promise', 'warn'],
    ['佣金可以做到万1.2。', 'fee_promise', 'warn'],
    ['这个不用做风险测评。', 'unsuitable_push', 'block'],
  ])('%s → %s (%s)', (text, category, severity) => {
    const result = engine.check(text);
    expect(result.verdict).toBe(severity);
    expect(result.hits.map((h) => h.category)).toContain(category);
  });

  it('gives each hit its reason and a compliant alternative in both languages', () => {
    const [hit] = engine.check('稳赚不赔').hits;
    expect(hit).toMatchObject({ ruleId: 'guarantee.no_loss', category: 'guarantee_return', severity: 'block', start: 0, end: 4, matched: '稳赚不赔' });
    expect(hit!.reason.zh).toMatch(/证券法/);
    expect(hit!.reason.en.length).toBeGreaterThan(10);
    expect(hit!.alternative.zh.length).toBeGreaterThan(5);
    expect(hit!.alternative.en.length).toBeGreaterThan(5);
  });

  it('reports the longest claim once instead of each phrase inside it', () => {
    expect(rulesHit('保本保收益')).toEqual(['guarantee.principal']);
    expect(engine.check('保本保收益').hits[0]!.matched).toBe('保本保收益');
  });

  it('lets innocent terms from the allow list pass (保本价 = break-even price)', () => {
    expect(verdict('您这只股票的保本价约为12.35元。')).toBe('pass');
    expect(verdict('无风险利率参考国债收益率。')).toBe('pass');
    expect(verdict('这只股票保本了吗？保本价12元。')).toBe('block');
  });

  it('warns on regular text with nothing in it only when something matches', () => {
    expect(engine.check('您好，很高兴为您服务。')).toEqual({ verdict: 'pass', hits: [] });
    expect(engine.check('')).toEqual({ verdict: 'pass', hits: [] });
  });
});

describe('negation', () => {
  it.each([
    '不保本',
    '非保本浮动收益型产品',
    '我们不能承诺收益',
    '稳赚不赔的产品是不存在的',
    '不存在保本保收益',
    '谨防所谓内幕消息',
    '严禁员工向客户承诺收益或推荐个股',
    '请警惕冒充工作人员推荐内幕消息、要求私下转账的行为',
    '不建议您满仓',
    '货币基金风险较低，但并非没有风险',
    '任何人让您私下转账都要提高警惕',
    '股市有风险,没有人能保证明天一定涨',
    '谁也不能保证这只基金一定会涨',
  ])('%s passes', (text) => {
    expect(engine.check(text)).toEqual({ verdict: 'pass', hits: [] });
  });

  it('still blocks the promise when the speaker is the one guaranteeing it', () => {
    expect(verdict('我能保证明天一定涨')).toBe('block');
    expect(verdict('没有人比我们更懂,明天一定涨')).toBe('block');
  });

  it('treats a double negation as a claim', () => {
    expect(verdict('不是不能保本')).toBe('block');
    expect(verdict('没有不保本的')).toBe('block');
  });

  it('does not count the 不 that belongs to the phrase itself', () => {
    expect(verdict('稳赚不赔')).toBe('block');
    expect(verdict('我们不收佣金')).toBe('warn');
  });

  it('does not let a negator reach past a comma, or a previous claim act as a negator', () => {
    expect(verdict('不，保本保收益')).toBe('block');
    expect(rulesHit('稳赚不赔包赚')).toEqual(['guarantee.no_loss', 'guarantee.no_loss']);
  });

  it('ignores words that only look like negators (不少, 非常, 未来, 毫无疑问)', () => {
    expect(verdict('不少客户都说稳赚')).toBe('block');
    expect(verdict('非常稳赚')).toBe('block');
    expect(verdict('未来肯定涨')).toBe('block');
    expect(verdict('毫无疑问保本')).toBe('block');
  });

  it('keeps disparaging a peer a violation even when negated (rule not negatable)', () => {
    expect(verdict('不是我说，XX证券很垃圾')).toBe('block');
  });
});

describe('evasions', () => {
  it.each([
    ['ＢＡＯ本保收益', '全角'],
    ['穩賺不賠', 'traditional'],
    ['內幕消息', 'traditional'],
    ['保 本 保 收 益', 'spaces'],
    ['稳.赚.不.赔', 'dots'],
    ['零\u200b风\u200b险', 'zero-width'],
    ['内*幕*消*息', 'asterisks'],
    ['bao本', 'pinyin fragment'],
    ['baoben', 'pinyin'],
    ['保ben', 'pinyin fragment'],
    ['稳zhuan不赔', 'pinyin fragment'],
    ['包赚', 'homophone'],
    ['稳挣', 'homophone'],
    ['加我薇信', 'homophone'],
    ['加我V信', 'letter'],
    ['0风险', 'digit'],
  ])('%s (%s) is caught', (text) => {
    expect(verdict(text)).toBe('block');
  });

  it('does not flag short Latin fragments inside English words', () => {
    expect(verdict('The bank and the fund are both regulated.')).toBe('pass');
  });
});

describe('span mapping to the original text', () => {
  it('spans the inserted separators of an evasion', () => {
    const text = '您好！这款 保 . 本\u200b 产品';
    const [hit] = engine.check(text).hits;
    expect(text.slice(hit!.start, hit!.end)).toBe('保 . 本');
    expect(hit!.matched).toBe('保 . 本');
  });

  it('maps hits after earlier sentences, traditional and full-width text', () => {
    const text = '第一句。第二句，ＢＡＯ本產品！穩賺不賠。';
    const hits = engine.check(text).hits;
    expect(hits.map((h) => text.slice(h.start, h.end))).toEqual(['ＢＡＯ本', '穩賺不賠']);
  });

  it('maps PII spans and regex spans', () => {
    const text = '电话：138 0013 8000；年化收益保证8.5%。';
    const hits = engine.check(text).hits;
    expect(hits.map((h) => [h.ruleId, text.slice(h.start, h.end)])).toEqual([
      ['pii.mobile', '138 0013 8000'],
      ['guarantee.return_rate', '年化收益保证8.5%'],
    ]);
  });

  it('counts astral characters as two code units like the editor does', () => {
    const text = '𠀀😀稳赚';
    const [hit] = engine.check(text).hits;
    expect([hit!.start, hit!.end]).toEqual([4, 6]);
  });
});

describe('personal data', () => {
  it('blocks a full ID or card number and warns on a phone; masked numbers pass', () => {
    expect(rulesHit('身份证11010519491231002X')).toEqual(['pii.id_card']);
    expect(rulesHit('卡号6228480402564890018')).toEqual(['pii.bank_card']);
    expect(verdict('卡号6228480402564890018')).toBe('block');
    expect(verdict('电话一三八零零一三八零零零')).toBe('warn');
    expect(verdict('已发送至138****8000')).toBe('pass');
    expect(verdict('身份证440305199003070015')).toBe('pass');
  });
});

describe('rule-set features', () => {
  const minimal = (overrides: Partial<RuleSet> = {}): RuleSet => ({
    ...shippedRuleSet,
    variants: {},
    allow: [],
    rules: [
      {
        id: 'demo.phrase',
        category: 'guarantee_return',
        severity: 'warn',
        reason: { zh: '理由', en: 'reason' },
        alternative: { zh: '替代', en: 'alternative' },
        phrases: ['稳赚'],
        patterns: [],
        negatable: true,
        variants: true,
      },
    ],
    ...overrides,
  });

  it('expands phrases only with the variants table of the rule set', () => {
    expect(createComplianceEngine(minimal()).check('稳挣').verdict).toBe('pass');
    expect(createComplianceEngine(minimal({ variants: { 赚: ['挣'] } })).check('稳挣').verdict).toBe('warn');
  });

  it('honours a rule that opts out of variants', () => {
    const ruleSet = minimal({ variants: { 赚: ['挣'] } });
    ruleSet.rules[0]!.variants = false;
    expect(createComplianceEngine(ruleSet).check('稳挣').verdict).toBe('pass');
  });
});
