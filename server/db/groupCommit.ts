import type { HubDb } from './open';

interface Pending {
  op: () => void;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit: every write queued in one turn of the event loop runs in ONE transaction (WAL + synchronous=FULL:
 * one fsync per batch instead of one per write), and each writer's promise settles only after that commit. Hooks
 * let a module add coalesced writes to the batch (for example the latest snapshot of each ticket that changed).
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly beforeCommit: (() => void)[] = [];
  private readonly afterCommit: (() => void)[] = [];
  private readonly afterRollback: (() => void)[] = [];
  batches = 0;

  constructor(private readonly db: HubDb) {}

  /** Queues a write; resolves once it is durable. A failing write rolls back its whole batch. */
  write(op: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ op, resolve, reject });
      this.schedule();
    });
  }

  /** Asks for a batch soon even without a queued write (a hook has coalesced work to flush). */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  onBeforeCommit(hook: () => void): void {
    this.beforeCommit.push(hook);
  }
  onAfterCommit(hook: () => void): void {
    this.afterCommit.push(hook);
  }
  onAfterRollback(hook: () => void): void {
    this.afterRollback.push(hook);
  }

  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    try {
      this.db.transaction(() => {
        for (const p of batch) p.op();
        for (const hook of this.beforeCommit) hook();
      })();
    } catch (err) {
      for (const hook of this.afterRollback) hook();
      for (const p of batch) p.reject(err);
      return;
    }
    this.batches++;
    for (const p of batch) p.resolve();
    for (const hook of this.afterCommit) hook();
  }
}
