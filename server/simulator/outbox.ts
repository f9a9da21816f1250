/**
 * At-least-once sending for simulated clients. A message stays in the outbox until the hub acknowledges it; it is
 * resent with the SAME clientMsgId after an ack timeout and after every reconnect, so the hub (which deduplicates by
 * conversation + clientMsgId) stores it exactly once however often it arrives.
 */
import type { AppError, ErrorCode, Result } from '../../shared/result';
import type { SendAck } from '../../shared/protocol/hub';

/** The part of a socket the outbox needs; a socket.io client socket in practice, a fake in unit tests. */
export interface AckTransport {
  readonly connected: boolean;
  /** Emits and waits for the acknowledgement; rejects on timeout or when the connection drops. */
  request(event: string, payload: unknown, timeoutMs: number): Promise<Result<unknown>>;
}

export interface OutgoingMessage {
  conversationId: string;
  clientMsgId: string;
  text: string;
  /** Times (ms, same clock as `now`) of the first emit and of the acknowledgement. */
  firstSentAt: number;
  attempts: number;
}

export interface OutboxOptions {
  ackTimeoutMs: number;
  /** Wait before retrying after a timeout or a retryable refusal while still connected. */
  retryDelayMs: number;
  now: () => number;
  onAcked: (message: OutgoingMessage, ack: SendAck, ackedAt: number) => void;
  onRejected: (message: OutgoingMessage, error: AppError) => void;
  onResent?: (message: OutgoingMessage) => void;
}

/** Refusals that may succeed later; every other error code is final (the message is dropped and reported). */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['UNAVAILABLE', 'INTERNAL']);

export class Outbox {
  private readonly pending = new Map<string, OutgoingMessage>();
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(
    private readonly transport: AckTransport,
    private readonly options: OutboxOptions,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  send(conversationId: string, clientMsgId: string, text: string): OutgoingMessage {
    if (this.pending.has(clientMsgId)) throw new Error(`clientMsgId ${clientMsgId} is already pending`);
    const message: OutgoingMessage = { conversationId, clientMsgId, text, firstSentAt: this.options.now(), attempts: 0 };
    this.pending.set(clientMsgId, message);
    this.attempt(message);
    return message;
  }

  /** Call on every (re)connect: resends every unacknowledged message in the order they were first sent. */
  flush(): void {
    for (const message of [...this.pending.values()]) this.attempt(message);
  }

  /** Stops retrying; what is still pending stays unacknowledged. */
  close(): void {
    this.closed = true;
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
  }

  private attempt(message: OutgoingMessage): void {
    if (this.closed || !this.transport.connected) return; // flush() on the next connect sends it
    const attempt = ++message.attempts;
    if (attempt > 1) this.options.onResent?.(message);
    const payload = { conversationId: message.conversationId, clientMsgId: message.clientMsgId, text: message.text };
    this.transport.request('msg.send', payload, this.options.ackTimeoutMs).then(
      (result) => {
        // Any attempt's success settles the message; a later attempt's answer then finds it gone.
        if (this.pending.get(message.clientMsgId) !== message) return;
        if (result.ok) {
          this.pending.delete(message.clientMsgId);
          this.options.onAcked(message, result.value as SendAck, this.options.now());
        } else if (RETRYABLE.has(result.error.code)) {
          if (message.attempts === attempt) this.retryLater(message);
        } else {
          this.pending.delete(message.clientMsgId);
          this.options.onRejected(message, result.error);
        }
      },
      () => {
        // Timed out or disconnected: only the newest attempt decides what happens next.
        if (this.pending.get(message.clientMsgId) !== message || message.attempts !== attempt) return;
        this.retryLater(message);
      },
    );
  }

  private retryLater(message: OutgoingMessage): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.attempt(message);
    }, this.options.retryDelayMs);
    this.retryTimers.add(timer);
  }
}
