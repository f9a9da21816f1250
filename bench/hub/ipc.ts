import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
/** Messages between the benchmark's parent process and its children (the server under test, the client workers). */

export interface ProcessStats {
  /** process.cpuUsage() in microseconds, and the monotonic time it was read at (ms). */
  cpuUserUs: number;
  cpuSystemUs: number;
  at: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Cumulative event-loop idle/active time (ms): busy includes synchronous waits such as fsync, CPU time does not. */
  loopIdleMs: number;
  loopActiveMs: number;
  /**
   * CPU time of the main (event-loop) thread alone, in ms (Linux: /proc, 10 ms resolution), or null where unknown.
   * cpuUser/cpuSystem cover every thread of the process: the hub's writer worker (SQLite, fsync) and V8's GC helpers.
   */
  mainThreadCpuMs: number | null;
}

// ---- server child ----
export type ServerToParent = { type: 'ready'; url: string } | { type: 'stats'; stats: ProcessStats } | { type: 'error'; message: string };
export type ParentToServer = { type: 'stats' } | { type: 'stop' };

// ---- client worker ----
export interface WorkerSetup {
  url: string;
  seed: number;
  worker: number;
  agents: { id: string; token: string; index: number }[];
  customers: { token: string; index: number; entryPoint: string }[];
  connectConcurrency: number;
}

export interface WorkerStatus {
  agentsConnected: number;
  customersReady: number;
  /** Conversations the hub assigned to this worker's agents. */
  assigned: number;
  failures: number;
  /** Messages sent and not yet acknowledged. */
  unacknowledged: number;
  /** Sends the server refused for good, and reconnections, of this worker's clients. */
  refused: number;
  reconnects: number;
}

/** [clientMsgId, direction (0 = customer→agent, 1 = agent→customer), sentAt, ackedAt (or -1)] */
export type SentRecord = [string, 0 | 1, number, number];
/** [clientMsgId, receivedAt, 0 = live push | 1 = caught up by sync] */
export type ReceivedRecord = [string, number, 0 | 1];

export interface StepReport {
  sent: SentRecord[];
  received: ReceivedRecord[];
  /** The worker's own CPU between the start of the step and the report. */
  cpuFrom: ProcessStats;
  cpuTo: ProcessStats;
  status: WorkerStatus;
  /** Messages the pacer meant to send but could not (no ready participant). */
  skipped: number;
}

export type ParentToWorker =
  | { type: 'setup'; setup: WorkerSetup }
  | { type: 'connectCustomers' }
  | { type: 'status' }
  | { type: 'run'; ratePerSec: number; durationMs: number; drainMs: number }
  | { type: 'collect' }
  | { type: 'stop' };

export type WorkerToParent =
  | { type: 'agentsConnected'; status: WorkerStatus }
  | { type: 'customersConnected'; status: WorkerStatus }
  | { type: 'status'; status: WorkerStatus }
  | { type: 'ran'; report: StepReport }
  | { type: 'collected'; report: StepReport }
  | { type: 'error'; message: string };

export function readProcessStats(now: number): ProcessStats {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const elu = performance.eventLoopUtilization();
  return {
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    at: now,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    loopIdleMs: elu.idle,
    loopActiveMs: elu.active,
    mainThreadCpuMs: mainThreadCpuMs(),
  };
}

/** utime + stime of the main thread (its task id is the process id), from /proc; clock ticks are 1/100 s on Linux. */
function mainThreadCpuMs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // The command name (2nd field) may contain spaces: count fields from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Main-thread CPU time per message between two readings, in ms (null where the platform does not tell). */
export function mainThreadCpuMsPer(from: ProcessStats, to: ProcessStats, messages: number): number | null {
  if (from.mainThreadCpuMs === null || to.mainThreadCpuMs === null) return null;
  return messages > 0 ? (to.mainThreadCpuMs - from.mainThreadCpuMs) / messages : NaN;
}

/** Share of wall time the event loop was busy between two readings (100 = never idle: the process is the limit). */
export function loopBusyPercent(from: ProcessStats, to: ProcessStats): number {
  const active = to.loopActiveMs - from.loopActiveMs;
  const idle = to.loopIdleMs - from.loopIdleMs;
  return active + idle > 0 ? (100 * active) / (active + idle) : 0;
}

/** CPU time spent per message between two readings, in ms. */
export function cpuMsPer(from: ProcessStats, to: ProcessStats, messages: number): number {
  const busyUs = to.cpuUserUs - from.cpuUserUs + (to.cpuSystemUs - from.cpuSystemUs);
  return messages > 0 ? busyUs / 1000 / messages : NaN;
}

/** CPU use between two readings, as a percentage of one core. */
export function cpuPercent(from: ProcessStats, to: ProcessStats): number {
  const busyUs = to.cpuUserUs - from.cpuUserUs + (to.cpuSystemUs - from.cpuSystemUs);
  const wallUs = (to.at - from.at) * 1000;
  return wallUs > 0 ? (100 * busyUs) / wallUs : 0;
}
