import { io, type Socket } from 'socket.io-client';
import { EventEmitter } from 'node:events';
import type { ConversationSummary, HubPushes, Message } from '../../shared/protocol/hub';
import type { TeamBoard } from '../../shared/protocol/leads';
import type { Result } from '../../shared/result';

export type HubLinkState = 'connecting' | 'online' | 'offline';

export interface HubConnectionEvents {
  state: [HubLinkState, string | undefined];
  /** Emitted on every (re)connection: the workstation resynchronises from here. */
  connected: [];
  unauthorized: [string];
  message: [Message];
  conversation: [ConversationSummary];
  typing: [HubPushes['typing']];
  pool: [HubPushes['pool.updated']];
  status: [HubPushes['agent.status']];
  customer: [HubPushes['customer.updated']];
  team: [TeamBoard];
}

/**
 * The workstation's link to the hub. socket.io-client reconnects by itself with backoff; this class turns that into a
 * state the UI can show and a `connected` signal after which the caller resynchronises by sequence number.
 */
export class HubConnection extends EventEmitter<HubConnectionEvents> {
  private readonly socket: Socket;
  state: HubLinkState = 'connecting';
  detail: string | undefined;

  constructor(
    readonly url: string,
    token: string,
  ) {
    super();
    this.socket = io(url, {
      auth: { token },
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 3000,
      timeout: 5000,
    });
    this.socket.on('connect', () => {
      this.setState('online');
      this.emit('connected');
    });
    this.socket.on('disconnect', (reason) => this.setState('offline', reason));
    this.socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (err.data?.code === 'UNAUTHENTICATED') {
        this.emit('unauthorized', err.data.message ?? 'unauthenticated');
        this.socket.disconnect();
        this.setState('offline', err.data.message);
        return;
      }
      this.setState('offline', err.message);
    });
    this.socket.on('msg.new', (m: Message) => this.emit('message', m));
    this.socket.on('conv.updated', (c: ConversationSummary) => this.emit('conversation', c));
    this.socket.on('typing', (t: HubPushes['typing']) => this.emit('typing', t));
    this.socket.on('pool.updated', (p: HubPushes['pool.updated']) => this.emit('pool', p));
    this.socket.on('agent.status', (s: HubPushes['agent.status']) => this.emit('status', s));
    this.socket.on('customer.updated', (c: HubPushes['customer.updated']) => this.emit('customer', c));
    this.socket.on('team.updated', (b: TeamBoard) => this.emit('team', b));
  }

  get online(): boolean {
    return this.socket.connected;
  }

  /** Sends a request and waits for the hub's typed answer; a timeout or a dropped link answers UNAVAILABLE. */
  request<T>(event: string, payload: unknown, timeoutMs = 10_000): Promise<Result<T>> {
    if (!this.socket.connected) return Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'Not connected to the hub' } });
    return new Promise((resolve) => {
      this.socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, result: Result<T>) => {
        if (err) resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'The hub did not answer in time' } });
        else resolve(result);
      });
    });
  }

  /** Fire-and-forget (typing indicators): dropped silently while offline, which is what a typing flag deserves. */
  notify(event: string, payload: unknown): void {
    if (this.socket.connected) this.socket.emit(event, payload);
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.close();
    this.removeAllListeners();
  }

  private setState(state: HubLinkState, detail?: string) {
    this.state = state;
    this.detail = detail;
    this.emit('state', state, detail);
  }
}
