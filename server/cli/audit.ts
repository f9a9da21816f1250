/**
 * Audit ledger tools.
 *
 *   npm run audit -- verify [--db PATH]
 *   npm run audit -- export --from DATE --to DATE [--db PATH] [--out FILE]
 *
 * Exit codes: 0 success, 1 the ledger is broken, 2 bad arguments or an unusable database.
 * Dates are ISO dates or datetimes; dates and offset-less times are China Standard Time, and --to includes its day.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { AppFailure } from '../../shared/result';
import { exportAudit, exportBound, hasAuditLedger, verifyLedger } from '../audit/ledger';

export const DEFAULT_DB_PATH = './data/hub.db';

const USAGE = [
  'usage:',
  '  npm run audit -- verify [--db PATH]',
  '  npm run audit -- export --from DATE --to DATE [--db PATH] [--out FILE]',
  `  (default --db ${DEFAULT_DB_PATH}; DATE like 2026-06-01 or 2026-06-01T09:30:00+08:00)`,
].join('\n');

const isoBound = (edge: 'from' | 'to') =>
  z.string({ error: `--${edge} is required` }).refine(
    (value) => {
      try {
        exportBound(value, edge);
        return true;
      } catch {
        return false;
      }
    },
    { error: `--${edge} must be an ISO date (2026-06-01) or datetime (2026-06-01T09:30:00+08:00)` },
  );

const commandSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('verify'), db: z.string().min(1) }),
  z.object({
    command: z.literal('export'),
    db: z.string().min(1),
    from: isoBound('from'),
    to: isoBound('to'),
    out: z.string().min(1).optional(),
  }),
]);
type Command = z.infer<typeof commandSchema>;

export interface AuditCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

class UsageError extends Error {}

function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        db: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const [command, ...extra] = parsed.positionals;
  if (command !== 'verify' && command !== 'export')
    throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (command === 'verify' && (parsed.values.from || parsed.values.to || parsed.values.out))
    throw new UsageError('verify takes only --db');
  const checked = commandSchema.safeParse({ command, db: DEFAULT_DB_PATH, ...parsed.values });
  if (!checked.success) throw new UsageError(checked.error.issues.map((i) => i.message).join('; '));
  return checked.data;
}

function openLedgerDb(path: string): Database.Database {
  const full = resolve(path);
  if (!existsSync(full)) throw new UsageError(`database not found: ${full}`);
  let db: Database.Database;
  try {
    db = new Database(full, { fileMustExist: true });
  } catch (err) {
    throw new UsageError(`cannot open ${full}: ${(err as Error).message}`);
  }
  try {
    if (!hasAuditLedger(db))
      throw new UsageError(
        `${full} has no audit_ledger table (is it the hub database? the hub creates the table when it migrates)`,
      );
  } catch (err) {
    db.close();
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${full} is not a readable SQLite database: ${(err as Error).message}`);
  }
  return db;
}

export function runAuditCli(argv: readonly string[], io: AuditCliIo): number {
  let command: Command;
  let db: Database.Database;
  try {
    command = parseCommand(argv);
    db = openLedgerDb(command.db);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`error: ${err.message}`);
    io.err(USAGE);
    return 2;
  }
  try {
    if (command.command === 'verify') {
      const result = verifyLedger(db);
      if (result.ok) {
        io.out(`OK: ${result.rows} rows, chain intact (head ${result.headHash})`);
        return 0;
      }
      io.out(`BROKEN at row ${result.firstBadSeq}: ${result.reason}`);
      return 1;
    }
    const rows = exportAudit(db, { from: command.from, to: command.to });
    if (command.out) {
      writeFileSync(command.out, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
      io.err(`exported ${rows.length} rows to ${resolve(command.out)}`);
    } else {
      for (const row of rows) io.out(JSON.stringify(row));
      io.err(`exported ${rows.length} rows`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof AppFailure)) throw err;
    io.err(`error: ${err.message}`);
    return 2;
  } finally {
    db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = runAuditCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
