import { describe, expect, it } from 'vitest';
import { AppFailure } from '../result';
import { buildCatalogue, classifyConversation, DEFAULT_SKILL_GROUPS, parseCatalogueJson, scoreMessage } from './classify';

const group = (firstMessage: string, extra: { entryPoint?: string; language?: string } = {}) =>
  classifyConversation({ firstMessage, ...extra }).skillGroup;

describe('classifyConversation with the shipped catalogue', () => {
  it.each([
    ['你好,我想开通创业板', '开户'], // opening a permission is account services
    ['我想开通港股通,需要什么条件?', '开户'],
    ['请问怎么开通融资融券', '开户'],
    ['忘记交易密码了怎么重置', '开户'],
    ['创业板的股票为什么买不进去,一直是废单', '交易'],
    ['今天的新股中签了吗?什么时候缴款', '交易'],
    ['我的两融账户维持担保比例低于130%了,会被强平吗', '两融'],
    ['开通两融以后担保比例不够会不会平仓', '两融'], // mostly about the ongoing business
    ['有没有稳健一点的理财产品推荐?', '理财'],
    ['我买的基金怎么赎回', '理财'],
    ['港股通今天交易吗?港币汇率怎么算', '港股通'],
    ['你好', '开户'], // nothing to go on: the default desk
  ])('%s → %s', (message, expected) => {
    expect(group(message)).toBe(expected);
  });

  it('normalises full-width letters, case, spaces and traditional characters', () => {
    expect(group('ＥＴＦ怎么买?')).toBe('交易');
    expect(group('我 想 開 戶')).toBe('开户');
    expect(classifyConversation({ firstMessage: '港 股 通 每手多少股' }).reason).toMatchObject({ kind: 'keywords', matched: expect.arrayContaining(['港股通']) });
  });

  it('sends English text to the English desk, including full-width Latin', () => {
    expect(classifyConversation({ firstMessage: 'Hi, I would like to open an account' })).toEqual({ skillGroup: 'english', reason: { kind: 'englishText' } });
    expect(group('Ｈｅｌｌｏ')).toBe('english');
    expect(group('可以说英文吗')).toBe('english');
  });

  it('lets the entry point chosen on the chat page win over the message', () => {
    expect(classifyConversation({ entryPoint: 'margin', firstMessage: '我想开户' })).toEqual({ skillGroup: '两融', reason: { kind: 'entryPoint', entryPoint: 'margin' } });
    expect(group('hello', { entryPoint: '理财' })).toBe('理财');
    // An unknown entry point is ignored rather than trusted.
    expect(group('我想开户', { entryPoint: 'vip-lounge' })).toBe('开户');
  });

  it('uses the browser language only when the message says nothing', () => {
    expect(classifyConversation({ firstMessage: '', language: 'en-US' })).toEqual({ skillGroup: 'english', reason: { kind: 'language', language: 'en-US' } });
    expect(group('你好,请问理财', { language: 'en-US' })).toBe('理财');
    expect(classifyConversation({ language: 'zh-CN' }).reason).toEqual({ kind: 'default' });
  });

  it('does not count a keyword again inside a longer one', () => {
    const margin = scoreMessage('融资融券', DEFAULT_SKILL_GROUPS).find((s) => s.group === '两融');
    expect(margin?.matched).toEqual(['融资融券']);
  });
});

describe('catalogue validation', () => {
  const minimal = {
    version: 1,
    defaultGroup: 'a',
    englishGroup: 'b',
    groups: [
      { id: 'a', slug: 'a', name: { zh: '甲', en: 'A' }, entryPoints: [], keywords: ['开户'] },
      { id: 'b', slug: 'b', name: { zh: '乙', en: 'B' }, entryPoints: [], keywords: [{ term: '理财', weight: 3 }] },
    ],
  };

  it('accepts a minimal catalogue and uses explicit weights', () => {
    const cat = buildCatalogue(minimal);
    expect(scoreMessage('理财', cat).find((s) => s.group === 'b')?.score).toBe(3);
  });

  it('names the bad field', () => {
    expect(() => buildCatalogue({ ...minimal, defaultGroup: 'zzz' })).toThrowError(/defaultGroup: "zzz" is not a listed group/);
    expect(() => buildCatalogue({ ...minimal, groups: [...minimal.groups, minimal.groups[0]] })).toThrowError(/groups\.2\.id: duplicate/);
  });

  it('reports JSON syntax errors with the parser position', () => {
    try {
      parseCatalogueJson('{\n  "version": 1,\n  oops\n}', 'custom.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppFailure);
      expect((e as Error).message).toMatch(/custom\.json is not valid JSON: .*line 3/);
    }
  });
});
