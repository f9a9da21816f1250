/**
 * Customer profile tools.
 *
 *   npm run customers -- import FILE.jsonl [--db PATH]
 *
 * Valid lines are imported in one transaction; bad lines are listed with their numbers. Exit codes: 0 all lines
 * imported, 1 some lines were rejected (the others are imported), 2 bad arguments, unreadable file or database.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { hasCustomersTable, importCustomersJsonl } from '../customers/repository';
import { migration as customersMigration } from '../db/migrations/005_customers';

export const DEFAULT_DB_PATH = './data/hub.db';

const USAGE = [
  'usage:',
  '  npm run customers -- import FILE.jsonl [--db PATH]',
  `  (default --db ${DEFAULT_DB_PATH})`,
].join('\n');

const importSchema = z.object({
  command: z.literal('import', { error: 'the only command is "import"' }),
  file: z.string({ error: 'import needs a FILE.jsonl' }).min(1),
  db: z.string().min(1),
});

export interface CustomersCliDeps {
  openDb(path: string): Database.Database;
  readFile?: (path: string) => string;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export function runCustomersCli(argv: readonly string[], deps: CustomersCliDeps): number {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const readFile = deps.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const usageError = (message: string) => {
    err(`error: ${message}`);
    err(USAGE);
    return 2;
  };

  let values: { db?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { db: { type: 'string' } },
    }));
  } catch (e) {
    return usageError((e as Error).message);
  }
  if (positionals.length > 2) return usageError(`unexpected argument "${positionals[2]}"`);
  const checked = importSchema.safeParse({
    command: positionals[0],
    file: positionals[1],
    db: values.db ?? DEFAULT_DB_PATH,
  });
  if (!checked.success) return usageError(checked.error.issues.map((i) => i.message).join('; '));
  const { file, db: dbPath } = checked.data;

  let text: string;
  try {
    text = readFile(file);
  } catch (e) {
    return usageError(`cannot read ${file}: ${(e as Error).message}`);
  }

  let db: Database.Database;
  try {
    db = deps.openDb(dbPath);
  } catch (e) {
    return usageError(`cannot open ${dbPath}: ${(e as Error).message}`);
  }
  try {
    // Until the hub's full migration list runs here, create just this table when it is missing.
    if (!hasCustomersTable(db)) db.transaction(() => customersMigration.up(db))();
    const report = importCustomersJsonl(db, text);
    out(`imported ${report.imported} customers into ${dbPath}`);
    if (report.errors.length > 0) {
      err(`${report.errors.length} line(s) rejected:`);
      for (const e of report.errors) err(`  line ${e.line}: ${e.message}`);
      return 1;
    }
    return 0;
  } finally {
    db.close();
  }
}

function openDb(path: string): Database.Database {
  const full = resolve(path);
  if (!existsSync(dirname(full))) mkdirSync(dirname(full), { recursive: true });
  return new Database(full);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = runCustomersCli(process.argv.slice(2), { openDb });
}
