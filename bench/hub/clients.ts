/**
 * Client worker of the hub benchmark: holds a share of the simulated agents and customers (the simulator's own
 * clients, with their at-least-once outboxes) and, on command, sends messages at an offered rate, open loop: a message
 * is due at its time whether or not earlier ones were answered, so a slow server shows as latency, not as a lower rate.
 * Every send and every arrival is logged by clientMsgId for the parent to join (latency, loss, duplicates).
 */
import { SimulatedAgent } from '../../server/simulator/agent';
import { SimulatedCustomer } from '../../server/simulator/customer';
import { AGENT_TEXTS, loadQuestionBank } from '../../server/simulator/bank';
import { monotonicMs } from '../../server/simulator/connection';
import { createRng, deriveSeed, pick } from '../../server/simulator/random';
import { createStats } from '../../server/simulator/stats';
import {
  readProcessStats,
  type ParentToWorker,
  type ReceivedRecord,
  type SentRecord,
  type StepReport,
  type WorkerSetup,
  type WorkerStatus,
  type WorkerToParent,
} from './ipc';

const send = (m: WorkerToParent) => process.send!(m);
const stats = createStats();
const questions = loadQuestionBank();
const customerTexts = questions.questions.flatMap((q) => [q.text, ...q.followUps]);
/** The benchmark waits for acks far longer than a person would, so that a slow hub shows as latency, not resends. */
const behaviour = { converse: false, ackTimeoutMs: 60_000, retryDelayMs: 1000, connectTimeoutMs: 60_000 };

let setup: WorkerSetup;
const agents: SimulatedAgent[] = [];
const customers: SimulatedCustomer[] = [];
/** [agent, conversationId] for every conversation assigned to one of this worker's agents. */
const pairs: [SimulatedAgent, string][] = [];
let failures = 0;
let sent: SentRecord[] = [];
let received: ReceivedRecord[] = [];
const sentIndex = new Map<string, SentRecord>();
let skipped = 0;

function status(): WorkerStatus {
  return {
    agentsConnected: stats.agentsConnected,
    customersReady: customers.filter((c) => c.conversationId !== null).length,
    assigned: pairs.length,
    failures,
    unacknowledged: customers.reduce((n, c) => n + c.unacknowledged, 0) + agents.reduce((n, a) => n + a.unacknowledged, 0),
    refused: stats.rejected,
    reconnects: stats.reconnects,
  };
}

const onPeerMessage = (m: { clientMsgId: string }, at: number, via: 'push' | 'sync') => received.push([m.clientMsgId, at, via === 'push' ? 0 : 1]);
const onAcked = (m: { clientMsgId: string }, _ack: unknown, at: number) => {
  const record = sentIndex.get(m.clientMsgId);
  if (record) record[3] = at;
};

/** Starts `count` clients with at most `concurrency` handshakes in flight. */
async function inBatches(count: number, concurrency: number, start: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      await start(i).catch(() => void failures++);
    }
  });
  await Promise.all(lanes);
}

async function connectAgents(): Promise<void> {
  await inBatches(setup.agents.length, setup.connectConcurrency, async (i) => {
    const a = setup.agents[i]!;
    const agent = new SimulatedAgent({
      hubUrl: setup.url,
      token: a.token,
      agentId: a.id,
      index: a.index,
      seed: setup.seed,
      stats,
      behaviour,
      onPeerMessage,
      onAcked,
      onAssigned: (conversationId) => pairs.push([agent, conversationId]),
    });
    agents.push(agent);
    await agent.start();
  });
}

async function connectCustomers(): Promise<void> {
  await inBatches(setup.customers.length, setup.connectConcurrency, async (i) => {
    const c = setup.customers[i]!;
    const customer = new SimulatedCustomer({
      hubUrl: setup.url,
      index: c.index,
      seed: setup.seed,
      questions,
      stats,
      token: c.token,
      entryPoint: c.entryPoint,
      behaviour,
      onPeerMessage,
      onAcked,
    });
    customers.push(customer);
    await customer.start();
  });
}

function run(ratePerSec: number, durationMs: number, drainMs: number): Promise<StepReport> {
  const rng = createRng(deriveSeed(setup.seed, 'pacer', setup.worker, sent.length));
  const ready = customers.filter((c) => c.conversationId !== null);
  const cpuBefore = readProcessStats(monotonicMs());
  let count = 0;
  const startedAt = monotonicMs();
  const sendOne = () => {
    const now = monotonicMs();
    // Alternate directions so that both are offered half the load.
    if (count % 2 === 0 && ready.length > 0) {
      const customer = pick(rng, ready);
      const id = customer.send(pick(rng, customerTexts));
      log(id, 0, now);
    } else if (pairs.length > 0) {
      const [agent, conversationId] = pick(rng, pairs);
      const id = agent.send(conversationId, pick(rng, AGENT_TEXTS));
      log(id, 1, now);
    } else {
      skipped++;
    }
    count++;
  };
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = monotonicMs() - startedAt;
      const due = Math.floor((ratePerSec * Math.min(elapsed, durationMs)) / 1000);
      while (count < due) sendOne();
      if (elapsed >= durationMs) {
        clearInterval(timer);
        setTimeout(() => resolve(report(cpuBefore)), drainMs);
      }
    }, 2);
  });
}

function log(id: string, direction: 0 | 1, at: number) {
  const record: SentRecord = [id, direction, at, -1];
  sent.push(record);
  sentIndex.set(id, record);
}

function report(cpuFrom = readProcessStats(monotonicMs())): StepReport {
  const r: StepReport = { sent, received, cpuFrom, cpuTo: readProcessStats(monotonicMs()), status: status(), skipped };
  sent = [];
  received = [];
  skipped = 0;
  sentIndex.clear();
  return r;
}

process.on('message', (m: ParentToWorker) => {
  void (async () => {
    try {
      switch (m.type) {
        case 'setup':
          setup = m.setup;
          await connectAgents();
          send({ type: 'agentsConnected', status: status() });
          break;
        case 'connectCustomers':
          await connectCustomers();
          send({ type: 'customersConnected', status: status() });
          break;
        case 'status':
          send({ type: 'status', status: status() });
          break;
        case 'run':
          send({ type: 'ran', report: await run(m.ratePerSec, m.durationMs, m.drainMs) });
          break;
        case 'collect':
          send({ type: 'collected', report: report() });
          break;
        case 'stop':
          for (const c of customers) c.close();
          for (const a of agents) a.close();
          setTimeout(() => process.exit(0), 200);
          break;
      }
    } catch (err) {
      send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
