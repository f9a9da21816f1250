/**
 * Tells the hub which warnings the agent has been shown (for the audit ledger), without a request per keystroke:
 * a rule is reported once it has stayed on screen for a pause (~1 s), once per conversation per draft. A rule that
 * flickers up and disappears again while a word is being typed is not reported.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const REPORT_DELAY_MS = 1000;

export class WarningReporter {
  private readonly reported = new Set<string>();
  private current: readonly string[] = [];
  private timer: unknown = null;
  /** The fresh rules the running timer was started for; a change restarts it. */
  private pendingKey = '';

  constructor(
    private readonly send: (ruleIds: string[]) => void,
    private readonly delayMs = REPORT_DELAY_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  /** The rules on screen now (every check of the draft). */
  observe(ruleIds: readonly string[]): void {
    this.current = ruleIds;
    const fresh = this.fresh();
    const key = fresh.join('\n');
    if (key === this.pendingKey) return;
    this.cancel();
    this.pendingKey = key;
    if (fresh.length > 0) this.timer = this.timers.setTimeout(() => this.flush(), this.delayMs);
  }

  /** Reports what is on screen and not reported yet, now (when the composer closes, or the timer fires). */
  flush(): void {
    this.cancel();
    const fresh = this.fresh();
    if (fresh.length === 0) return;
    for (const id of fresh) this.reported.add(id);
    this.send(fresh);
  }

  /** The draft was sent: the next draft reports its warnings again. */
  newDraft(): void {
    this.cancel();
    this.reported.clear();
    this.current = [];
  }

  private fresh(): string[] {
    return [...new Set(this.current)].filter((id) => !this.reported.has(id)).sort();
  }

  private cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pendingKey = '';
  }
}
