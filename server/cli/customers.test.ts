import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCustomers, toJsonl } from '../../resources/customers/generate';
import { getCustomer, listCustomersByBranch } from '../customers/repository';
import { runCustomersCli } from './customers';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'customers-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const customers = generateCustomers({ count: 12 });

function run(argv: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const opened: string[] = [];
  const code = runCustomersCli(argv, {
    openDb: (path) => {
      opened.push(path);
      // Never touch the real default database from a test.
      return new Database(path === './data/hub.db' ? ':memory:' : path);
    },
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error('ENOENT: no such file');
      return text;
    },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n'), opened };
}

describe('customers import', () => {
  it('creates the table when missing and imports every line', () => {
    const dbPath = join(dir, 'hub.db');
    const result = run(['import', 'c.jsonl', '--db', dbPath], { 'c.jsonl': toJsonl(customers) });
    expect(result).toMatchObject({ code: 0, out: `imported 12 customers into ${dbPath}` });
    const db = new Database(dbPath, { readonly: true });
    expect(getCustomer(db, 'C0007')).toEqual(customers[6]);
    expect(listCustomersByBranch(db, customers[0]!.branchId).length).toBeGreaterThan(0);
    db.close();
  });

  it('imports again into an existing table, replacing profiles', () => {
    const dbPath = join(dir, 'hub.db');
    const changed = customers.map((c) => ({ ...c, styleTags: ['稳健型'] }));
    expect(run(['import', 'c.jsonl', '--db', dbPath], { 'c.jsonl': toJsonl(changed) }).code).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    expect(getCustomer(db, 'C0001')?.styleTags).toEqual(['稳健型']);
    db.close();
  });

  it('lists rejected lines and exits 1, keeping the good ones', () => {
    const dbPath = join(dir, 'partial.db');
    const text = `${JSON.stringify(customers[0])}\nnot json\n${JSON.stringify({ ...customers[1], riskGrade: 'C6' })}\n`;
    const result = run(['import', 'p.jsonl', '--db', dbPath], { 'p.jsonl': text });
    expect(result.code).toBe(1);
    expect(result.out).toContain('imported 1 customers');
    expect(result.err).toContain('line 2: invalid JSON');
    expect(result.err).toContain('line 3: riskGrade');
  });

  it('uses ./data/hub.db by default', () => {
    const result = run(['import', 'missing.jsonl']);
    expect(result.opened).toEqual([]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('cannot read missing.jsonl');
    const ok = run(['import', 'x.jsonl'], { 'x.jsonl': '' });
    expect(ok.opened).toEqual(['./data/hub.db']);
  });

  it.each([
    [[], 'the only command is "import"'],
    [['export', 'x'], 'the only command is "import"'],
    [['import'], 'import needs a FILE.jsonl'],
    [['import', 'a', 'b'], 'unexpected argument "b"'],
    [['import', 'a', '--database', 'x'], "Unknown option '--database'"],
  ])('rejects %j', (argv, message) => {
    const result = run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err).toContain('usage:');
  });
});
