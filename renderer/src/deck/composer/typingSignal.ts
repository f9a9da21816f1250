/**
 * Throttled "agent is typing" signal: one `true` when typing starts (repeated every few seconds while it goes on, so
 * the other side's indicator does not expire), one `false` after a pause, on send, on blur and on switch.
 */
export interface TypingSignalOptions {
  repeatMs?: number;
  idleMs?: number;
  now?: () => number;
}

export class TypingSignal {
  private typing = false;
  private lastSentAt = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly repeatMs: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(
    private readonly send: (typing: boolean) => void,
    options: TypingSignalOptions = {},
  ) {
    this.repeatMs = options.repeatMs ?? 4000;
    this.idleMs = options.idleMs ?? 3000;
    this.now = options.now ?? Date.now;
  }

  /** Call on every keystroke that leaves text in the box. */
  input(): void {
    const now = this.now();
    if (!this.typing || now - this.lastSentAt >= this.repeatMs) {
      this.typing = true;
      this.lastSentAt = now;
      this.send(true);
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), this.idleMs);
  }

  stop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (!this.typing) return;
    this.typing = false;
    this.send(false);
  }
}
