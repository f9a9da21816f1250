/**
 * Browser-mode transport: the same `WorkstationApi` as the Electron preload, carried over a loopback WebSocket.
 * Wire format — client → `{ id, method, input }`; server → `{ id, result }` or a push `{ event, payload }`.
 * The socket reconnects with backoff (the services host may restart); requests in flight when it closes fail with
 * UNAVAILABLE so no caller waits forever, and `onReconnected` tells the app to re-fetch its state.
 */
import {
  pushEventNames,
  requestNames,
  type PushEventName,
  type PushEvents,
  type RequestName,
  type WorkstationApi,
} from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';

export type LinkState = 'connecting' | 'open' | 'closed';

/** The state of the renderer ↔ services link (always 'open' in Electron, where IPC cannot drop). */
export interface BridgeLink {
  getState(): LinkState;
  /** Human-readable reason of the last close, if any. */
  getDetail(): string | undefined;
  subscribe(listener: () => void): () => void;
  /** Called after the socket re-opens following a drop (not on the first open). */
  onReconnected(listener: () => void): () => void;
  close(): void;
}

/** The subset of the DOM WebSocket the client uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface SocketApiOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  /** Backoff schedule for reconnects: base delay doubles per failed attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  random?: () => number;
}

const OPEN = 1;

type Pending = { resolve: (r: Result<unknown>) => void };

const unavailable = (message: string): Result<never> => ({ ok: false, error: { code: 'UNAVAILABLE', message } });

const isPushEvent = (name: unknown): name is PushEventName =>
  typeof name === 'string' && (pushEventNames as readonly string[]).includes(name);

export function createSocketApi(options: SocketApiOptions): { api: WorkstationApi; link: BridgeLink } {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const baseDelay = options.baseDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const random = options.random ?? Math.random;

  let socket: SocketLike | null = null;
  let state: LinkState = 'connecting';
  let detail: string | undefined;
  let attempt = 0;
  let everOpened = false;
  let closedByUser = false;
  let reconnectTimer: unknown = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  /** Requests made while the socket is still connecting; sent on open, failed on close. */
  const queued: { id: number; frame: string }[] = [];
  const stateListeners = new Set<() => void>();
  const reconnectListeners = new Set<() => void>();
  const pushListeners = new Map<PushEventName, Set<(payload: never) => void>>();

  const setState = (next: LinkState, why?: string) => {
    state = next;
    detail = why;
    for (const l of [...stateListeners]) l();
  };

  const failAllPending = (message: string) => {
    const waiting = [...pending.values()];
    pending.clear();
    queued.length = 0;
    for (const p of waiting) p.resolve(unavailable(message));
  };

  const handleFrame = (raw: unknown) => {
    if (typeof raw !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      console.warn('[bridge] ignored a frame that is not JSON');
      return;
    }
    if (!frame || typeof frame !== 'object') return;
    const f = frame as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
    if (typeof f.id === 'number') {
      const p = pending.get(f.id);
      if (!p) return;
      pending.delete(f.id);
      const result = f.result as Result<unknown> | undefined;
      if (result && typeof result === 'object' && typeof result.ok === 'boolean') p.resolve(result);
      else p.resolve({ ok: false, error: { code: 'INTERNAL', message: 'Malformed answer from the services' } });
      return;
    }
    if (isPushEvent(f.event)) {
      const listeners = pushListeners.get(f.event);
      if (!listeners) return;
      for (const l of [...listeners]) {
        try {
          l(f.payload as never);
        } catch (err) {
          console.error(`[bridge] listener for ${f.event} failed`, err);
        }
      }
    }
  };

  const connect = () => {
    reconnectTimer = null;
    setState('connecting', detail);
    let s: SocketLike;
    try {
      s = createSocket(options.url);
    } catch (err) {
      scheduleReconnect(err instanceof Error ? err.message : String(err));
      return;
    }
    socket = s;
    s.onopen = () => {
      if (socket !== s) return;
      attempt = 0;
      const wasReconnect = everOpened;
      everOpened = true;
      setState('open');
      for (const q of queued.splice(0)) s.send(q.frame);
      if (wasReconnect) for (const l of [...reconnectListeners]) l();
    };
    s.onmessage = (ev) => {
      if (socket === s) handleFrame(ev.data);
    };
    s.onerror = () => {
      /* a close event always follows; handled there */
    };
    s.onclose = (ev) => {
      if (socket !== s) return;
      socket = null;
      const why = ev?.reason ? `${ev.reason} (${ev.code ?? ''})` : `connection closed${ev?.code ? ` (${ev.code})` : ''}`;
      failAllPending(`Lost the connection to the workstation services: ${why}`);
      if (closedByUser) {
        setState('closed', why);
        return;
      }
      scheduleReconnect(why);
    };
  };

  const scheduleReconnect = (why: string) => {
    setState('closed', why);
    const delay = Math.min(maxDelay, baseDelay * 2 ** attempt) * (0.75 + random() * 0.5);
    attempt += 1;
    reconnectTimer = setTimer(connect, Math.round(delay));
  };

  const call = (method: RequestName, input: unknown): Promise<Result<unknown>> =>
    new Promise((resolve) => {
      if (state === 'closed' || closedByUser) {
        resolve(unavailable(`The workstation services are unreachable${detail ? `: ${detail}` : ''}; reconnecting…`));
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve });
      const frame = JSON.stringify({ id, method, input: input ?? {} });
      if (socket && socket.readyState === OPEN) socket.send(frame);
      else queued.push({ id, frame });
    });

  // One generic proxy built from the contract's request names, so the client cannot drift from the contract.
  const methods = Object.fromEntries(requestNames.map((name) => [name, (input: unknown) => call(name, input)]));

  const api = {
    ...methods,
    on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
      let set = pushListeners.get(event);
      if (!set) pushListeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
  } as WorkstationApi;

  const link: BridgeLink = {
    getState: () => state,
    getDetail: () => detail,
    subscribe(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onReconnected(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    close() {
      closedByUser = true;
      if (reconnectTimer !== null) clearTimer(reconnectTimer);
      reconnectTimer = null;
      socket?.close(1000, 'closed by the page');
      if (!socket) setState('closed', 'closed by the page');
    },
  };

  connect();
  return { api, link };
}
