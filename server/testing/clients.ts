/**
 * Small clients for the hub used by tests, the simulator and the benchmarks: log in over HTTP, open a socket, make a
 * typed request. Kept in one place so the protocol is exercised the same way everywhere.
 */
import { io, type Socket } from 'socket.io-client';
import type { LoginResponse } from '../../shared/protocol/hub';
import type { Result } from '../../shared/result';

export async function loginStaff(hubUrl: string, username: string, password = 'demo123'): Promise<LoginResponse> {
  const res = await fetch(`${hubUrl}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username} failed: ${res.status}`);
  return (await res.json()) as LoginResponse;
}

export async function customerSession(
  hubUrl: string,
  body: Record<string, unknown> = {},
): Promise<{ token: string; customerId: string; displayName: string }> {
  const res = await fetch(`${hubUrl}/api/customer/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`customer session failed: ${res.status}`);
  return (await res.json()) as { token: string; customerId: string; displayName: string };
}

export function connectSocket(hubUrl: string, token: string | undefined, opts: { reconnection?: boolean } = {}): Socket {
  return io(hubUrl, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: opts.reconnection ?? true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
}

export function waitConnected(socket: Socket, timeoutMs = 5000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export function request<T>(socket: Socket, event: string, payload: unknown, timeoutMs = 5000): Promise<Result<T>> {
  return new Promise((resolve, reject) => {
    socket.timeout(timeoutMs).emit(event, payload, (err: Error | null, result: Result<T>) => (err ? reject(err) : resolve(result)));
  });
}

/** Resolves with the first event payload that satisfies the predicate. */
export function nextEvent<T>(socket: Socket, event: string, predicate: (p: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const handler = (p: T) => {
      if (!predicate(p)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(p);
    };
    socket.on(event, handler);
  });
}
