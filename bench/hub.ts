/**
 * Hub benchmark (not a test: prints figures, asserts nothing).
 *
 *   npm run bench:hub -- [--agents M] [--customers N] [--rate MSGS_PER_S] [--duration S] [--workers 1|2]
 *                        [--max-p99 MS] [--step S] [--profile] [--quick] [--skip-relay] [--offered-only]
 *
 * M agents and N customers (the simulator's own clients, in 1–2 worker processes) connect over loopback to a hub
 * running alone in a child process; every customer gets a conversation; then messages are offered open loop at the
 * given rate, half customer→agent and half agent→customer, and each is timed from send to arrival on the other side
 * (CLOCK_MONOTONIC, one clock for all processes). Then the offered rate climbs until p99 latency passes --max-p99 or
 * acknowledgements/deliveries fall behind: the highest rate that held is the saturation throughput. The same driver
 * then does the same against a plain socket.io relay (bench/relay.ts) as the anchor. Writes bench/results/hub.json.
 * --offered-only skips the climb and measures only the offered rate, after one warm-up step at half of it (a steadier
 * CPU-per-message figure while tuning).
 * --profile writes a V8 CPU profile of the hub's process (main thread) to bench/results/hub-profile/.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { hashPassword, newSecret, TokenSigner } from '../server/auth';
import { openHubDb } from '../server/db/open';
import { getOrCreateMeta } from '../server/repos/meta';
import { insertStaffIfAbsent, upsertBranch } from '../server/repos/staff';
import { resourcePath } from '../server/resources';
import { staffRequests } from '../shared/protocol/hub';
import { cpuMsPer, cpuPercent, loopBusyPercent, mainThreadCpuMsPer, type ParentToServer, type ParentToWorker, type ProcessStats, type SentRecord, type ServerToParent, type StepReport, type WorkerSetup, type WorkerStatus, type WorkerToParent } from './hub/ipc';
import { Arrivals, lossAndDuplicates, round, stepFigures, type StepFigures } from './hub/measure';

const here = dirname(fileURLToPath(import.meta.url));

const ArgsSchema = z.object({
  agents: z.coerce.number().int().min(1).max(5000).optional(),
  customers: z.coerce.number().int().min(1).max(20_000).optional(),
  rate: z.coerce.number().min(1).max(100_000).optional(),
  duration: z.coerce.number().min(1).max(120).optional(),
  workers: z.coerce.number().int().min(1).max(2).optional(),
  'max-p99': z.coerce.number().min(1).max(10_000).default(200),
  step: z.coerce.number().min(1).max(30).optional(),
  profile: z.boolean().default(false),
  quick: z.boolean().default(false),
  'skip-relay': z.boolean().default(false),
  'offered-only': z.boolean().default(false),
});

interface Config {
  agents: number;
  customers: number;
  rate: number;
  durationS: number;
  workers: number;
  maxP99Ms: number;
  stepS: number;
  drainMs: number;
  profile: boolean;
  quick: boolean;
  skipRelay: boolean;
  offeredOnly: boolean;
}

function parseConfig(): Config {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      strict: true,
      options: {
        agents: { type: 'string' },
        customers: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        workers: { type: 'string' },
        'max-p99': { type: 'string' },
        step: { type: 'string' },
        profile: { type: 'boolean' },
        quick: { type: 'boolean' },
        'skip-relay': { type: 'boolean' },
        'offered-only': { type: 'boolean' },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: npm run bench:hub -- [--agents M] [--customers N] [--rate R] [--duration S] [--workers 1|2] [--max-p99 MS] [--step S] [--profile] [--quick] [--skip-relay] [--offered-only]`);
    process.exit(2);
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`Invalid arguments: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const a = parsed.data;
  const agents = a.agents ?? (a.quick ? 20 : 2000);
  const customers = a.customers ?? (a.quick ? 100 : 10_000);
  return {
    agents,
    customers,
    rate: a.rate ?? (a.quick ? 200 : 5000),
    durationS: a.duration ?? (a.quick ? 3 : 15),
    workers: a.workers ?? (agents + customers > 3000 ? 2 : 1),
    maxP99Ms: a['max-p99'],
    stepS: a.step ?? (a.quick ? 2 : 5),
    drainMs: a.quick ? 1000 : 2000,
    profile: a.profile,
    quick: a.quick,
    skipRelay: a['skip-relay'],
    offeredOnly: a['offered-only'],
  };
}

// ---- child processes ----

/** Waits for typed IPC answers from one child, in order per type. */
class Child<In extends { type: string }, Out extends { type: string }> {
  private readonly waiting = new Map<string, ((m: Out) => void)[]>();
  constructor(
    readonly process: ChildProcess,
    readonly name: string,
  ) {
    process.on('message', (m: Out) => {
      if (m.type === 'error') {
        console.error(`${name} failed: ${(m as unknown as { message: string }).message}`);
        return;
      }
      const queue = this.waiting.get(m.type);
      queue?.shift()?.(m);
    });
    process.on('exit', (code) => {
      if (code !== 0 && code !== null) console.error(`${name} exited with ${code}`);
    });
  }
  ask<T extends Out['type']>(message: In, answer: T, timeoutMs = 600_000): Promise<Extract<Out, { type: T }>> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no ${answer} within ${timeoutMs} ms`)), timeoutMs);
      const queue = this.waiting.get(answer) ?? [];
      queue.push((m) => {
        clearTimeout(timer);
        resolvePromise(m as Extract<Out, { type: T }>);
      });
      this.waiting.set(answer, queue);
      this.process.send(message);
    });
  }
  waitFor<T extends Out['type']>(answer: T, timeoutMs = 60_000): Promise<Extract<Out, { type: T }>> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no ${answer} within ${timeoutMs} ms`)), timeoutMs);
      const queue = this.waiting.get(answer) ?? [];
      queue.push((m) => {
        clearTimeout(timer);
        resolvePromise(m as Extract<Out, { type: T }>);
      });
      this.waiting.set(answer, queue);
    });
  }
}

type ServerChild = Child<ParentToServer, ServerToParent>;
type WorkerChild = Child<ParentToWorker, WorkerToParent>;

function spawnChild(file: string, args: string[], extraExecArgv: string[] = []): ChildProcess {
  return fork(join(here, 'hub', file), args, { execArgv: ['--import', 'tsx', ...extraExecArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

// ---- the benchmark ----

interface Fixture {
  dbPath: string;
  secretB64: string;
  agents: { id: string; token: string; index: number }[];
  customers: { token: string; index: number; entryPoint: string }[];
}

/** Creates the hub DB with M agents and mints every token directly (no scrypt login per agent). */
function prepareFixture(dir: string, config: Config): Fixture {
  const dbPath = join(dir, 'hub.db');
  const db = openHubDb(dbPath);
  const skillGroups = (JSON.parse(readFileSync(resourcePath('routing', 'skill-groups.json'), 'utf8')) as { groups: { id: string; entryPoints: string[] }[] }).groups;
  const groups = skillGroups.map((g) => g.id);
  const capacity = Math.ceil(config.customers / config.agents) + 1;
  const passwordHash = hashPassword('bench-password');
  const secretB64 = getOrCreateMeta(db, 'token_secret', newSecret);
  const signer = new TokenSigner(Buffer.from(secretB64, 'base64'));
  const agents: Fixture['agents'] = [];
  db.transaction(() => {
    upsertBranch(db, { id: 'BR-BENCH', name: '压测营业部', regionId: '华东' });
    for (let i = 0; i < config.agents; i++) {
      const id = `bench-agent-${String(i).padStart(5, '0')}`;
      insertStaffIfAbsent(db, { id, username: id, displayName: `压测坐席${i}`, role: 'agent', branchId: 'BR-BENCH', skills: groups, capacity, passwordHash, headOffice: false });
      agents.push({ id, index: i, token: signer.sign({ sub: id, role: 'agent', name: `压测坐席${i}`, branchId: 'BR-BENCH' }, 3600) });
    }
  })();
  db.close();
  // Customers come in through an entry point (spread over the skill groups) so that they queue for an agent at once,
  // and carry the hub's visitor id form (V-...).
  const customers = Array.from({ length: config.customers }, (_, i) => ({
    index: i,
    entryPoint: skillGroups[i % skillGroups.length]!.entryPoints[0]!,
    token: signer.sign({ sub: `V-BENCH-${String(i).padStart(6, '0')}`, role: 'customer', name: `压测客户${i}`, branchId: null }, 3600),
  }));
  return { dbPath, secretB64, agents, customers };
}

/** Whole-machine CPU time (all cores, in clock ticks) from /proc/stat: shows what other processes took meanwhile. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = fields[3]! + fields[4]!;
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

interface StepResult extends StepFigures {
  /** Busy CPU of the whole machine during the step, in % of one core (200 = both cores of a 2-core machine). */
  machineBusyPercent: number | null;
  serverCpuPercent: number;
  /** Share of the step the server's event loop was busy (CPU or synchronous waits such as fsync). */
  serverLoopBusyPercent: number;
  /** Server CPU per message delivered in the step: unlike latency, hardly affected by other processes on a shared machine. */
  serverCpuMsPerMsg: number;
  /** The same for the server's main (event-loop) thread alone: the hub's writer worker and GC helper threads excluded. */
  serverMainThreadCpuMsPerMsg: number | null;
  serverRssMb: number;
  serverHeapMb: number;
  clientCpuPercent: number[];
  sustainable: boolean;
  why: string;
}

interface TargetResult {
  kind: 'hub' | 'relay';
  setupS: { agents: number; customers: number; assignment: number };
  main: StepResult | null;
  steps: StepResult[];
  maxMsgsPerSec: number;
  lost: number;
  unacked: number;
  duplicated: number;
  caughtUpBySync: number;
  peakRssMb: number;
  /** Messages still unacknowledged when the run stopped waiting (a server that cannot keep up never drains). */
  backlogAtEnd: number;
  /** Sends the server refused for good (e.g. the conversation was reassigned or closed by a timer meanwhile). */
  refused: number;
  reconnects: number;
  note?: string;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const nullableRound = (v: number | null, digits: number) => (v === null ? null : round(v, digits));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function serverStats(server: ServerChild): Promise<ProcessStats> {
  return (await server.ask({ type: 'stats' }, 'stats')).stats;
}

async function runTarget(kind: 'hub' | 'relay', fixture: Fixture, config: Config, profileDir: string): Promise<TargetResult> {
  console.log(`\n== ${kind === 'hub' ? 'hub (real: validation, SQLite group commit, routing)' : 'relay anchor (plain socket.io, no persistence)'} ==`);
  const serverProcess = spawnChild('server.ts', [kind, fixture.dbPath, fixture.secretB64], config.profile && kind === 'hub' ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
  const server: ServerChild = new Child(serverProcess, `${kind} server`);
  const { url } = await server.waitFor('ready', 60_000);
  const workers: WorkerChild[] = Array.from({ length: config.workers }, (_, w) => new Child(spawnChild('clients.ts', []), `client worker ${w}`));
  const result: TargetResult = { kind, setupS: { agents: 0, customers: 0, assignment: 0 }, main: null, steps: [], maxMsgsPerSec: 0, lost: 0, unacked: 0, duplicated: 0, caughtUpBySync: 0, peakRssMb: 0, backlogAtEnd: 0, refused: 0, reconnects: 0 };
  const arrivals = new Arrivals();
  const allSent: SentRecord[] = [];
  try {
    let t = nowMs();
    const statuses = await Promise.all(
      workers.map((w, i) => {
        const setup: WorkerSetup = {
          url,
          seed: 1,
          worker: i,
          agents: fixture.agents.filter((_, k) => k % config.workers === i),
          customers: fixture.customers.filter((_, k) => k % config.workers === i),
          connectConcurrency: 50,
        };
        return w.ask({ type: 'setup', setup }, 'agentsConnected');
      }),
    );
    result.setupS.agents = round((nowMs() - t) / 1000);
    const agentsUp = statuses.reduce((n, s) => n + s.status.agentsConnected, 0);
    console.log(`agents connected: ${agentsUp}/${config.agents} in ${result.setupS.agents}s`);

    t = nowMs();
    const customerStatuses = await Promise.all(workers.map((w) => w.ask({ type: 'connectCustomers' }, 'customersConnected')));
    result.setupS.customers = round((nowMs() - t) / 1000);
    const customersUp = customerStatuses.reduce((n, s) => n + s.status.customersReady, 0);
    console.log(`customers connected with a conversation: ${customersUp}/${config.customers} in ${result.setupS.customers}s`);

    t = nowMs();
    const assignDeadline = t + (config.quick ? 30_000 : 120_000);
    let status: WorkerStatus[] = [];
    for (;;) {
      status = (await Promise.all(workers.map((w) => w.ask({ type: 'status' }, 'status')))).map((s) => s.status);
      const assigned = status.reduce((n, s) => n + s.assigned, 0);
      if (assigned >= customersUp) break;
      if (nowMs() > assignDeadline) {
        result.note = `only ${assigned}/${customersUp} conversations were assigned to an agent within ${round((nowMs() - t) / 1000)}s; messages of the others are not delivered`;
        console.log(result.note);
        break;
      }
      await sleep(250);
    }
    result.setupS.assignment = round((nowMs() - t) / 1000);
    console.log(`conversations assigned: ${status.reduce((n, s) => n + s.assigned, 0)} in ${result.setupS.assignment}s`);

    const runStep = async (rate: number, durationS: number): Promise<StepResult> => {
      const before = await serverStats(server);
      const ticksBefore = machineTicks();
      const durationMs = durationS * 1000;
      const reportsPromise = Promise.all(workers.map((w) => w.ask({ type: 'run', ratePerSec: rate / workers.length, durationMs, drainMs: config.drainMs }, 'ran')));
      await sleep(durationMs);
      const after = await serverStats(server);
      const ticksAfter = machineTicks();
      const machineBusyPercent =
        ticksBefore && ticksAfter ? round((100 * cpus().length * (ticksAfter.busy - ticksBefore.busy)) / Math.max(1, ticksAfter.total - ticksBefore.total)) : null;
      const reports: StepReport[] = (await reportsPromise).map((r) => r.report);
      const sent = reports.flatMap((r) => r.sent);
      for (const r of reports) arrivals.add(r.received);
      allSent.push(...sent);
      const figures = stepFigures(rate, durationMs, sent, arrivals);
      const rssMb = round(after.rssBytes / 2 ** 20);
      result.peakRssMb = Math.max(result.peakRssMb, rssMb);
      const why: string[] = [];
      if (!(figures.all.p99Ms <= config.maxP99Ms)) why.push(`p99 ${figures.all.p99Ms} ms > ${config.maxP99Ms} ms`);
      if (figures.acked < figures.sent * 0.99) why.push(`acks behind (${figures.acked}/${figures.sent})`);
      if (figures.delivered < figures.sent * 0.99) why.push(`deliveries behind (${figures.delivered}/${figures.sent})`);
      if (figures.offeredMsgsPerSec < rate * 0.9) why.push(`driver offered only ${figures.offeredMsgsPerSec}/s`);
      const step: StepResult = {
        ...figures,
        machineBusyPercent,
        serverCpuPercent: round(cpuPercent(before, after)),
        serverLoopBusyPercent: round(loopBusyPercent(before, after)),
        serverCpuMsPerMsg: round(cpuMsPer(before, after, figures.delivered), 3),
        serverMainThreadCpuMsPerMsg: nullableRound(mainThreadCpuMsPer(before, after, figures.delivered), 3),
        serverRssMb: rssMb,
        serverHeapMb: round(after.heapUsedBytes / 2 ** 20),
        clientCpuPercent: reports.map((r) => round(cpuPercent(r.cpuFrom, r.cpuTo))),
        sustainable: why.length === 0,
        why: why.join('; '),
      };
      console.log(
        `  ${String(rate).padStart(6)} msg/s offered → delivered ${figures.deliveredMsgsPerSec}/s, p50 ${figures.all.p50Ms} ms, p99 ${figures.all.p99Ms} ms ` +
          `(c→a ${figures.customerToAgent.p99Ms}, a→c ${figures.agentToCustomer.p99Ms}), ack p99 ${figures.ackP99Ms} ms, ` +
          `${kind} CPU ${step.serverCpuPercent}% (${step.serverCpuMsPerMsg} ms/msg, main thread ${step.serverMainThreadCpuMsPerMsg ?? '?'}, loop busy ${step.serverLoopBusyPercent}%) RSS ${rssMb} MB (heap ${step.serverHeapMb}), clients CPU ${step.clientCpuPercent.join('+')}%, machine ${machineBusyPercent ?? '?'}% ${step.sustainable ? 'OK' : `✗ ${step.why}`}`,
      );
      return step;
    };

    /** Waits until the previous step's backlog is acknowledged (a backlog would poison the next step's figures). */
    const settle = async (maxMs: number) => {
      const deadline = nowMs() + maxMs;
      for (;;) {
        const pending = (await Promise.all(workers.map((w) => w.ask({ type: 'status' }, 'status')))).reduce((n, s) => n + s.status.unacknowledged, 0);
        if (pending === 0 || nowMs() > deadline) return pending;
        await sleep(250);
      }
    };
    /** A rate holds when a step at it is sustainable; the machine is shared, so a failing step is tried once more. */
    const holds = async (rate: number): Promise<StepResult | null> => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const backlog = await settle(30_000);
        if (backlog > 0) console.log(`  (still ${backlog} unacknowledged from before; measuring anyway)`);
        const step = await runStep(rate, config.stepS);
        result.steps.push(step);
        if (step.sustainable) return step;
      }
      return null;
    };

    console.log(`saturation (steps of ${config.stepS}s, sustainable = p99 ≤ ${config.maxP99Ms} ms and ≥99% acked and delivered):`);
    let lastGood = 0;
    let firstBad = 0;
    const record = (step: StepResult) => (result.maxMsgsPerSec = Math.max(result.maxMsgsPerSec, step.deliveredMsgsPerSec));
    // Climb by half again from a sixteenth of the offered rate, so that a failing step leaves a backlog small enough
    // to drain before the next measurement; stop at the first rate that does not hold.
    let rate = Math.max(25, Math.round(config.rate / 16));
    for (let i = 0; i < (config.offeredOnly ? 0 : 16); i++) {
      const step = await holds(rate);
      if (!step) {
        firstBad = rate;
        break;
      }
      record(step);
      lastGood = rate;
      rate = Math.round(rate * 1.5);
    }
    // One bisection between the last rate that held and the first that did not.
    if (lastGood > 0 && firstBad > 0 && firstBad - lastGood > lastGood * 0.1) {
      const step = await holds(Math.round((lastGood + firstBad) / 2));
      if (step) record(step);
    }
    // Measuring the offered rate alone: one step at half of it first warms the code up (JIT) and the caches.
    if (config.offeredOnly) result.steps.push(await runStep(Math.round(config.rate / 2), config.stepS));
    // The offered load last: if the server cannot carry it, the backlog it leaves spoils nothing after it.
    const backlog = await settle(20_000);
    if (backlog > 0) console.log(`  (still ${backlog} unacknowledged from the saturation steps)`);
    console.log(`offered load ${config.rate} msg/s for ${config.durationS}s:`);
    result.main = await runStep(config.rate, config.durationS);

    // Late arrivals still count against loss (not against latency): collect until nothing more comes (bounded).
    result.backlogAtEnd = await settle(20_000);
    for (let quiet = 0, rounds = 0; quiet < 2 && rounds < 15; rounds++) {
      await sleep(1000);
      let arrived = 0;
      for (const w of workers) {
        const received = (await w.ask({ type: 'collect' }, 'collected')).report.received;
        arrived += received.length;
        arrivals.add(received);
      }
      quiet = arrived === 0 ? quiet + 1 : 0;
    }
    Object.assign(result, lossAndDuplicates(allSent, arrivals));
    const finalStatus = (await Promise.all(workers.map((w) => w.ask({ type: 'status' }, 'status')))).map((m) => m.status);
    result.refused = finalStatus.reduce((n, st) => n + st.refused, 0);
    result.reconnects = finalStatus.reduce((n, st) => n + st.reconnects, 0);
    console.log(`${kind}: max sustainable ${result.maxMsgsPerSec} msg/s; backlog at the end ${result.backlogAtEnd}; acknowledged but never seen by the receiver ${result.lost}, duplicated ${result.duplicated}, unacknowledged ${result.unacked}, caught up by sync ${result.caughtUpBySync}, refused ${result.refused}, reconnects ${result.reconnects}`);
    return result;
  } finally {
    for (const w of workers) w.process.send({ type: 'stop' } satisfies ParentToWorker);
    await sleep(500);
    server.process.send({ type: 'stop' } satisfies ParentToServer);
    await new Promise((r) => {
      server.process.once('exit', r);
      setTimeout(r, 10_000);
    });
    for (const w of workers) if (w.process.exitCode === null) w.process.kill();
  }
}

function openFilesLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    return line ? Number(line.split(/\s+/)[3]) : null;
  } catch {
    return null;
  }
}

async function main() {
  const config = parseConfig();
  const fdLimit = openFilesLimit();
  const perProcessNeed = Math.ceil((config.agents + config.customers) / config.workers) + 200;
  console.log(
    `hub benchmark: ${config.agents} agents, ${config.customers} customers, ${config.rate} msg/s offered for ${config.durationS}s, ` +
      `${config.workers} client worker(s), ${cpus().length} CPUs, node ${process.version}, open-files limit ${fdLimit ?? 'unknown'}`,
  );
  if (fdLimit !== null && fdLimit < config.agents + config.customers + 200) {
    console.log(`warning: the open-files limit (${fdLimit}) is below what the server needs (${config.agents + config.customers + 200}); raise it with ulimit -n`);
  }
  if (fdLimit !== null && fdLimit < perProcessNeed) console.log(`warning: each client worker needs ~${perProcessNeed} descriptors`);
  const grab = Object.keys(staffRequests).find((k) => k.includes('grab'));
  const grabNote = grab
    ? `the protocol has "${grab}" but this benchmark does not drive grabs yet`
    : 'skipped: the hub protocol has no grab request yet (conversations are dispatched)';
  console.log(`grab contention: ${grabNote}`);

  const dir = mkdtempSync(join(tmpdir(), 'bench-hub-'));
  const profileDir = resolve(here, 'results', 'hub-profile');
  if (config.profile) mkdirSync(profileDir, { recursive: true });
  const started = nowMs();
  try {
    const fixture = prepareFixture(dir, config);
    const hub = await runTarget('hub', fixture, config, profileDir);
    const relay = config.skipRelay ? null : await runTarget('relay', fixture, config, profileDir);
    const main = hub.main!;
    const result = {
      agents: config.agents,
      customers: config.customers,
      offeredMsgsPerSec: config.rate,
      p50Ms: main.all.p50Ms,
      p99Ms: main.all.p99Ms,
      maxMsgsPerSec: hub.maxMsgsPerSec,
      relayMaxMsgsPerSec: relay?.maxMsgsPerSec ?? null,
      achievedOfferedMsgsPerSec: main.offeredMsgsPerSec,
      deliveredMsgsPerSec: main.deliveredMsgsPerSec,
      customerToAgent: main.customerToAgent,
      agentToCustomer: main.agentToCustomer,
      ackP99Ms: main.ackP99Ms,
      hubCpuPercent: main.serverCpuPercent,
      hubLoopBusyPercent: main.serverLoopBusyPercent,
      hubCpuMsPerMsg: main.serverCpuMsPerMsg,
      relayCpuMsPerMsg: relay?.main?.serverCpuMsPerMsg ?? null,
      hubMainThreadCpuMsPerMsg: main.serverMainThreadCpuMsPerMsg,
      relayMainThreadCpuMsPerMsg: relay?.main?.serverMainThreadCpuMsPerMsg ?? null,
      hubRssMb: main.serverRssMb,
      hubHeapMb: main.serverHeapMb,
      hubPeakRssMb: hub.peakRssMb,
      clientCpuPercent: main.clientCpuPercent,
      lost: hub.lost,
      duplicated: hub.duplicated,
      unacknowledged: hub.unacked,
      refusedByHub: hub.refused,
      reconnects: hub.reconnects,
      backlogAtEnd: hub.backlogAtEnd,
      grabContention: grabNote,
      setupSeconds: hub.setupS,
      note: hub.note ?? null,
      relay: relay && { main: relay.main, setupSeconds: relay.setupS, peakRssMb: relay.peakRssMb, lost: relay.lost, duplicated: relay.duplicated, steps: relay.steps },
      hubSteps: hub.steps,
      maxP99Ms: config.maxP99Ms,
      workers: config.workers,
      quick: config.quick,
      cpus: cpus().length,
      node: process.version,
      wallSeconds: round((nowMs() - started) / 1000),
      ranAt: new Date().toISOString(),
    };
    const out = resolve(here, 'results', 'hub.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log('\n== summary ==');
    console.log(`${config.agents} agents + ${config.customers} customers at ${config.rate} msg/s offered (${main.offeredMsgsPerSec}/s emitted):`);
    console.log(`  delivery latency p50 ${main.all.p50Ms} ms, p99 ${main.all.p99Ms} ms (customer→agent p99 ${main.customerToAgent.p99Ms}, agent→customer p99 ${main.agentToCustomer.p99Ms})`);
    console.log(`  hub CPU per message ${main.serverCpuMsPerMsg} ms (relay ${relay?.main?.serverCpuMsPerMsg ?? '–'} ms): a whole core would carry ~${round(1000 / main.serverCpuMsPerMsg, 0)} msg/s (relay ~${relay?.main ? round(1000 / relay.main.serverCpuMsPerMsg, 0) : '–'})`);
    console.log(`  of which the main thread ${main.serverMainThreadCpuMsPerMsg ?? '?'} ms (relay ${relay?.main?.serverMainThreadCpuMsPerMsg ?? '–'} ms); the rest is the writer worker and GC helper threads`);
    console.log(`  hub CPU ${main.serverCpuPercent}% of one core, RSS ${main.serverRssMb} MB (peak ${hub.peakRssMb} MB); lost ${hub.lost}, duplicated ${hub.duplicated}`);
    console.log(`  saturation: hub ${hub.maxMsgsPerSec} msg/s, relay anchor ${relay?.maxMsgsPerSec ?? 'skipped'} msg/s` + (relay && relay.maxMsgsPerSec > 0 ? ` (hub/relay ${round(hub.maxMsgsPerSec / relay.maxMsgsPerSec, 2)})` : ''));
    console.log(`  grab contention: ${grabNote}`);
    console.log(`  wrote ${out} (${result.wallSeconds}s)`);
    if (config.profile) console.log(`  hub CPU profile in ${profileDir}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
