import { randomUUID } from 'node:crypto';
import type { HubDb } from './db/open';
import type { Message } from '../shared/protocol/hub';
import { findMessageByClientId, insertMessages, maxSeq } from './repos/messages';
import { updateConversationHead } from './repos/conversations';

export type NewMessage = Omit<Message, 'id' | 'seq' | 'at'> & { at?: string };
export interface Appended {
  message: Message;
  /** The hub had this clientMsgId already; the original is returned and nothing new was stored. */
  duplicate: boolean;
}

interface Pending {
  message: Message;
  resolve: (a: Appended) => void;
  reject: (e: unknown) => void;
}

/**
 * Durable, idempotent, sequenced message storage with group commit.
 *
 * Sequence numbers are assigned in memory when a message arrives; every message that arrives in the same turn of the
 * event loop is written in ONE transaction (WAL + synchronous=FULL: one fsync per batch rather than per message), and
 * only then are the callers' promises resolved, so nothing is acknowledged before it is on disk.
 */
export class MessageStore {
  private readonly lastSeq = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<Appended>>();
  private batch: Pending[] = [];
  private flushScheduled = false;
  private readonly writeBatch: (batch: readonly Message[]) => void;
  batchesCommitted = 0;

  constructor(
    private readonly db: HubDb,
    private readonly onCommitted: (messages: readonly Message[]) => void = () => {},
  ) {
    this.writeBatch = db.transaction((messages: readonly Message[]) => {
      insertMessages(db, messages);
      const heads = new Map<string, Message>();
      for (const m of messages) heads.set(m.conversationId, m);
      for (const m of heads.values()) updateConversationHead(db, m.conversationId, m.seq, preview(m), m.at);
    });
  }

  append(input: NewMessage): Promise<Appended> {
    const key = `${input.conversationId}\u0000${input.clientMsgId}`;
    const inFlight = this.inFlight.get(key);
    if (inFlight) return inFlight.then((a) => ({ message: a.message, duplicate: true }));
    const existing = findMessageByClientId(this.db, input.conversationId, input.clientMsgId);
    if (existing) return Promise.resolve({ message: existing, duplicate: true });

    const seq = this.nextSeq(input.conversationId);
    const message: Message = { ...input, id: randomUUID(), seq, at: input.at ?? new Date().toISOString() };
    const promise = new Promise<Appended>((resolve, reject) => {
      this.batch.push({ message, resolve, reject });
    });
    this.inFlight.set(key, promise);
    const forget = () => this.inFlight.delete(key);
    promise.then(forget, forget);
    this.scheduleFlush();
    return promise;
  }

  /** Writes whatever is queued now (tests and shutdown). */
  flushNow(): void {
    this.flushScheduled = false;
    const batch = this.batch;
    if (batch.length === 0) return;
    this.batch = [];
    try {
      this.writeBatch(batch.map((p) => p.message));
    } catch (err) {
      // Nothing of this batch was stored: forget the in-memory sequence heads so they are re-read from disk.
      for (const p of batch) this.lastSeq.delete(p.message.conversationId);
      for (const p of batch) p.reject(err);
      return;
    }
    this.batchesCommitted++;
    for (const p of batch) p.resolve({ message: p.message, duplicate: false });
    this.onCommitted(batch.map((p) => p.message));
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushNow());
  }

  private nextSeq(conversationId: string): number {
    const last = this.lastSeq.get(conversationId) ?? maxSeq(this.db, conversationId);
    this.lastSeq.set(conversationId, last + 1);
    return last + 1;
  }
}

function preview(m: Message): string {
  if (m.kind === 'whisper') return '';
  return m.text.length > 60 ? `${m.text.slice(0, 60)}…` : m.text;
}
