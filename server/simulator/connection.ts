/**
 * Socket plumbing shared by simulated customers and agents: a socket.io client that reconnects by itself, an
 * AckTransport over it for the outbox, and the clock every timestamp is taken on.
 */
import type { Socket } from 'socket.io-client';
import { connectSocket } from '../testing/clients';
import type { Result } from '../../shared/result';
import type { AckTransport } from './outbox';

/**
 * Milliseconds on CLOCK_MONOTONIC, which is one system-wide clock on Linux: a send time taken in one process and a
 * receive time taken in another are directly comparable (the benchmark relies on this).
 */
/** How a simulated client waits for the hub: shared by simulated agents and customers. */
export interface ConnectionTimings {
  ackTimeoutMs: number;
  retryDelayMs: number;
  connectTimeoutMs: number;
}

export const DEFAULT_CONNECTION_TIMINGS: ConnectionTimings = { ackTimeoutMs: 5000, retryDelayMs: 500, connectTimeoutMs: 10_000 };

export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function openSocket(hubUrl: string, token: string): Socket {
  return connectSocket(hubUrl, token, { reconnection: true });
}

export function socketTransport(socket: Socket): AckTransport {
  return {
    get connected() {
      return socket.connected;
    },
    request: (event, payload, timeoutMs) => socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<Result<unknown>>,
  };
}

/** Resolves on the first successful connect; rejects on a refused handshake (bad token) or after the timeout. */
export function firstConnect(socket: Socket, timeoutMs: number): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    const onConnect = () => done();
    const onError = (err: Error & { data?: { code?: string } }) => {
      // A middleware refusal will not get better by retrying; transport errors are retried by socket.io itself.
      if (err.data?.code === 'UNAUTHENTICATED') done(err);
    };
    function done(err?: Error) {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (err) reject(err);
      else resolve();
    }
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
  });
}
