/**
 * Privacy masking: customer identity, phone, ID and account numbers and exact amounts are masked by default
 * everywhere (deck, tag panel, QA replay, logs). Revealing a raw value is a separate, logged action elsewhere.
 */
import {
  assetTierOf,
  customerAge,
  type AssetTier,
  type Contact,
  type CustomerProfile,
} from '../customers/profile';
import { ELDERLY_AGE } from '../suitability/types';

declare const maskedBrand: unique symbol;
/** A string that has been through a mask function; raw values cannot be assigned to it by accident. */
export type Masked = string & { readonly [maskedBrand]: true };

const masked = (value: string): Masked => value as Masked;

/** 张三丰 → 张**: the first character, then one star for each other character. */
export function maskName(name: string): Masked {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return masked('');
  return masked(chars[0]! + '*'.repeat(Math.max(1, chars.length - 1)));
}

/** 13812348000 → 138****8000; other numbers (landlines, foreign) keep only the last four digits. */
export function maskPhone(phone: string): Masked {
  const digits = phone.replace(/\D/g, '');
  if (/^1[3-9]\d{9}$/.test(digits)) return masked(`${digits.slice(0, 3)}****${digits.slice(7)}`);
  return masked(`****${digits.slice(-4)}`);
}

/** 110101199003071234 → 1101**********1234: the province/city code and last four stay, the birth date goes. */
export function maskIdNumber(idNumber: string): Masked {
  const value = idNumber.trim().toUpperCase();
  if (value.length <= 8) return masked('*'.repeat(value.length));
  return masked(value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4));
}

/** Only the last four digits; a fixed-width prefix so that the length leaks nothing either. */
export function maskBankCard(cardNumber: string): Masked {
  return masked(`****${cardNumber.replace(/\D/g, '').slice(-4)}`);
}

export function maskFundAccount(account: string): Masked {
  return masked(`****${account.replace(/\D/g, '').slice(-4)}`);
}

/** An exact amount in yuan becomes its band, e.g. 320000 → 10-50万. */
export function maskAmount(amount: number): AssetTier {
  return assetTierOf(Number.isFinite(amount) ? amount : 0);
}

/** The customer profile with no raw PII field: what the deck, tag panel and QA replay get. */
export type MaskedProfile = Omit<
  CustomerProfile,
  'name' | 'phone' | 'idNumber' | 'fundAccount' | 'bankCard' | 'birthYear' | 'history'
> & {
  maskedName: Masked;
  maskedPhone: Masked;
  maskedIdNumber: Masked;
  maskedFundAccount: Masked;
  maskedBankCard?: Masked;
  /** Derived from the birth year; the birth date itself is PII (it is inside the ID number). */
  age: number | undefined;
  isElderly: boolean;
  history: (Omit<Contact, 'summary'> & { summary: Masked })[];
};

export function maskProfile(
  profile: CustomerProfile,
  asOf: string = new Date().toISOString().slice(0, 10),
): MaskedProfile {
  const { name, phone, idNumber, fundAccount, bankCard, birthYear: _birthYear, history, ...rest } = profile;
  const age = customerAge(profile, asOf);
  const result: MaskedProfile = {
    ...rest,
    maskedName: maskName(name),
    maskedPhone: maskPhone(phone),
    maskedIdNumber: maskIdNumber(idNumber),
    maskedFundAccount: maskFundAccount(fundAccount),
    age,
    isElderly: age !== undefined && age >= ELDERLY_AGE,
    history: history.map((contact) => ({
      ...contact,
      summary: redactText(contact.summary.replaceAll(name, maskName(name))),
    })),
  };
  if (bankCard !== undefined) result.maskedBankCard = maskBankCard(bankCard);
  return result;
}

/*
 * Free-text redaction for logs and notes. Digit runs are found with the separators people type (spaces, hyphens),
 * then read group by group: the longest run of groups shaped like a phone number (3-4-4), an ID number (6-8-4) or a
 * card number (groups of four) is masked as such, and any single group of nine digits or more is treated as an
 * account or card number. Dates and times (short groups) are left alone. Over-masking a long number in a log is
 * cheaper than leaking one.
 */
const DIGIT_RUN = /\+?\d+(?:[ -]\d+)*(?:[Xx](?![A-Za-z]))?/g;
/** Long hexadecimal tokens (hashes, ids) are not personal data and stay readable. */
const HEX_TOKEN = /^[0-9a-fA-F]{32,}$/;

const PHONE_SHAPES = ['11', '3-4-4', '3-8', '7-4'];
const ID_SHAPES = ['18', '6-8-4', '6-12', '15'];

function shapeOf(groups: readonly string[]): string {
  return groups.map((g) => g.length).join('-');
}

function isCardShape(groups: readonly string[]): boolean {
  const lengths = groups.map((g) => g.length);
  const fours = lengths.findIndex((n) => n !== 4);
  const full = fours === -1 ? lengths.length : fours;
  const tail = lengths.slice(full);
  const total = lengths.reduce((a, b) => a + b, 0);
  return (
    full >= 3 && total >= 12 && total <= 19 && (tail.length === 0 || (tail.length === 1 && tail[0]! <= 3))
  );
}

/** The masked text for groups[start..end) if they form one recognisable number, else null. */
function maskGroups(groups: readonly string[]): string | null {
  const digits = groups.join('');
  const shape = shapeOf(groups);
  const withoutCountryCode = groups[0] === '86' || groups[0] === '+86' ? groups.slice(1) : groups;
  const local = withoutCountryCode.join('');
  if (/^1[3-9]\d{9}$/.test(local) && PHONE_SHAPES.includes(shapeOf(withoutCountryCode)))
    return maskPhone(local);
  if (/^\+?(?:86)?1[3-9]\d{9}$/.test(digits) && groups.length === 1) return maskPhone(digits.slice(-11));
  if ((/^\d{17}[\dXx]$/.test(digits) || /^\d{15}$/.test(digits)) && ID_SHAPES.includes(shape))
    return maskIdNumber(digits);
  if (groups.length > 1 && /^\d+$/.test(digits) && isCardShape(groups)) return maskBankCard(digits);
  if (groups.length === 1 && digits.replace(/\D/g, '').length >= 9) return maskBankCard(digits);
  return null;
}

function redactRun(run: string): string {
  const groups = run.split(/[ -]/);
  const separators = run.match(/[ -]/g) ?? [];
  const out: string[] = [];
  let i = 0;
  while (i < groups.length) {
    let replaced: string | null = null;
    let next = i + 1;
    // Prefer the longest run of groups that forms one number.
    for (let end = Math.min(groups.length, i + 6); end > i; end--) {
      const masked = maskGroups(groups.slice(i, end));
      if (masked !== null) {
        replaced = masked;
        next = end;
        break;
      }
    }
    out.push(replaced ?? groups[i]!);
    if (next < groups.length) out.push(separators[next - 1]!);
    i = next;
  }
  return out.join('');
}

function enclosingWord(text: string, start: number, end: number): string {
  let s = start;
  let e = end;
  while (s > 0 && /[0-9A-Za-z]/.test(text[s - 1]!)) s--;
  while (e < text.length && /[0-9A-Za-z]/.test(text[e]!)) e++;
  return text.slice(s, e);
}

/** Masks phone, ID and card/account-like numbers in free text; everything else is left as it was. */
export function redactText(text: string): Masked {
  const result = text.replace(DIGIT_RUN, (run: string, offset: number) => {
    if (HEX_TOKEN.test(enclosingWord(text, offset, offset + run.length))) return run;
    return redactRun(run);
  });
  return masked(result);
}
