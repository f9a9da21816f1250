import { describe, expect, it } from 'vitest';
import { NormalizedBuffer, normalizeRange, normalizeText } from './normalize';

function normalizeWithOrigin(text: string): { normalized: string; origin: number[] } {
  const buffer = new NormalizedBuffer();
  normalizeRange(text, 0, text.length, buffer);
  return { normalized: buffer.toString(), origin: Array.from(buffer.origin.subarray(0, buffer.length)) };
}

describe('normalizeText', () => {
  it('turns full-width letters and digits into lower-case half-width', () => {
    expect(normalizeText('ＢＡＯ本１２３％')).toBe('bao本123%');
  });

  it('converts traditional characters to simplified', () => {
    expect(normalizeText('穩賺不賠，內幕消息，證券')).toBe('稳赚不赔内幕消息证券');
  });

  it('drops spaces, punctuation, symbols and zero-width characters inserted inside words', () => {
    expect(normalizeText('保 本\u200b保*收-益\u2060！')).toBe('保本保收益');
    expect(normalizeText('稳😀赚')).toBe('稳赚');
  });

  it('keeps a decimal point only between digits', () => {
    expect(normalizeText('收益率8.5%。')).toBe('收益率8.5%');
    expect(normalizeText('稳.赚')).toBe('稳赚');
  });

  it('expands compatibility characters and keeps astral ideographs', () => {
    expect(normalizeText('㍻')).toBe('平成');
    expect(normalizeText('𠀀字')).toBe('𠀀字');
  });
});

describe('normalizeRange origin map', () => {
  it('maps every normalised unit back to its original index', () => {
    const text = '请 加\u200b我 微．信';
    const { normalized, origin } = normalizeWithOrigin(text);
    expect(normalized).toBe('请加我微信');
    expect(origin.map((i) => text[i])).toEqual(['请', '加', '我', '微', '信']);
  });

  it('maps expanded characters to the one original character', () => {
    const { normalized, origin } = normalizeWithOrigin('a㍻b');
    expect(normalized).toBe('a平成b');
    expect(origin).toEqual([0, 1, 1, 2]);
  });
});
