/**
 * Customer simulator: customers arrive at a steady rate, ask questions from the bank, answer agents' replies with
 * follow-ups, sometimes leave, and rate when asked. Makes a demo deck look alive, or loads a hub.
 *
 *   npm run simulate -- --hub URL --customers N --rate PER_SECOND --duration SECONDS [--seed S]
 *                       [--agents agent01,agent02 [--password demo123]] [--think MIN-MAX] [--quiet]
 *
 * Exit codes: 0 finished with every message acknowledged, 1 finished with errors or unacknowledged messages,
 * 2 bad arguments.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runSimulation } from '../simulator/run';
import { formatStats } from '../simulator/stats';

const USAGE = [
  'usage: npm run simulate -- --hub URL --customers N --rate PER_SECOND --duration SECONDS [--seed S]',
  '         [--agents agent01,agent02] [--password demo123] [--think MIN-MAX] [--quiet]',
  '  --hub        the hub to talk to (npm run web prints its embedded hub URL)',
  '  --customers  how many customers arrive at most (1–20000)',
  '  --rate       customer arrivals per second (0.01–1000)',
  '  --duration   seconds to run (1–86400)',
  '  --seed       makes the customers\' choices repeatable (default 1)',
  '  --agents     also run these staff accounts as simulated agents (comma-separated usernames)',
  '  --think      customers\' and agents\' think time in ms, e.g. 1500-6000',
].join('\n');

const ThinkSchema = z
  .string()
  .regex(/^\d+-\d+$/, 'use MIN-MAX in milliseconds, e.g. 1500-6000')
  .transform((s) => s.split('-').map(Number) as [number, number])
  .refine(([min, max]) => min <= max && max <= 600_000, 'MIN must not exceed MAX, and MAX must be at most 600000');

/** A numeric flag with messages that say what is wrong ("must be a whole number", "must be at least 1"). */
function numberArg(min: number, max: number, int = false) {
  return z
    .string()
    .trim()
    .refine((s) => s !== '' && Number.isFinite(Number(s)), 'must be a number')
    .transform(Number)
    .refine((n) => !int || Number.isInteger(n), 'must be a whole number')
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);
}

const ArgsSchema = z.object({
  hub: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:8787' }),
  customers: numberArg(1, 20_000, true),
  rate: numberArg(0.01, 1000),
  duration: numberArg(1, 86_400),
  seed: numberArg(0, 2 ** 32 - 1, true).default(1),
  agents: z
    .string()
    .transform((s) => s.split(',').map((u) => u.trim()).filter(Boolean))
    .pipe(z.array(z.string().min(1).max(64)).max(100))
    .default([]),
  password: z.string().min(1).default('demo123'),
  think: ThinkSchema.optional(),
  quiet: z.boolean().default(false),
});
export type SimulateArgs = z.infer<typeof ArgsSchema>;

export type ParsedArgs = { ok: true; args: SimulateArgs } | { ok: false; message: string };

export function parseSimulateArgs(argv: readonly string[]): ParsedArgs {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        hub: { type: 'string' },
        customers: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        agents: { type: 'string' },
        password: { type: 'string' },
        think: { type: 'string' },
        quiet: { type: 'boolean' },
      },
    }));
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    return {
      ok: false,
      message: parsed.error.issues
        .map((i) => `--${i.path.join('.')}: ${values[String(i.path[0])] === undefined ? 'is required' : i.message}`)
        .join('; '),
    };
  }
  return { ok: true, args: parsed.data };
}

export async function runSimulateCli(
  argv: readonly string[],
  io: { out: (line: string) => void; err: (line: string) => void; signal?: AbortSignal } = {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  },
): Promise<number> {
  const parsed = parseSimulateArgs(argv);
  if (!parsed.ok) {
    io.err(`error: ${parsed.message}`);
    io.err(USAGE);
    return 2;
  }
  const { args } = parsed;
  io.out(
    `simulating up to ${args.customers} customers at ${args.rate}/s for ${args.duration}s against ${args.hub} (seed ${args.seed}` +
      `${args.agents.length ? `, agents ${args.agents.join(',')}` : ''})`,
  );
  const think = args.think ? { thinkTimeMs: args.think } : {};
  const result = await runSimulation({
    hubUrl: args.hub,
    customers: args.customers,
    ratePerSecond: args.rate,
    durationS: args.duration,
    seed: args.seed,
    agents: args.agents.map((username) => ({ username, password: args.password })),
    customerBehaviour: think,
    agentBehaviour: think,
    reportEveryMs: 1000,
    onReport: args.quiet ? undefined : (s) => io.out(`[运行中 running] ${formatStats(s)}`),
    signal: io.signal,
    log: (line) => io.err(line),
  }).catch((err: unknown) => {
    io.err(`error: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  });
  if (!result) return 1;
  io.out(`[结束 final] ${formatStats(result.stats)} | 未确认 unacknowledged ${result.unacknowledged}`);
  return result.unacknowledged === 0 && result.stats.errors === 0 && result.stats.rejected === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  process.once('SIGTERM', () => controller.abort());
  void runSimulateCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    signal: controller.signal,
  }).then((code) => process.exit(code));
}
