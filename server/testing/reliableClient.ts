/**
 * A hub client with at-least-once delivery, the way the workstation and the customer page behave: every send stays in
 * an outbox until the hub acknowledges it, is resent with the same clientMsgId after any reconnect, and the client
 * resynchronises from its last sequence number. Used by the chaos test to prove exactly-once as seen by users.
 */
import type { Socket } from 'socket.io-client';
import { connectSocket, request } from './clients';
import type { Message, SendAck } from '../../shared/protocol/hub';

export class ReliableClient {
  readonly socket: Socket;
  /** conversationId → seq → message, as this client has seen them (live pushes and resyncs). */
  readonly seen = new Map<string, Map<number, Message>>();
  readonly outbox = new Map<string, { conversationId: string; text: string }>();
  readonly acked = new Map<string, number>();
  /** clientMsgId → conversation it was sent to. */
  readonly sentTo = new Map<string, string>();
  duplicatesSeen = 0;
  reconnects = 0;
  private flushing = false;

  constructor(
    url: string,
    token: string,
    readonly label: string,
    private readonly conversations: () => string[],
  ) {
    this.socket = connectSocket(url, token);
    this.socket.on('msg.new', (m: Message) => this.record(m));
    this.socket.on('connect', () => {
      this.reconnects++;
      void this.resync().then(() => this.flush());
    });
  }

  private record(m: Message) {
    let bySeq = this.seen.get(m.conversationId);
    if (!bySeq) this.seen.set(m.conversationId, (bySeq = new Map()));
    const prior = bySeq.get(m.seq);
    if (prior) {
      if (prior.clientMsgId !== m.clientMsgId) throw new Error(`${this.label}: seq ${m.seq} reused for two messages`);
      this.duplicatesSeen++;
      return;
    }
    bySeq.set(m.seq, m);
  }

  lastSeq(conversationId: string): number {
    const bySeq = this.seen.get(conversationId);
    if (!bySeq || bySeq.size === 0) return 0;
    // contiguous prefix only: a gap must be filled by the next resync
    let seq = 0;
    while (bySeq.has(seq + 1)) seq++;
    return seq;
  }

  async resync(): Promise<void> {
    for (const conversationId of this.conversations()) {
      for (;;) {
        const after = this.lastSeq(conversationId);
        const page = await request<Message[]>(this.socket, 'conv.sync', { conversationId, afterSeq: after }, 3000).catch(() => null);
        if (!page?.ok) return;
        for (const m of page.value) this.record(m);
        if (page.value.length < 1000) break;
      }
    }
  }

  send(conversationId: string, clientMsgId: string, text: string): void {
    this.outbox.set(clientMsgId, { conversationId, text });
    this.sentTo.set(clientMsgId, conversationId);
    void this.deliver(clientMsgId);
  }

  private async deliver(clientMsgId: string): Promise<void> {
    const item = this.outbox.get(clientMsgId);
    if (!item || !this.socket.connected) return;
    const result = await request<SendAck>(this.socket, 'msg.send', { conversationId: item.conversationId, clientMsgId, text: item.text }, 3000).catch(() => null);
    if (!result) return; // timed out or dropped: resent after the next reconnect
    if (!result.ok) {
      if (result.error.code === 'UNAVAILABLE' || result.error.code === 'INTERNAL') return;
      throw new Error(`${this.label}: ${clientMsgId} refused: ${result.error.code} ${result.error.message}`);
    }
    const before = this.acked.get(clientMsgId);
    if (before !== undefined && before !== result.value.seq) throw new Error(`${this.label}: ${clientMsgId} acked with two sequence numbers`);
    this.acked.set(clientMsgId, result.value.seq);
    this.outbox.delete(clientMsgId);
  }

  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const id of [...this.outbox.keys()]) await this.deliver(id);
    } finally {
      this.flushing = false;
    }
  }

  close(): void {
    this.socket.close();
  }
}
