/**
 * Where the group commit's batches are executed. Normally a worker thread with its own connection to the hub's file
 * (the main thread keeps its connection for reads: in WAL mode a reader sees every committed batch), so that waiting
 * for fsync never blocks the event loop. When no worker can be started (an in-memory database, a bundle without the
 * worker's entry, HUB_WRITER=main), batches run on the main connection as before: same ops, same guarantees, slower.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HubDb } from './open';
import { applyOps, type WriteOp } from './writerOps';
import type { WriterError, WriterReply, WriterRequest } from './writerProtocol';
import { AppFailure, type ErrorCode } from '../../shared/result';

export interface BatchWriter {
  readonly mode: 'worker' | 'main';
  /** Commits the ops in one transaction; resolves once committed (durable), rejects with the batch's error. */
  run(ops: readonly WriteOp[]): Promise<void>;
  /** Waits for the batches already handed over, then releases the connection. */
  close(): Promise<void>;
}

export interface WriterOptions {
  /** 'main' runs batches on the main connection; default: a worker when the database is a file. */
  mode?: 'worker' | 'main';
  log?: (line: string) => void;
}

export function startBatchWriter(db: HubDb, options: WriterOptions = {}): BatchWriter {
  const log = options.log ?? (() => {});
  const wanted = options.mode ?? (process.env.HUB_WRITER === 'main' ? 'main' : 'worker');
  if (wanted === 'main' || db.memory) return new MainThreadWriter(db);
  const entry = workerEntry();
  if (!entry) {
    log('writer worker entry not found: the hub writes on its main thread');
    return new MainThreadWriter(db);
  }
  try {
    return new WorkerWriter(db, entry, log);
  } catch (err) {
    log(`writer worker cannot start (${(err as Error).message}): the hub writes on its main thread`);
    return new MainThreadWriter(db);
  }
}

/** Batches committed synchronously on the main connection (the hub's behaviour before the writer worker). */
class MainThreadWriter implements BatchWriter {
  readonly mode = 'main' as const;
  constructor(private readonly db: HubDb) {}
  run(ops: readonly WriteOp[]): Promise<void> {
    try {
      this.db.transaction(() => applyOps(this.db, ops))();
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Waiting {
  id: number;
  ops: readonly WriteOp[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

class WorkerWriter implements BatchWriter {
  readonly mode = 'worker' as const;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private ready = false;
  private closing: Promise<void> | null = null;
  /** Set when the worker died: later batches run on the main connection so that the hub keeps working. */
  private fallback: MainThreadWriter | null = null;

  constructor(
    private readonly db: HubDb,
    entry: { url: URL; execArgv: string[] | undefined },
    private readonly log: (line: string) => void,
  ) {
    this.worker = new Worker(entry.url, { workerData: { file: db.name }, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
    // Idle, the worker does not keep the process alive; a batch in flight does (see run()).
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.onReply(reply));
    this.worker.on('error', (err) => this.onDeath(err));
    this.worker.on('exit', (code) => {
      if (!this.closing) this.onDeath(new Error(`writer worker exited with code ${code}`));
    });
  }

  run(ops: readonly WriteOp[]): Promise<void> {
    if (this.fallback) return this.fallback.run(ops);
    if (this.closing) return Promise.reject(new AppFailure('UNAVAILABLE', 'The hub is shutting down'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { id, ops, resolve, reject });
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage({ type: 'batch', id, ops } satisfies WriterRequest);
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.fallback) return resolve();
      this.worker.ref();
      const timer = setTimeout(() => void this.worker.terminate(), 10_000);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        // Anything still unanswered cannot have been reported as committed: its writers learn it failed.
        this.failWaiting(new AppFailure('UNAVAILABLE', 'The hub stopped before this write was confirmed'));
        resolve();
      });
      // Posted after every batch: the worker answers them all before it closes its connection.
      this.worker.postMessage({ type: 'close' } satisfies WriterRequest);
    });
    return this.closing;
  }

  private onReply(reply: WriterReply): void {
    if (reply.type === 'ready') {
      this.ready = true;
      return;
    }
    if (reply.type === 'closed') return;
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    if (this.waiting.size === 0) this.worker.unref();
    if (reply.type === 'committed') waiting.resolve();
    else waiting.reject(rebuildError(reply.error));
  }

  private onDeath(err: Error): void {
    if (this.fallback) return;
    this.fallback = new MainThreadWriter(this.db);
    const pending = [...this.waiting.values()].sort((a, b) => a.id - b.id);
    this.waiting.clear();
    if (!this.ready) {
      // It never opened its connection, so it ran none of these: they run here instead, in order.
      this.log(`writer worker failed to start (${err.message}); the hub writes on its main thread`);
      for (const w of pending) this.fallback.run(w.ops).then(w.resolve, w.reject);
      return;
    }
    this.log(`writer worker died (${err.message}); the hub writes on its main thread from now on`);
    // Whether these committed is unknown: they are reported as failed, and a client's resend is deduplicated.
    for (const w of pending) w.reject(new AppFailure('UNAVAILABLE', `The writer stopped: ${err.message}`));
  }

  private failWaiting(err: unknown): void {
    const pending = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of pending) w.reject(err);
  }
}

function rebuildError(e: WriterError): Error {
  if (e.appFailure && e.code) return new AppFailure(e.code as ErrorCode, e.message, e.details);
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

// Held in variables so that bundlers leave these paths alone (a literal `new URL('./x', import.meta.url)` is rewritten).
const WORKER_JS = './writerWorker.js';
const WORKER_TS = './writerWorker.ts';

/**
 * The worker's entry: the compiled `writerWorker.js` beside this module (a build that bundles the hub must emit it
 * as an entry of its own), or the TypeScript source run through tsx's loader (tsx, vitest, development).
 */
function workerEntry(): { url: URL; execArgv: string[] | undefined } | null {
  const js = new URL(WORKER_JS, import.meta.url);
  if (js.protocol === 'file:' && existsSync(fileURLToPath(js))) return { url: js, execArgv: undefined };
  const ts = new URL(WORKER_TS, import.meta.url);
  if (ts.protocol !== 'file:' || !existsSync(fileURLToPath(ts))) return null;
  let loader: string;
  try {
    loader = createRequire(import.meta.url).resolve('tsx');
  } catch {
    return null;
  }
  return { url: ts, execArgv: ['--import', pathToFileURL(loader).href] };
}
