import { describe, expect, it } from 'vitest';
import { customerTitle, fillPhrase, phrasesFor, searchPhrases } from './quickPhrases';

describe('quick phrase data', () => {
  it.each(['zh-CN', 'en'] as const)('%s has at least 30 phrases with unique ids and only known variables', (locale) => {
    const phrases = phrasesFor(locale);
    expect(phrases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(phrases.map((p) => p.id)).size).toBe(phrases.length);
    for (const p of phrases) {
      expect(p.title.trim()).not.toBe('');
      expect(p.keywords.length).toBeGreaterThan(0);
      const filled = fillPhrase(p.text, { customerTitle: 'C', agentName: 'A' });
      expect(filled, p.id).not.toMatch(/\{[^}]*\}/);
    }
  });

  it('offers the same phrases in both languages', () => {
    expect(phrasesFor('en').map((p) => p.id)).toEqual(phrasesFor('zh-CN').map((p) => p.id));
  });
});

describe('fillPhrase', () => {
  it('fills Chinese and English variable names and leaves unknown ones visible', () => {
    const vars = { customerTitle: '张先生/女士', agentName: '小李' };
    expect(fillPhrase('{称呼}您好，我是{坐席姓名}', vars)).toBe('张先生/女士您好，我是小李');
    expect(fillPhrase('Hi {customerTitle}, {agentName} here {unknown}', vars)).toBe('Hi 张先生/女士, 小李 here {unknown}');
    const en = { customerTitle: 'valued customer', agentName: 'Li' };
    expect(fillPhrase('{customerTitle}, wait. {customerTitle} again, dear {customerTitle}', en)).toBe('Valued customer, wait. Valued customer again, dear valued customer');
  });
});

describe('customerTitle', () => {
  it('addresses by surname from the masked name, with a polite fallback', () => {
    expect(customerTitle('张**', 'zh-CN')).toBe('张先生/女士');
    expect(customerTitle('**', 'zh-CN')).toBe('尊敬的客户');
    expect(customerTitle('访客1660', 'zh-CN')).toBe('尊敬的客户');
    expect(customerTitle('欧阳**', 'zh-CN')).toBe('尊敬的客户'); // compound surname or unusual mask: never guess
    expect(customerTitle('Smith ***', 'en')).toBe('Mr./Ms. Smith');
    expect(customerTitle('王*', 'en')).toBe('Mr./Ms. 王');
    expect(customerTitle('', 'en')).toBe('valued customer');
  });
});

describe('searchPhrases', () => {
  it('finds by keyword and ranks title/keyword hits above body hits', () => {
    const zh = phrasesFor('zh-CN');
    const hits = searchPhrases(zh, '密码');
    expect(hits.length).toBeGreaterThan(1);
    expect(hits[0]!.keywords.join() + hits[0]!.title).toContain('密码');
    expect(searchPhrases(zh, '两融 开通').map((p) => p.id)).toEqual(['margin-threshold']);
    expect(searchPhrases(zh, 'zzzz-no-such')).toEqual([]);
    expect(searchPhrases(zh, '  ')).toHaveLength(zh.length);
  });
});
