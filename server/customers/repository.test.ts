import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerAge } from '../../shared/customers/profile';
import {
  CUSTOMERS_FILE,
  generateCustomers,
  REFERENCE_DATE,
  toJsonl,
} from '../../resources/customers/generate';
import { migration } from '../db/migrations/005_customers';
import { getCustomer, importCustomersJsonl, listCustomersByBranch, upsertCustomers } from './repository';

const shippedText = readFileSync(CUSTOMERS_FILE, 'utf8');
const shipped = generateCustomers();

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  migration.up(db);
});
afterEach(() => db.close());

describe('shipped customers.jsonl', () => {
  it('is exactly what generate.ts produces (regenerate with npx tsx resources/customers/generate.ts)', () => {
    expect(shippedText).toBe(toJsonl(shipped));
  });

  it('imports without a single rejected line', () => {
    const report = importCustomersJsonl(db, shippedText);
    expect(report.errors).toEqual([]);
    expect(report.imported).toBeGreaterThanOrEqual(240);
  });

  it('has the mix the demo needs', () => {
    const branches = new Set(shipped.map((c) => c.branchId));
    expect([...branches].sort()).toEqual(['BR-BJ01', 'BR-SH01', 'BR-SZ01']);
    const count = (pred: (c: (typeof shipped)[number]) => boolean) => shipped.filter(pred).length;
    expect(count((c) => (customerAge(c, REFERENCE_DATE) ?? 0) >= 70)).toBeGreaterThanOrEqual(10);
    expect(count((c) => c.riskAssessedAt < '2024-11-01')).toBeGreaterThanOrEqual(10);
    expect(count((c) => c.isLowestRiskTolerance)).toBeGreaterThanOrEqual(5);
    expect(count((c) => c.preferredLanguage === 'en')).toBeGreaterThanOrEqual(5);
    expect(count((c) => c.investorType === 'professional')).toBeGreaterThanOrEqual(5);
    expect(new Set(shipped.map((c) => c.phone)).size).toBe(shipped.length);
    expect(new Set(shipped.map((c) => c.idNumber)).size).toBe(shipped.length);
  });
});

describe('customers repository', () => {
  it('stores, reads back and lists by branch', () => {
    const [a, b, c] = shipped.filter((x) => x.branchId === 'BR-SH01');
    const bj = shipped.find((x) => x.branchId === 'BR-BJ01')!;
    expect(upsertCustomers(db, [c!, a!, bj, b!])).toBe(4);
    expect(getCustomer(db, a!.id)).toEqual(a);
    expect(getCustomer(db, 'C9999')).toBeUndefined();
    expect(listCustomersByBranch(db, 'BR-SH01').map((x) => x.id)).toEqual([a!.id, b!.id, c!.id]);
    expect(listCustomersByBranch(db, 'BR-BJ01')).toEqual([bj]);
  });

  it('replaces a profile on upsert and moves it between branches', () => {
    const one = shipped[0]!;
    upsertCustomers(db, [one], new Date('2026-01-01T00:00:00Z'));
    upsertCustomers(db, [{ ...one, branchId: 'BR-SZ01', riskGrade: 'C5' }], new Date('2026-02-01T00:00:00Z'));
    expect(getCustomer(db, one.id)).toMatchObject({ branchId: 'BR-SZ01', riskGrade: 'C5' });
    expect(listCustomersByBranch(db, one.branchId).some((x) => x.id === one.id)).toBe(
      one.branchId === 'BR-SZ01',
    );
    expect(db.prepare('SELECT updated_at FROM customers WHERE id = ?').pluck().get(one.id)).toBe(
      '2026-02-01T00:00:00.000Z',
    );
  });

  it('refuses an invalid profile and writes none of the batch', () => {
    const [a, b] = shipped;
    expect(() => upsertCustomers(db, [a!, { ...b!, phone: '12345' }])).toThrow();
    expect(getCustomer(db, a!.id)).toBeUndefined();
  });
});

describe('importCustomersJsonl', () => {
  it('imports the good lines and reports each bad one by line number', () => {
    const [a, b, c] = shipped.map((x) => JSON.stringify(x));
    const badId = JSON.stringify({
      ...shipped[3]!,
      idNumber: shipped[3]!.idNumber.slice(0, 17) + (shipped[3]!.idNumber.endsWith('1') ? '2' : '1'),
    });
    const extraField = JSON.stringify({ ...shipped[4]!, nickname: 'x' });
    const text = [a, '{oops', '', b, badId, a, extraField, c].join('\n');
    const report = importCustomersJsonl(db, text);
    expect(report.imported).toBe(3);
    expect(report.errors.map((e) => e.line)).toEqual([2, 5, 6, 7]);
    expect(report.errors[0]!.message).toContain('invalid JSON');
    expect(report.errors[1]!.message).toContain('idNumber');
    expect(report.errors[2]!.message).toContain('duplicate customer id');
    expect(report.errors[3]!.message).toContain('nickname');
    expect(getCustomer(db, shipped[2]!.id)).toEqual(shipped[2]);
  });

  it('writes nothing when the transaction fails part-way', () => {
    db.exec(
      `CREATE TRIGGER fail_on_second BEFORE INSERT ON customers WHEN NEW.id = '${shipped[1]!.id}' BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
    );
    const text = toJsonl(shipped.slice(0, 3));
    expect(() => importCustomersJsonl(db, text)).toThrow(/disk full/);
    expect(db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(0);
  });
});
