import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The CLI as a user runs it: a separate process, real files, exit codes and output.
const cli = join(import.meta.dirname, 'cli.ts');
const dir = mkdtempSync(join(tmpdir(), 'kb-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kb(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AGENT_WORKSTATION_DATA: join(dir, 'data') },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
const good = (id: string, title: string, body: string) =>
  JSON.stringify({ id, title, body, tags: ['测试'], category: '测试', reviewer: 'ignored extra field' });

describe('kb CLI', () => {
  it('imports good files, reports bad lines with their numbers, and imports nothing from an all-bad file', () => {
    const db = join(dir, 'a.db');
    const ok = kb(
      'import',
      file('good.jsonl', [
        good('KB-1', '创业板开通条件', '创业板要求前20个交易日日均资产不低于10万元。'),
        good('KB-2', '国债逆回购', '逆回购1000元起，T+1日资金可用。'),
      ]),
      '--db',
      db,
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('2 new');

    const mixed = kb(
      'import',
      file('mixed.jsonl', [
        good('KB-3', '销户流程', '销户前需清空持仓并转出资金。'),
        '{"id": "KB-4", "title": "缺少正文", "tags": [], "category": "x"}',
        '{not json',
        '',
        good('KB-3', '重复的编号', '同一文件里第二次出现的编号。'),
        good('KB-1', '创业板开通条件', '创业板要求前20个交易日日均资产不低于10万元，交易经验24个月。'),
      ]),
      '--db',
      db,
    );
    expect(mixed.code).toBe(1);
    expect(mixed.err).toMatch(/line 2: .*body/);
    expect(mixed.err).toMatch(/line 3: .*JSON/);
    expect(mixed.err).toMatch(/line 5: .*duplicate id/);
    expect(mixed.out).toContain('1 new, 1 updated');
    expect(mixed.out).toContain('3 article(s) in the index');

    const allBad = kb('import', file('bad.jsonl', ['[]', '{"id": "x y"}']), '--db', db);
    expect(allBad.code).toBe(1);
    expect(allBad.err).toContain('line 1');
    expect(allBad.out).toContain('3 article(s) in the index');

    const search = kb('search', '销户', '--db', db, '--json');
    expect(search.code).toBe(0);
    const parsed = JSON.parse(search.out) as {
      results: { id: string; title: string; score: number }[];
      confident: boolean;
    };
    expect(parsed.results[0]).toMatchObject({ id: 'KB-3', title: '销户流程' });
    expect(Object.keys(parsed.results[0]!).sort()).toEqual(['id', 'score', 'title']);
    expect(parsed.confident).toBe(true);

    const batch = kb(
      'search',
      '--queries',
      file('q.jsonl', ['{"id":"a","q":"逆回购"}', '{"id":"b","q":"推荐个餐厅"}']),
      '--db',
      db,
      '--limit',
      '3',
    );
    const lines = batch.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; results: { id: string }[]; confident: boolean });
    expect(lines.map((l) => [l.id, l.results[0]?.id, l.confident])).toEqual([
      ['a', 'KB-2', true],
      ['b', undefined, false],
    ]);

    const evaluation = kb(
      'eval',
      file('eval.jsonl', [
        '{"id":"1","q":"创业板","relevant":["KB-1"],"also":[]}',
        '{"id":"2","q":"推荐个餐厅","relevant":[]}',
      ]),
      '--db',
      db,
      '--json',
    );
    expect(evaluation.code).toBe(0);
    expect(JSON.parse(evaluation.out)).toEqual({
      ndcg10: 1,
      recall5: 1,
      mrr: 1,
      falseConfidentRate: 0,
      queries: 2,
    });
  });

  it('creates the database in the data folder by default, and explains a missing one', () => {
    const imported = kb('import', file('one.jsonl', [good('KB-9', '佣金标准', '佣金双向收取，最低5元。')]));
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(join(dir, 'data', 'workstation.db'));

    const missing = kb('search', '佣金', '--db', join(dir, 'nope.db'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('npm run kb -- import');
  });

  it('rejects bad arguments with usage', () => {
    expect(kb('search', '佣金', '--limit', 'many').code).toBe(2);
    const unknown = kb('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Usage');
  });
});
