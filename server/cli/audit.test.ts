import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../audit/ledger';
import { migration } from '../db/migrations/003_audit_ledger';
import { runAuditCli } from './audit';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = fileURLToPath(new URL('./audit.ts', import.meta.url));
let dir: string;

/** Runs the real CLI the way `npm run audit --` does, in a child process. */
function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cliPath, ...args],
      { cwd: repoRoot, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

function makeLedgerDb(name: string, rows: number): string {
  const path = join(dir, name);
  const db = new Database(path);
  migration.up(db);
  for (let i = 1; i <= rows; i++) {
    appendAudit(db, {
      actor: 'A007',
      kind: 'suitability.decision',
      subject: `T-${i}`,
      payload: { i },
      at: `2026-06-0${i}T12:00:00+08:00`,
    });
  }
  db.close();
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit CLI (spawned)', () => {
  it('verifies an intact ledger with its row count', async () => {
    const db = makeLedgerDb('good.db', 5);
    const result = await spawnCli(['verify', '--db', db]);
    expect(result.stdout).toMatch(/^OK: 5 rows/);
    expect(result.code).toBe(0);
  });

  it('reports the first broken row and exits 1', async () => {
    const path = makeLedgerDb('tampered.db', 5);
    const db = new Database(path);
    db.exec("DROP TRIGGER audit_ledger_no_update; UPDATE audit_ledger SET subject = 'T-999' WHERE seq = 2;");
    db.close();
    const result = await spawnCli(['verify', '--db', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('BROKEN at row 2');
  });

  it('exports a date range as JSON Lines to a file', async () => {
    const db = makeLedgerDb('export.db', 6);
    const out = join(dir, 'export.jsonl');
    const result = await spawnCli([
      'export',
      '--from',
      '2026-06-02',
      '--to',
      '2026-06-04',
      '--db',
      db,
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('exported 3 rows');
    const lines = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; payload: unknown });
    expect(lines.map((l) => l.seq)).toEqual([2, 3, 4]);
    expect(lines[0]!.payload).toEqual({ i: 2 });
  });

  it('fails clearly when the database does not exist', async () => {
    const result = await spawnCli(['verify', '--db', join(dir, 'nope.db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('database not found');
  });
});

describe('runAuditCli', () => {
  const run = (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runAuditCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('writes JSON Lines to stdout without --out', () => {
    const db = makeLedgerDb('stdout.db', 3);
    const result = run(['export', '--from', '2026-06-01', '--to', '2026-06-01', '--db', db]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ seq: 1, kind: 'suitability.decision', payload: { i: 1 } });
  });

  it('refuses a database without the audit table', () => {
    const path = join(dir, 'other.db');
    new Database(path).exec('CREATE TABLE t (x)');
    const result = run(['verify', '--db', path]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('no audit_ledger table');
  });

  it('refuses a file that is not a database', () => {
    const path = join(dir, 'text.db');
    writeFileSync(path, 'hello, this is not sqlite at all, but long enough to look like a header');
    const result = run(['verify', '--db', path]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/not a readable SQLite database|cannot open/);
  });

  it.each([
    [[], 'no command given'],
    [['check'], 'unknown command "check"'],
    [['export', '--to', '2026-06-01'], '--from is required'],
    [['export', '--from', '2026-13-01', '--to', '2026-06-01'], '--from must be an ISO date'],
    [['verify', '--from', '2026-06-01'], 'verify takes only --db'],
    [['verify', '--dbb', 'x'], "Unknown option '--dbb'"],
  ])('rejects %j with a clear message', (argv, message) => {
    const result = run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(message);
    expect(result.err).toContain('usage:');
  });
});
