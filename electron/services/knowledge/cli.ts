/**
 * Knowledge base CLI over the workstation's local database (npm run kb -- …).
 *   import FILE.jsonl [--db PATH]
 *   search "QUERY" [--db PATH] [--limit 10] [--json] | search --queries FILE.jsonl [--db PATH] [--limit 10]
 *   eval QUERIES.jsonl [--db PATH] [--json]
 * Exit codes: 0 ok, 1 some input lines rejected, 2 usage error or missing database.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { openLocalDb, type LocalDb } from '../local/open';
import { defaultDataDir } from '../paths';
import { evalQuerySchema, evaluate, type EvalQuery } from './evaluate';
import { hasKnowledgeTables, KnowledgeIndex, knowledgeLocalMigration } from './index';
import { parseImportFile, toArticles } from './importFile';

const USAGE = `用法 / Usage:
  npm run kb -- import FILE.jsonl [--db PATH]
  npm run kb -- search "QUERY" [--db PATH] [--limit 10] [--json]
  npm run kb -- search --queries FILE.jsonl [--db PATH] [--limit 10]
  npm run kb -- eval QUERIES.jsonl [--db PATH] [--json]
--db 默认 / defaults to $AGENT_WORKSTATION_DATA or the app's data folder, + /workstation.db`;

class UsageError extends Error {}

const optionsSchema = z.object({
  db: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  json: z.boolean().default(false),
  queries: z.string().min(1).optional(),
});
type Options = z.infer<typeof optionsSchema>;

function parseArgs(argv: string[]): { command: string; positional: string[]; options: Options } {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h')
    throw new UsageError('缺少命令 / Missing command');
  const positional: string[] = [];
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') raw.json = true;
    else if (arg === '--db' || arg === '--limit' || arg === '--queries') {
      const value = rest[++i];
      if (value === undefined || value.startsWith('--'))
        throw new UsageError(`${arg} 需要一个值 / ${arg} needs a value`);
      raw[arg.slice(2)] = value;
    } else if (arg.startsWith('--')) throw new UsageError(`未知选项 / Unknown option ${arg}`);
    else positional.push(arg);
  }
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  return { command, positional, options: parsed.data };
}

function dbPath(options: Options): string {
  return options.db ?? join(defaultDataDir(), 'workstation.db');
}

/** Opens the workstation DB through its own migrations, then makes sure the knowledge tables exist. */
function openIndex(file: string, mustExist: boolean): { db: LocalDb; index: KnowledgeIndex } {
  if (mustExist && !existsSync(file)) {
    throw new MissingDbError(
      `知识库数据库不存在：${file}\n请先导入知识：npm run kb -- import FILE.jsonl --db ${file}\nNo knowledge database at ${file}; run \`npm run kb -- import FILE.jsonl\` first.`,
    );
  }
  const db = openLocalDb(file);
  if (!hasKnowledgeTables(db)) db.transaction(() => knowledgeLocalMigration.up(db))();
  return { db, index: new KnowledgeIndex(db) };
}

class MissingDbError extends Error {}

function readJsonLines<T>(file: string, schema: z.ZodType<T>): T[] {
  if (!existsSync(file)) throw new UsageError(`文件不存在 / File not found: ${file}`);
  const out: T[] = [];
  const errors: string[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        errors.push(`line ${i + 1}: invalid JSON`);
        return;
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) out.push(parsed.data);
      else
        errors.push(
          `line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || '(line)'}: ${x.message}`).join('; ')}`,
        );
    });
  if (errors.length > 0) throw new UsageError(`${file}:\n  ${errors.join('\n  ')}`);
  return out;
}

function runImport(positional: string[], options: Options): number {
  const file = positional[0];
  if (!file || positional.length > 1)
    throw new UsageError('import 需要一个 JSONL 文件 / import takes one JSONL file');
  if (!existsSync(file)) throw new UsageError(`文件不存在 / File not found: ${file}`);
  const { good, bad } = parseImportFile(readFileSync(file, 'utf8'));
  const target = dbPath(options);
  const { db, index } = openIndex(target, false);
  try {
    const now = new Date().toISOString();
    const stats = db.transaction(() => {
      const s = index.upsert(toArticles(good, (id) => index.get(id), now));
      if (s.inserted + s.reindexed > 0) index.optimize();
      return s;
    })();
    for (const b of bad) console.error(`line ${b.line}: ${b.message}`);
    console.log(
      `导入完成 / Imported into ${target}: ${stats.inserted} new, ${stats.reindexed} updated, ${stats.skipped + stats.metadataOnly} unchanged; ` +
        `${bad.length} line(s) rejected; ${index.count()} article(s) in the index.`,
    );
    return bad.length > 0 ? 1 : 0;
  } finally {
    db.close();
  }
}

function runSearch(positional: string[], options: Options): number {
  const { db, index } = openIndex(dbPath(options), true);
  try {
    if (index.count() === 0)
      console.error(
        '知识库为空，请先导入 / The knowledge index is empty; run `npm run kb -- import FILE.jsonl` first.',
      );
    if (options.queries) {
      if (positional.length > 0)
        throw new UsageError('--queries 与查询词不能同时使用 / give either a query or --queries');
      const lines = readJsonLines(options.queries, z.object({ id: z.string().min(1), q: z.string() }));
      for (const { id, q } of lines) {
        const r = index.search(q, { limit: options.limit });
        console.log(
          JSON.stringify({
            id,
            results: r.results.map(({ id: rid, title, score }) => ({ id: rid, title, score })),
            confident: r.confident,
          }),
        );
      }
      return 0;
    }
    const query = positional.join(' ').trim();
    if (!query) throw new UsageError('search 需要查询词 / search needs a query');
    const r = index.search(query, { limit: options.limit });
    if (options.json) {
      console.log(
        JSON.stringify({
          results: r.results.map(({ id, title, score }) => ({ id, title, score })),
          confident: r.confident,
        }),
      );
      return 0;
    }
    console.log(
      `${r.results.length} result(s), ${r.confident ? '可信 / confident' : '无可信答案 / not confident'}, ${r.tookMs} ms`,
    );
    r.results.forEach((x, i) => {
      console.log(
        `${i + 1}. [${x.id} v${x.version}] ${x.title}  (${x.score.toFixed(3)})${x.superseded ? ' [已取代 / superseded]' : ''}`,
      );
      console.log(
        `   ${x.snippet
          .replace(/<mark>/g, '【')
          .replace(/<\/mark>/g, '】')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&')}`,
      );
    });
    return 0;
  } finally {
    db.close();
  }
}

function runEval(positional: string[], options: Options): number {
  const file = positional[0];
  if (!file || positional.length > 1)
    throw new UsageError('eval 需要一个 JSONL 文件 / eval takes one JSONL file');
  const queries: EvalQuery[] = readJsonLines(file, evalQuerySchema);
  const { db, index } = openIndex(dbPath(options), true);
  try {
    const { figures, outcomes } = evaluate(queries, (q) => {
      const r = index.search(q, { limit: 10 });
      return { ids: r.results.map((x) => x.id), confident: r.confident };
    });
    if (options.json) {
      console.log(JSON.stringify(figures));
      return 0;
    }
    const answerable = outcomes.filter((o) => o.ndcg10 !== null).length;
    console.log(
      `queries: ${figures.queries} (${answerable} answerable, ${figures.queries - answerable} no-answer)`,
    );
    console.log(`nDCG@10: ${figures.ndcg10.toFixed(4)}`);
    console.log(`Recall@5: ${figures.recall5.toFixed(4)}`);
    console.log(`MRR: ${figures.mrr.toFixed(4)}`);
    console.log(`no-answer queries answered confidently: ${(figures.falseConfidentRate * 100).toFixed(1)}%`);
    const weak = outcomes.filter(
      (o) => (o.ndcg10 !== null && o.ndcg10 < 0.5) || (o.ndcg10 === null && o.confident),
    );
    if (weak.length > 0) {
      console.log(`\nweakest queries:`);
      for (const o of weak)
        console.log(
          `  ${o.id} ${JSON.stringify(o.q)} ndcg=${o.ndcg10 === null ? 'n/a' : o.ndcg10.toFixed(2)} confident=${o.confident} top=${o.ids.slice(0, 3).join(',')}`,
        );
    }
    return 0;
  } finally {
    db.close();
  }
}

export function main(argv: string[]): number {
  try {
    const { command, positional, options } = parseArgs(argv);
    switch (command) {
      case 'import':
        return runImport(positional, options);
      case 'search':
        return runSearch(positional, options);
      case 'eval':
        return runEval(positional, options);
      default:
        throw new UsageError(`未知命令 / Unknown command: ${command}`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof MissingDbError) {
      console.error(err.message);
      if (err instanceof UsageError) console.error(`\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

// Run only as the entry point (tests import `main` or spawn the file).
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href)
  process.exitCode = main(process.argv.slice(2));
