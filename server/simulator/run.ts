/**
 * A whole simulation run: optional simulated agents log in, then customers arrive at a fixed rate for a fixed time and
 * converse on their own; a report callback sees the counters as they move. Used by `npm run simulate`.
 */
import { loadQuestionBank, type QuestionBank } from './bank';
import { SimulatedAgent, loginAgent, type AgentBehaviour } from './agent';
import { SimulatedCustomer, type CustomerBehaviour } from './customer';
import { createStats, type SimStats } from './stats';

export interface SimulationOptions {
  hubUrl: string;
  /** How many customers arrive at most. */
  customers: number;
  /** Customer arrivals per second. */
  ratePerSecond: number;
  durationS: number;
  seed: number;
  /** Staff accounts to run as simulated agents (the demo's humans otherwise answer). */
  agents?: readonly { username: string; password: string }[];
  customerBehaviour?: Partial<CustomerBehaviour>;
  agentBehaviour?: Partial<AgentBehaviour>;
  questions?: QuestionBank;
  reportEveryMs?: number;
  onReport?: (stats: SimStats) => void;
  /** After the duration, how long to wait for outstanding acknowledgements before closing. */
  drainMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface SimulationResult {
  stats: SimStats;
  /** Messages still unacknowledged when the run closed. */
  unacknowledged: number;
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const log = options.log ?? (() => {});
  const stats = createStats();
  const questions = options.questions ?? loadQuestionBank();
  const agents: SimulatedAgent[] = [];
  const customers: SimulatedCustomer[] = [];
  const reporter = options.onReport ? setInterval(() => options.onReport!(stats), options.reportEveryMs ?? 1000) : null;
  try {
    for (const [index, account] of (options.agents ?? []).entries()) {
      const { token, agentId } = await loginAgent(options.hubUrl, account.username, account.password);
      const agent = new SimulatedAgent({ hubUrl: options.hubUrl, token, agentId, index, seed: options.seed, stats, behaviour: options.agentBehaviour, log });
      agents.push(agent);
      await agent.start();
    }

    const startedAt = Date.now();
    const endsAt = startedAt + options.durationS * 1000;
    const intervalMs = 1000 / options.ratePerSecond;
    for (let index = 0; index < options.customers; index++) {
      // Arrivals on a fixed schedule (not "after the previous one finished") so that the rate holds under load.
      const due = startedAt + index * intervalMs;
      if (due >= endsAt || options.signal?.aborted) break;
      await sleepUntil(due, options.signal);
      if (options.signal?.aborted) break;
      const customer = new SimulatedCustomer({ hubUrl: options.hubUrl, index, seed: options.seed, questions, stats, behaviour: options.customerBehaviour, log });
      customers.push(customer);
      customer.start().catch((err: unknown) => {
        stats.errors++;
        log(`customer ${index} could not start: ${err instanceof Error ? err.message : String(err)}`);
      });
    }
    await sleepUntil(endsAt, options.signal);

    const pending = () => customers.reduce((n, c) => n + c.unacknowledged, 0) + agents.reduce((n, a) => n + a.unacknowledged, 0);
    const drainUntil = Date.now() + (options.drainMs ?? 3000);
    while (pending() > 0 && Date.now() < drainUntil) await sleepUntil(Date.now() + 50);
    // A copy taken before the sockets close, so that it shows who was still connected at the end.
    return { stats: { ...stats }, unacknowledged: pending() };
  } finally {
    if (reporter) clearInterval(reporter);
    for (const c of customers) c.close();
    for (const a of agents) a.close();
  }
}

function sleepUntil(at: number, signal?: AbortSignal): Promise<void> {
  const ms = at - Date.now();
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
