/**
 * Compliance tools.
 *
 *   npm run compliance -- check FILE.jsonl [--rules FILE]      one verdict per input line { id, text }
 *   npm run compliance -- evaluate [FILE.jsonl] [--rules FILE] precision / recall over a labelled sample set
 *   npm run compliance -- suitability FILE.jsonl               batch suitability decisions (see suitability.ts)
 *
 * FILE may be "-" for standard input. A malformed input line gives `{ line, error }` on stdout and a message on
 * stderr, and the rest goes on. Exit codes: 0 success, 1 some input lines were malformed, 2 bad arguments,
 * an unreadable file or an invalid rule set.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { evaluateSamples, formatReport, parseSamples } from '../../shared/compliance/evaluate';
import { createComplianceEngine, loadRuleSet, RuleSetError, type ComplianceEngine } from '../../shared/compliance';
import { runSuitabilityCli } from './suitability';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Standard input as lines, for FILE "-". */
  stdin?: () => AsyncIterable<string>;
}

const DEFAULT_RULES = fileURLToPath(new URL('../../resources/compliance/rules.json', import.meta.url));
const DEFAULT_SAMPLES = fileURLToPath(new URL('../../resources/compliance/samples.jsonl', import.meta.url));

class UsageError extends Error {}

const checkLineSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()], { error: 'id must be a non-empty string or a number' }),
  text: z.string({ error: 'text must be a string' }),
});

function loadEngine(rulesPath: string | undefined): ComplianceEngine {
  const path = resolve(rulesPath ?? DEFAULT_RULES);
  if (!existsSync(path)) throw new UsageError(`rules file not found: ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`rules file ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return createComplianceEngine(loadRuleSet(json));
}

function readLines(file: string, io: CliIo): AsyncIterable<string> {
  if (file === '-') {
    if (!io.stdin) throw new UsageError('standard input is not available');
    return io.stdin();
  }
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`input file not found: ${path}`);
  return createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** `check FILE.jsonl [--rules FILE]`: one output line per input line. */
async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { rules: { type: 'string' } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('usage: compliance check FILE.jsonl [--rules FILE]');
  const engine = loadEngine(values.rules);
  let lineNumber = 0;
  let malformed = 0;
  const reject = (error: string): void => {
    malformed++;
    io.out(JSON.stringify({ line: lineNumber, error }));
    io.err(`line ${lineNumber}: ${error}`);
  };
  for await (const raw of readLines(positionals[0]!, io)) {
    lineNumber++;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      reject(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    const parsed = checkLineSchema.safeParse(json);
    if (!parsed.success) {
      reject(describeIssues(parsed.error));
      continue;
    }
    const result = engine.check(parsed.data.text);
    io.out(
      JSON.stringify({
        id: parsed.data.id,
        verdict: result.verdict,
        hits: result.hits.map((h) => ({ rule: h.ruleId, category: h.category, severity: h.severity, start: h.start, end: h.end })),
      }),
    );
  }
  return malformed > 0 ? 1 : 0;
}

/** `evaluate [FILE.jsonl] [--rules FILE]`: precision and recall of `block`, false alarms on clean drafts. */
async function evaluateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { rules: { type: 'string' } }, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('usage: compliance evaluate [FILE.jsonl] [--rules FILE]');
  const engine = loadEngine(values.rules);
  const path = resolve(positionals[0] ?? DEFAULT_SAMPLES);
  if (!existsSync(path)) throw new UsageError(`sample file not found: ${path}`);
  const { samples, errors } = parseSamples(readFileSync(path, 'utf8'));
  for (const e of errors) {
    io.out(JSON.stringify(e));
    io.err(`line ${e.line}: ${e.error}`);
  }
  io.out(formatReport(evaluateSamples(engine, samples)));
  return errors.length > 0 ? 1 : 0;
}

/** `suitability FILE.jsonl`: delegates to the suitability batch tool. */
async function suitabilityCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length !== 1) throw new UsageError('usage: compliance suitability FILE.jsonl');
  const summary = await runSuitabilityCli(readLines(args[0]!, io), io.out);
  return summary.errors > 0 ? 1 : 0;
}

/** Subcommands: adding one is one line here. */
const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  check: checkCommand,
  evaluate: evaluateCommand,
  suitability: suitabilityCommand,
};

export async function runComplianceCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`usage: compliance <${Object.keys(COMMANDS).join('|')}> …${name ? ` (unknown command "${name}")` : ''}`);
    return 2;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof RuleSetError) {
      io.err(`error: ${err.message}`);
      return 2;
    }
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`error: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await runComplianceCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    stdin: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  });
}
