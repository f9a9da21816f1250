import { describe, expect, it } from 'vitest';
import { idCheckDigit, isLuhnValid, isValidIdNumber, luhnCheckDigit } from './identity';

describe('GB 11643 identity numbers', () => {
  it('accepts published example numbers', () => {
    // The standard's worked examples.
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
    expect(idCheckDigit('11010519491231002')).toBe('X');
  });

  it('rejects a wrong check digit, an impossible birth date and a lower-case x', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('110105194902300029')).toBe(false);
    expect(isValidIdNumber('11010519491231002x')).toBe(false);
    expect(isValidIdNumber('1101051949123100')).toBe(false);
  });
});

describe('Luhn', () => {
  it('computes and checks card check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isLuhnValid('79927398713')).toBe(false); // too short for a card
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
  });
});
