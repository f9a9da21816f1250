import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = fileURLToPath(new URL('./compliance.ts', import.meta.url));
let dir: string;

/** Runs the real CLI the way `npm run compliance --` does, in a child process. */
function spawnCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, ['--import', 'tsx', cliPath, ...args], { cwd: repoRoot, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

const jsonLines = (stdout: string): unknown[] => stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'compliance-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compliance check', () => {
  it('prints one verdict per line, reports a malformed line and goes on', async () => {
    const input = join(dir, 'drafts.jsonl');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a', text: '这款产品保本保收益', agent: 'A007' }),
        '{"id": "broken", "text": ',
        JSON.stringify({ id: 7, text: '您好，请问有什么可以帮您？' }),
        JSON.stringify({ id: 'c' }),
        '',
        JSON.stringify({ id: 'd', text: '开户佣金全免，电话13800138000' }),
      ].join('\n'),
    );
    const { code, stdout, stderr } = await spawnCli(['check', input]);
    expect(code).toBe(1);
    const lines = jsonLines(stdout);
    expect(lines).toEqual([
      { id: 'a', verdict: 'block', hits: [{ rule: 'guarantee.principal', category: 'guarantee_return', severity: 'block', start: 4, end: 9 }] },
      { line: 2, error: expect.stringMatching(/invalid JSON/) },
      { id: 7, verdict: 'pass', hits: [] },
      { line: 4, error: expect.stringMatching(/text/) },
      {
        id: 'd',
        verdict: 'warn',
        hits: [
          { rule: 'fee.zero_or_lowest', category: 'fee_promise', severity: 'warn', start: 2, end: 6 },
          { rule: 'pii.mobile', category: 'privacy_leak', severity: 'warn', start: 9, end: 20 },
        ],
      },
    ]);
    expect(stderr).toMatch(/line 2: invalid JSON/);
    expect(stderr).toMatch(/line 4:/);
  });

  it('uses another rule set given with --rules and explains an invalid one', async () => {
    const shipped = JSON.parse(readFileSync(join(repoRoot, 'resources/compliance/rules.json'), 'utf8')) as { rules: { phrases?: string[] }[] };
    shipped.rules[0]!.phrases = [...(shipped.rules[0]!.phrases ?? []), '火箭发射'];
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, JSON.stringify(shipped));
    const input = join(dir, 'one.jsonl');
    writeFileSync(input, JSON.stringify({ id: 'x', text: '火箭发射' }) + '\n');
    const ok = await spawnCli(['check', input, '--rules', rules]);
    expect(ok.code).toBe(0);
    expect(jsonLines(ok.stdout)).toEqual([{ id: 'x', verdict: 'block', hits: [expect.objectContaining({ rule: 'guarantee.principal' })] }]);

    shipped.rules[0]!.phrases = ['好'];
    writeFileSync(rules, JSON.stringify(shipped));
    const bad = await spawnCli(['check', input, '--rules', rules]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/rules\[0\] \(id "guarantee\.principal"\)\.phrases\[0\]/);
  });

  it('rejects a missing file and an unknown command with exit code 2', async () => {
    const missing = await spawnCli(['check', join(dir, 'nope.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/input file not found/);
    const unknown = await spawnCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/usage: compliance <check\|evaluate\|suitability>/);
  });
});

describe('compliance evaluate', () => {
  it('prints precision and recall for the shipped samples', async () => {
    const { code, stdout } = await spawnCli(['evaluate']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/block precision: \d+\.\d%/);
    expect(stdout).toMatch(/block recall: +\d+\.\d%/);
    expect(stdout).toMatch(/clean drafts wrongly warned or blocked: \d+\.\d%/);
  });
});
