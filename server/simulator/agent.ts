/**
 * A simulated agent: connects with a staff token, keeps the set of conversations the hub assigned to it, and answers
 * each customer message after a think time with a fitting line from the answer bank. With `converse: false` it only
 * sends what it is told to (the benchmark). Sends are at-least-once through the outbox; after a reconnect it re-reads
 * its conversations, catches up on missed customer messages and resends what was not acknowledged.
 */
import type { Socket } from 'socket.io-client';
import type { ConversationSummary, Message, SendAck } from '../../shared/protocol/hub';
import type { Result } from '../../shared/result';
import { loginStaff } from '../testing/clients';
import { chooseAnswer } from './bank';
import { DEFAULT_CONNECTION_TIMINGS, firstConnect, monotonicMs, openSocket, socketTransport, type ConnectionTimings } from './connection';
import type { Arrival } from './customer';
import { Outbox, type OutgoingMessage } from './outbox';
import { TERMINAL_STATES } from '../../shared/ticket/machine';
import { staffMayRequest } from './protocolSupport';
import { between, createRng, deriveSeed, type Rng } from './random';
import type { SimStats } from './stats';

export interface AgentBehaviour extends ConnectionTimings {
  /** true: answers every customer message on its own; false: sends only when told to (benchmark). */
  converse: boolean;
  thinkTimeMs: [number, number];
  /** After this many answers (drawn per conversation) the agent resolves the chat, which asks the customer to rate. */
  resolveAfterAnswers: [number, number] | null;
}

export const DEFAULT_AGENT_BEHAVIOUR: AgentBehaviour = {
  converse: true,
  thinkTimeMs: [1000, 4000],
  resolveAfterAnswers: [3, 5],
  ...DEFAULT_CONNECTION_TIMINGS,
};

export interface AgentOptions {
  hubUrl: string;
  token: string;
  agentId: string;
  index: number;
  seed: number;
  stats: SimStats;
  behaviour?: Partial<AgentBehaviour>;
  /** Every customer message that arrives in an owned conversation, pushed or caught up (duplicates included). */
  onPeerMessage?: (message: Message, receivedAt: number, via: Arrival) => void;
  onAcked?: (message: OutgoingMessage, ack: SendAck, ackedAt: number) => void;
  /** A conversation was assigned to this agent (first time seen). */
  onAssigned?: (conversationId: string) => void;
  log?: (line: string) => void;
}

interface OwnedConversation {
  id: string;
  seenSeqs: Set<number>;
  lastCustomerText: string;
  replyScheduled: boolean;
  answers: number;
  resolveAfter: number;
}

/** States in which a conversation no longer needs its agent's answers. */
const FINISHED_STATES: ReadonlySet<string> = new Set([...TERMINAL_STATES, 'resolved']);

/** Logs a demo account in over HTTP (scrypt on the hub: fine for a few agents, the benchmark mints tokens instead). */
export async function loginAgent(hubUrl: string, username: string, password: string): Promise<{ token: string; agentId: string }> {
  const { token, user } = await loginStaff(hubUrl, username, password);
  if (user.role !== 'agent' && user.role !== 'lead') throw new Error(`${username} is a ${user.role}, not an agent`);
  return { token, agentId: user.id };
}

export class SimulatedAgent {
  private readonly behaviour: AgentBehaviour;
  private readonly rng: Rng;
  private readonly log: (line: string) => void;
  private readonly owned = new Map<string, OwnedConversation>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Last answers whose acknowledgement resolves their conversation (so that the answer is stored first). */
  private readonly resolveOnAck = new Map<string, OwnedConversation>();
  private socket: Socket | null = null;
  private outbox: Outbox | null = null;
  private counter = 0;
  private connectedBefore = false;
  private countedConnected = false;
  private closed = false;

  constructor(private readonly options: AgentOptions) {
    this.behaviour = { ...DEFAULT_AGENT_BEHAVIOUR, ...options.behaviour };
    this.rng = createRng(deriveSeed(options.seed, 'agent', options.index));
    this.log = options.log ?? (() => {});
  }

  get agentId(): string {
    return this.options.agentId;
  }

  /** Open conversations the hub has assigned to this agent. */
  get conversations(): string[] {
    return [...this.owned.keys()];
  }

  get unacknowledged(): number {
    return this.outbox?.size ?? 0;
  }

  async start(): Promise<void> {
    const { stats } = this.options;
    const socket = openSocket(this.options.hubUrl, this.options.token);
    this.socket = socket;
    this.outbox = new Outbox(socketTransport(socket), {
      ackTimeoutMs: this.behaviour.ackTimeoutMs,
      retryDelayMs: this.behaviour.retryDelayMs,
      now: monotonicMs,
      onAcked: (m, ack, at) => {
        stats.agentAcked++;
        if (ack.duplicate) stats.duplicateAcks++;
        this.options.onAcked?.(m, ack, at);
        const conv = this.resolveOnAck.get(m.clientMsgId);
        if (conv) {
          this.resolveOnAck.delete(m.clientMsgId);
          this.resolve(conv);
        }
      },
      onRejected: (m, error) => {
        stats.rejected++;
        this.log(`agent ${this.agentId}: ${m.clientMsgId} refused: ${error.code} ${error.message}`);
      },
      onResent: () => stats.resent++,
    });
    socket.on('connect', () => void this.onConnect());
    socket.on('disconnect', () => this.markDisconnected());
    socket.on('conv.updated', (c: ConversationSummary) => this.onConversation(c));
    socket.on('msg.new', (m: Message) => this.onMessage(m, 'push'));
    await firstConnect(socket, this.behaviour.connectTimeoutMs);
  }

  /** Sends a text to the customer of an owned conversation (at least once); returns its clientMsgId. */
  send(conversationId: string, text: string): string {
    if (!this.outbox) throw new Error(`agent ${this.agentId} is not started`);
    const clientMsgId = `sim${this.options.seed}-a${this.options.index}-${++this.counter}`;
    this.outbox.send(conversationId, clientMsgId, text);
    this.options.stats.agentSent++;
    return clientMsgId;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.outbox?.close();
    this.socket?.close();
    this.markDisconnected();
  }

  private async onConnect(): Promise<void> {
    const { stats } = this.options;
    const reconnect = this.connectedBefore;
    if (reconnect) stats.reconnects++;
    this.connectedBefore = true;
    if (!this.countedConnected) {
      this.countedConnected = true;
      stats.agentsConnected++;
    }
    this.outbox!.flush();
    // The hub re-joins our rooms on connect; re-read the list so that nothing assigned while we were away is missed.
    const list = await this.request('conv.list', {}).catch(() => null);
    if (list?.ok) for (const c of list.value as ConversationSummary[]) this.onConversation(c);
    if (reconnect) for (const conv of this.owned.values()) void this.catchUp(conv);
  }

  private markDisconnected(): void {
    if (!this.countedConnected) return;
    this.countedConnected = false;
    this.options.stats.agentsConnected--;
  }

  private onConversation(c: ConversationSummary): void {
    const mine = c.ownerId === this.agentId && !FINISHED_STATES.has(c.state);
    const known = this.owned.get(c.id);
    if (!mine) {
      if (known) this.owned.delete(c.id);
      return;
    }
    if (known) return;
    const resolveRange = this.behaviour.resolveAfterAnswers;
    const conv: OwnedConversation = {
      id: c.id,
      seenSeqs: new Set(),
      lastCustomerText: '',
      replyScheduled: false,
      answers: 0,
      resolveAfter: resolveRange ? between(this.rng, resolveRange) : Infinity,
    };
    this.owned.set(c.id, conv);
    this.options.onAssigned?.(c.id);
    // Messages the customer sent before the assignment were not pushed to us.
    void this.catchUp(conv);
  }

  private async catchUp(conv: OwnedConversation): Promise<void> {
    const result = (await this.request('conv.sync', { conversationId: conv.id, afterSeq: 0 }).catch(() => null)) as Result<Message[]> | null;
    if (!result?.ok) return;
    for (const m of result.value) this.onMessage(m, 'sync');
  }

  private onMessage(m: Message, via: Arrival): void {
    const conv = this.owned.get(m.conversationId);
    if (!conv || m.senderKind !== 'customer') return;
    this.options.onPeerMessage?.(m, monotonicMs(), via);
    if (conv.seenSeqs.has(m.seq)) return;
    conv.seenSeqs.add(m.seq);
    this.options.stats.customerMessagesReceived++;
    conv.lastCustomerText = m.text;
    if (this.behaviour.converse) this.scheduleReply(conv);
  }

  private scheduleReply(conv: OwnedConversation): void {
    if (conv.replyScheduled || this.closed) return;
    conv.replyScheduled = true;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      conv.replyScheduled = false;
      if (this.owned.get(conv.id) !== conv) return; // taken away or finished meanwhile
      const clientMsgId = this.send(conv.id, chooseAnswer(this.rng, conv.lastCustomerText));
      if (++conv.answers >= conv.resolveAfter) {
        this.owned.delete(conv.id); // no more answers here, whatever the customer says meanwhile
        this.resolveOnAck.set(clientMsgId, conv);
      }
    }, between(this.rng, this.behaviour.thinkTimeMs));
    this.timers.add(timer);
  }

  private resolve(conv: OwnedConversation): void {
    const payload = { conversationId: conv.id };
    if (this.closed || !staffMayRequest('ticket.resolve', payload)) return;
    void this.request('ticket.resolve', payload).then(
      (r) => {
        if (r.ok) this.options.stats.resolved++;
        else this.log(`agent ${this.agentId}: resolving ${conv.id} refused: ${r.error.code} ${r.error.message}`);
      },
      () => this.options.stats.errors++,
    );
  }

  private request(event: string, payload: unknown): Promise<Result<unknown>> {
    if (!this.socket) return Promise.reject(new Error('not started'));
    return socketTransport(this.socket).request(event, payload, this.behaviour.ackTimeoutMs);
  }
}
