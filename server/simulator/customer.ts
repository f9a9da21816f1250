/**
 * A simulated customer: opens a session, asks a question from the bank, answers each agent reply after a think time
 * with the question's next follow-up, sometimes leaves early, and rates the service when asked (once the protocol has
 * CSAT). With `converse: false` it only sends what it is told to (the benchmark drives it at an offered rate).
 * Every send goes through an at-least-once outbox; after a reconnect it says hello again, catches up on the messages
 * it missed and resends what was not acknowledged, with the same clientMsgIds.
 */
import type { Socket } from 'socket.io-client';
import type { CustomerHello, Message, SendAck } from '../../shared/protocol/hub';
import type { Result } from '../../shared/result';
import { customerSession } from '../testing/clients';
import { CSAT_COMMENTS, type Question, type QuestionBank } from './bank';
import { DEFAULT_CONNECTION_TIMINGS, firstConnect, monotonicMs, openSocket, socketTransport, type ConnectionTimings } from './connection';
import { Outbox, type OutgoingMessage } from './outbox';
import { customerMayRequest, firstAcceptedCustomerPayload } from './protocolSupport';
import { between, createRng, deriveSeed, pick, type Rng } from './random';
import type { SimStats } from './stats';

export interface CustomerBehaviour extends ConnectionTimings {
  /** true: asks, follows up, leaves and rates on its own; false: sends only when told to (benchmark). */
  converse: boolean;
  firstMessageDelayMs: [number, number];
  thinkTimeMs: [number, number];
  /** Chance, after each agent reply, of leaving before the follow-ups run out. */
  leaveEarlyProbability: number;
  /** Chance of leaving once every follow-up has been said (otherwise it stays until the run ends or CSAT comes). */
  leaveWhenDoneProbability: number;
}

export const DEFAULT_CUSTOMER_BEHAVIOUR: CustomerBehaviour = {
  converse: true,
  firstMessageDelayMs: [200, 1500],
  thinkTimeMs: [1500, 6000],
  leaveEarlyProbability: 0.1,
  leaveWhenDoneProbability: 0.5,
  ...DEFAULT_CONNECTION_TIMINGS,
};

export type Arrival = 'push' | 'sync';

export interface CustomerOptions {
  hubUrl: string;
  /** This customer's number in the run; with the seed it names its clientMsgIds and seeds its choices. */
  index: number;
  seed: number;
  questions: QuestionBank;
  stats: SimStats;
  /** A customer token minted elsewhere (benchmark); without one a session is opened over HTTP. */
  token?: string;
  /** The entry point to come in through (overrides the question's); skips the bot and queues for that skill group. */
  entryPoint?: string;
  behaviour?: Partial<CustomerBehaviour>;
  /** Every staff message that arrives, pushed live or caught up after a reconnect (duplicates included). */
  onPeerMessage?: (message: Message, receivedAt: number, via: Arrival) => void;
  onAcked?: (message: OutgoingMessage, ack: SendAck, ackedAt: number) => void;
  log?: (line: string) => void;
}

/** new → chatting → (left | ended by the hub | closed by the run). */
type Phase = 'new' | 'chatting' | 'left' | 'ended' | 'closed';

const RATINGS = [5, 5, 5, 5, 4, 4, 4, 3, 2, 1] as const;

export class SimulatedCustomer {
  readonly question: Question;
  private readonly behaviour: CustomerBehaviour;
  private readonly rng: Rng;
  private readonly log: (line: string) => void;
  private socket: Socket | null = null;
  private outbox: Outbox | null = null;
  private phase: Phase = 'new';
  private conversationIdValue: string | null = null;
  private followUpIndex = 0;
  private counter = 0;
  private connectedBefore = false;
  private countedConnected = false;
  private readonly seenSeqs = new Set<number>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private replyScheduled = false;
  private readyResolve: (() => void) | null = null;

  constructor(private readonly options: CustomerOptions) {
    this.behaviour = { ...DEFAULT_CUSTOMER_BEHAVIOUR, ...options.behaviour };
    this.rng = createRng(deriveSeed(options.seed, 'customer', options.index));
    this.question = pick(this.rng, options.questions.questions);
    this.log = options.log ?? (() => {});
  }

  get conversationId(): string | null {
    return this.conversationIdValue;
  }

  /** The customer left, the hub ended the conversation, or the run closed it. */
  get hasLeft(): boolean {
    return this.phase !== 'new' && this.phase !== 'chatting';
  }

  get unacknowledged(): number {
    return this.outbox?.size ?? 0;
  }

  /** Opens the session and the socket; resolves once the first customer.hello has answered. */
  async start(): Promise<void> {
    const { stats, hubUrl } = this.options;
    stats.customersStarted++;
    const token = this.options.token ?? (await customerSession(hubUrl, this.sessionBody())).token;
    const socket = openSocket(hubUrl, token);
    this.socket = socket;
    this.outbox = new Outbox(socketTransport(socket), {
      ackTimeoutMs: this.behaviour.ackTimeoutMs,
      retryDelayMs: this.behaviour.retryDelayMs,
      now: monotonicMs,
      onAcked: (m, ack, at) => {
        stats.customerAcked++;
        if (ack.duplicate) stats.duplicateAcks++;
        this.options.onAcked?.(m, ack, at);
      },
      onRejected: (m, error) => {
        stats.rejected++;
        this.log(`customer ${this.options.index}: ${m.clientMsgId} refused: ${error.code} ${error.message}`);
      },
      onResent: () => stats.resent++,
    });
    const ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
    socket.on('connect', () => void this.onConnect());
    socket.on('disconnect', () => this.markDisconnected());
    socket.on('msg.new', (m: Message) => this.onMessage(m, 'push'));
    socket.on('csat.request', (p: unknown) => this.onCsatRequest(p));
    socket.on('conv.ended', (p: { conversationId?: string }) => this.onEnded(p));
    await firstConnect(socket, this.behaviour.connectTimeoutMs);
    await ready;
  }

  /** Sends a text in the conversation (at least once); returns its clientMsgId. */
  send(text: string): string {
    if (!this.outbox || !this.conversationIdValue) throw new Error(`customer ${this.options.index} has no conversation yet`);
    const clientMsgId = `sim${this.options.seed}-c${this.options.index}-${++this.counter}`;
    this.outbox.send(this.conversationIdValue, clientMsgId, text);
    this.options.stats.customerSent++;
    return clientMsgId;
  }

  /** Leaves the chat: customer.leave when the protocol has it, then the socket is closed like a closed browser tab. */
  async leave(): Promise<void> {
    if (this.hasLeft) return;
    this.phase = 'left';
    this.options.stats.left++;
    this.clearTimers();
    const conversationId = this.conversationIdValue;
    if (this.socket?.connected && conversationId) {
      const payload = firstAcceptedCustomerPayload('customer.leave', [{ conversationId }, {}]);
      if (payload) await this.request('customer.leave', payload).catch(() => undefined);
    }
    this.close();
  }

  close(): void {
    if (this.phase === 'new' || this.phase === 'chatting') this.phase = 'closed';
    this.clearTimers();
    this.outbox?.close();
    this.socket?.close();
    this.markDisconnected();
  }

  private get entryPoint(): string | undefined {
    return this.options.entryPoint ?? this.question.entryPoint;
  }

  private sessionBody(): Record<string, unknown> {
    return this.entryPoint ? { entryPoint: this.entryPoint } : {};
  }

  private async onConnect(): Promise<void> {
    const { stats } = this.options;
    if (this.connectedBefore) stats.reconnects++;
    this.connectedBefore = true;
    if (!this.countedConnected) {
      this.countedConnected = true;
      stats.customersConnected++;
    }
    const entryPoint = this.entryPoint;
    const helloPayload = (entryPoint && customerMayRequest('customer.hello', { entryPoint }) ? { entryPoint } : {}) as object;
    let hello: Result<CustomerHello>;
    try {
      hello = (await this.request('customer.hello', helloPayload)) as Result<CustomerHello>;
    } catch {
      return; // disconnected again before the answer: the next connect says hello again
    }
    if (!hello.ok) {
      stats.errors++;
      this.log(`customer ${this.options.index}: hello refused: ${hello.error.code} ${hello.error.message}`);
      return;
    }
    if (this.conversationIdValue !== hello.value.conversationId) this.seenSeqs.clear();
    this.conversationIdValue = hello.value.conversationId;
    // What arrived while we were away (and on a resumed session, before we came).
    for (const m of hello.value.messages) this.onMessage(m, 'sync');
    this.outbox!.flush();
    if (this.phase === 'new') {
      this.phase = 'chatting';
      if (this.behaviour.converse) this.later(between(this.rng, this.behaviour.firstMessageDelayMs), () => this.send(this.question.text));
    }
    this.readyResolve?.();
    this.readyResolve = null;
  }

  private markDisconnected(): void {
    if (!this.countedConnected) return;
    this.countedConnected = false;
    this.options.stats.customersConnected--;
  }

  private onMessage(m: Message, via: Arrival): void {
    if (m.conversationId !== this.conversationIdValue || m.senderKind === 'customer') return;
    this.options.onPeerMessage?.(m, monotonicMs(), via);
    if (this.seenSeqs.has(m.seq)) return;
    this.seenSeqs.add(m.seq);
    if (m.senderKind !== 'agent' && m.senderKind !== 'lead') return;
    this.options.stats.repliesReceived++;
    if (this.behaviour.converse && this.phase === 'chatting') this.scheduleReply();
  }

  /** One answer per think time, however many messages the agent sent meanwhile. */
  private scheduleReply(): void {
    if (this.replyScheduled) return;
    this.replyScheduled = true;
    this.later(between(this.rng, this.behaviour.thinkTimeMs), () => {
      this.replyScheduled = false;
      if (this.phase !== 'chatting') return;
      const followUps = this.question.followUps;
      if (this.followUpIndex < followUps.length) {
        if (this.rng() < this.behaviour.leaveEarlyProbability) void this.leave();
        else this.send(followUps[this.followUpIndex++]!);
      } else if (this.rng() < this.behaviour.leaveWhenDoneProbability) {
        void this.leave();
      }
    });
  }

  /** The hub ended the conversation (closed, idle, abandoned): stop talking and close, leaving time for a rating. */
  private onEnded(payload: { conversationId?: string }): void {
    if (payload?.conversationId !== this.conversationIdValue) return;
    this.markEnded();
    this.later(this.behaviour.firstMessageDelayMs[1] + 500, () => this.close());
  }

  private markEnded(): void {
    if (this.hasLeft) return;
    this.phase = 'ended';
    this.clearTimers();
    this.options.stats.ended++;
  }

  /** The agent resolved the chat and the hub asks for a rating: give one after a moment, then close the page. */
  private onCsatRequest(payload: unknown): void {
    const requested = (payload as { conversationId?: unknown } | null)?.conversationId;
    const conversationId = typeof requested === 'string' ? requested : this.conversationIdValue;
    if (conversationId !== this.conversationIdValue || this.phase === 'left' || this.phase === 'closed') return;
    this.markEnded();
    const rating = pick(this.rng, RATINGS);
    const comment = this.rng() < 0.4 ? pick(this.rng, CSAT_COMMENTS) : '';
    const submit = firstAcceptedCustomerPayload('csat.submit', [
      { conversationId, score: rating, ...(comment ? { comment } : {}) },
      { conversationId, rating, ...(comment ? { comment } : {}) },
    ]);
    if (!submit) {
      this.log(`customer ${this.options.index}: csat.request received but the protocol has no acceptable csat.submit`);
      return;
    }
    this.later(between(this.rng, this.behaviour.firstMessageDelayMs), () => {
      void this.request('csat.submit', submit).then(
        (r) => {
          if (r.ok) this.options.stats.rated++;
          else this.log(`customer ${this.options.index}: csat.submit refused: ${r.error.code} ${r.error.message}`);
          this.close();
        },
        () => {
          this.options.stats.errors++;
          this.close();
        },
      );
    });
  }

  private request(event: string, payload: unknown): Promise<Result<unknown>> {
    if (!this.socket) return Promise.reject(new Error('not started'));
    return socketTransport(this.socket).request(event, payload, this.behaviour.ackTimeoutMs);
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.replyScheduled = false;
  }
}
