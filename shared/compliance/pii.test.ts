import { describe, expect, it } from 'vitest';
import { detectPii, isValidResidentId, passesLuhn } from './pii';

const digits = (s: string): number[] => [...s].map((c) => (c === 'X' ? 10 : Number(c)));
const detect = (text: string): string[] => detectPii(text, 0, text.length).map((m) => `${m.detector}:${text.slice(m.start, m.end)}`);

describe('resident ID (GB 11643)', () => {
  it('accepts a correct check digit, including X', () => {
    expect(isValidResidentId(digits('110105194912310021'.slice(0, 17) + '0'))).toBe(false);
    expect(isValidResidentId(digits('11010519491231002X'))).toBe(true);
    expect(isValidResidentId(digits('440305199003070014'))).toBe(true);
  });

  it('rejects a wrong check digit and an impossible birth date', () => {
    expect(isValidResidentId(digits('440305199003070015'))).toBe(false);
    // Valid checksum but month 13.
    expect(isValidResidentId(digits('440305199013070018'))).toBe(false);
  });

  it('finds an ID in text, with a lower-case x', () => {
    expect(detect('身份证11010519491231002x已登记')).toEqual(['cn_id_card:11010519491231002x']);
    expect(detect('身份证440305199003070015')).toEqual([]);
  });
});

describe('bank card (Luhn)', () => {
  it('checks the Luhn sum', () => {
    expect(passesLuhn(digits('6228480402564890018'))).toBe(true);
    expect(passesLuhn(digits('6228480402564890019'))).toBe(false);
  });

  it('finds a card written in groups of four', () => {
    expect(detect('卡号6228 4804 0256 4890 018')).toEqual(['bank_card:6228 4804 0256 4890 018']);
    expect(detect('卡号6228480402564890019')).toEqual([]);
  });
});

describe('mobile numbers', () => {
  it('finds plain, grouped and +86 numbers', () => {
    expect(detect('电话13800138000')).toEqual(['cn_mobile:13800138000']);
    expect(detect('电话138 0013 8000')).toEqual(['cn_mobile:138 0013 8000']);
    expect(detect('电话138-0013-8000')).toEqual(['cn_mobile:138-0013-8000']);
    expect(detect('+86 13800138000')).toEqual(['cn_mobile:86 13800138000']);
  });

  it('finds numbers written in Chinese numerals and full-width digits', () => {
    expect(detect('我的号码是一三八零零一三八零零零')).toEqual(['cn_mobile:一三八零零一三八零零零']);
    expect(detect('１３８００１３８０００')).toEqual(['cn_mobile:１３８００１３８０００']);
  });

  it('lets standard masking pass and ignores numbers glued to letters or with a wrong prefix', () => {
    expect(detect('手机138****8000')).toEqual([]);
    expect(detect('订单TX13800138000')).toEqual([]);
    expect(detect('编号12800138000')).toEqual([]);
  });

  it('separates a phone from an ID number next to it', () => {
    expect(detect('11010519491231002X 13800138000')).toEqual(['cn_id_card:11010519491231002X', 'cn_mobile:13800138000']);
  });
});
