import type { HubDb } from './open';
import { startBatchWriter, type BatchWriter, type WriterOptions } from './writer';
import { op, type OpArgs, type OpName, type WriteOp } from './writerOps';
import { AppFailure } from '../../shared/result';

interface Batch {
  ops: WriteOp[];
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
  /** Run in order once the batch committed, before its writers' promises settle. */
  onCommitted: (() => void)[];
  /** Run once the batch committed or failed, after its writers' promises settled. */
  onSettled: (() => void)[];
}

const emptyBatch = (): Batch => ({ ops: [], waiters: [], onCommitted: [], onSettled: [] });

/**
 * Group commit: every write queued while the previous batch is being committed goes into the next batch, ONE
 * transaction (WAL + synchronous=FULL: one fsync per batch), executed by the writer worker so that the event loop
 * does not wait for the disk. At most one batch is in flight: batches commit in the order their writes were queued,
 * and a slow fsync makes the next batch bigger instead of blocking anything. Each writer's promise settles only after
 * the worker reported its batch committed (or failed). Hooks add coalesced writes just before a batch is sent (for
 * example the latest snapshot of each ticket that changed), serialised on the main thread at that moment.
 */
export class GroupCommit {
  private pending: Batch = emptyBatch();
  /** A batch is wanted: writes are queued, or a hook has coalesced work. */
  private wanted = false;
  private timerArmed = false;
  private inFlight: Batch | null = null;
  private closing: Promise<void> | null = null;
  private readonly settleWaiters: (() => void)[] = [];
  private readonly beforeCommit: (() => readonly WriteOp[] | void)[] = [];
  private readonly afterCommit: (() => void)[] = [];
  private readonly afterRollback: (() => void)[] = [];
  private readonly writer: BatchWriter;
  batches = 0;
  /** Grows whenever a write or coalesced work is queued: tells whether a step queued anything. */
  queuedMark = 0;

  constructor(db: HubDb, options: WriterOptions & { writer?: BatchWriter } = {}) {
    this.writer = options.writer ?? startBatchWriter(db, options);
  }

  /** Where batches run: 'worker' (a writer thread) or 'main' (the main connection). */
  get mode(): 'worker' | 'main' {
    return this.writer.mode;
  }

  /** Queues one named write; resolves once it is durable. A failing write rolls back its whole batch. */
  write<K extends OpName>(name: K, ...args: OpArgs<K>): Promise<void> {
    return this.writeAll([op(name, ...args)]);
  }

  /**
   * Queues writes that commit together (they are always in the same batch); `onCommitted` runs right after that
   * batch committed, before any writer's promise settles.
   */
  writeAll(ops: readonly WriteOp[], onCommitted?: () => void): Promise<void> {
    if (this.closing) return Promise.reject(new AppFailure('UNAVAILABLE', '服务正在关闭,请稍后重试 / The hub is shutting down; please retry'));
    return new Promise((resolve, reject) => {
      this.pending.ops.push(...ops);
      this.pending.waiters.push({ resolve, reject });
      if (onCommitted) this.pending.onCommitted.push(onCommitted);
      this.schedule();
    });
  }

  /** Asks for a batch soon even without a queued write (a hook has coalesced work to flush). */
  schedule(): void {
    if (this.closing) return;
    this.queuedMark++;
    this.wanted = true;
    // While a batch is in flight, its completion sends the next one.
    if (this.timerArmed || this.inFlight) return;
    this.timerArmed = true;
    setImmediate(() => {
      this.timerArmed = false;
      if (this.wanted && !this.inFlight) this.send();
    });
  }

  /** The hook returns the coalesced writes to add to the batch about to be sent. */
  onBeforeCommit(hook: () => readonly WriteOp[] | void): void {
    this.beforeCommit.push(hook);
  }
  onAfterCommit(hook: () => void): void {
    this.afterCommit.push(hook);
  }
  onAfterRollback(hook: () => void): void {
    this.afterRollback.push(hook);
  }

  /**
   * Runs `fn` once every write queued so far has committed (or failed), without waiting for writes queued later:
   * for notifications and reads that must reflect the state those writes made durable. Never blocks the loop.
   */
  afterQueuedWrites(fn: () => void): void {
    if (this.wanted || this.pending.waiters.length > 0) this.pending.onSettled.push(fn);
    else if (this.inFlight) this.inFlight.onSettled.push(fn);
    else setImmediate(fn);
  }

  /** The promise form of afterQueuedWrites: a read barrier, e.g. before reading rows that were written behind. */
  queuedWritesSettled(): Promise<void> {
    return new Promise((resolve) => this.afterQueuedWrites(resolve));
  }

  /** Resolves once everything queued so far (and the hooks' coalesced work) has committed or failed. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.inFlight) await new Promise<void>((r) => this.settleWaiters.push(r));
      else if (this.wanted) this.send();
      else return;
    }
  }

  /**
   * Refuses new writes, collects the hooks' coalesced work now (while the state it serialises still exists), commits
   * everything queued, then stops the writer. Nothing is written after the returned promise resolves.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.collectCoalesced(this.pending);
    this.wanted = this.wanted || this.pending.waiters.length > 0 || this.pending.ops.length > 0;
    const done = (async () => {
      await this.drain();
      await this.writer.close();
    })();
    this.closing = done;
    return done;
  }

  private collectCoalesced(batch: Batch): boolean {
    try {
      for (const hook of this.beforeCommit) {
        const extra = hook();
        if (extra) batch.ops.push(...extra);
      }
      return true;
    } catch (err) {
      this.failed(batch, err);
      return false;
    }
  }

  private send(): void {
    this.wanted = false;
    const batch = this.pending;
    this.pending = emptyBatch();
    // Once closing, the hooks ran in close(): later state (stopped tickets) must not be written.
    if (!this.closing && !this.collectCoalesced(batch)) return;
    if (batch.ops.length === 0) {
      for (const w of batch.waiters) w.resolve();
      for (const f of batch.onSettled) f();
      this.wakeSettleWaiters();
      return;
    }
    this.inFlight = batch;
    this.writer.run(batch.ops).then(
      () => {
        this.inFlight = null;
        this.committed(batch);
      },
      (err: unknown) => {
        this.inFlight = null;
        this.failed(batch, err);
      },
    );
  }

  private committed(batch: Batch): void {
    this.batches++;
    for (const f of batch.onCommitted) f();
    for (const w of batch.waiters) w.resolve();
    for (const hook of this.afterCommit) hook();
    this.afterSettle(batch);
  }

  private failed(batch: Batch, err: unknown): void {
    // Writes queued behind a failed batch were prepared on its in-memory state (sequence numbers): they fail too.
    const behind = this.pending;
    this.pending = emptyBatch();
    // The hooks' coalesced work (dirty tickets) is still wanted: the next batch carries it.
    this.wanted = true;
    for (const hook of this.afterRollback) hook();
    for (const w of [...batch.waiters, ...behind.waiters]) w.reject(err);
    if (behind !== batch) batch.onSettled.push(...behind.onSettled);
    this.afterSettle(batch);
  }

  private afterSettle(batch: Batch): void {
    // After the writers' own continuations (queued as microtasks when their promises settled).
    if (batch.onSettled.length > 0) queueMicrotask(() => {
      for (const f of batch.onSettled) f();
    });
    if (this.wanted) {
      if (this.closing) this.send();
      else {
        // Re-armed through schedule(): writes made by the just-settled writers' continuations join this batch.
        this.wanted = false;
        this.schedule();
      }
    }
    this.wakeSettleWaiters();
  }

  private wakeSettleWaiters(): void {
    for (const r of this.settleWaiters.splice(0)) r();
  }
}

/**
 * Wraps request handlers so that a synchronous answer that changed something (a ticket step, a status) goes out only
 * once the writes it queued are committed: after the answer, the client reads what it did (nothing is acknowledged
 * before it is on disk). Handlers that return a promise already settle after their own writes: answered as before.
 */
export function answerAfterCommit<H extends Record<string, (payload: never) => unknown>>(commit: GroupCommit, handlers: H): H {
  const wrapped: Record<string, (payload: never) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = (payload: never) => {
      const mark = commit.queuedMark;
      const result = handler(payload);
      if (commit.queuedMark === mark || isThenable(result)) return result;
      return commit.queuedWritesSettled().then(() => result);
    };
  }
  return wrapped as H;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';
