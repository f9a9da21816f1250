import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { AppFailure, fail, toAppError, type Result } from '../shared/result';

export type Ack = (result: Result<unknown>) => void;

/**
 * Binds a table of validated request handlers to a socket. Every inbound event is checked against its zod schema;
 * a malformed, unknown or failing event is answered with a typed error (through the ack when the client gave one,
 * otherwise as a `hub.error` push) and never throws into socket.io, so one bad client cannot disturb the others.
 */
export function bindRequests<T extends Record<string, z.ZodType>>(
  socket: Socket,
  schemas: T,
  handlers: { [K in keyof T]: (payload: z.output<T[K]>) => unknown },
  onError: (event: string, err: unknown) => void,
): void {
  const known = new Set(Object.keys(schemas));
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && known.has(event)) return;
    const name = typeof event === 'string' ? event.slice(0, 80) : typeof event;
    replyError(socket, name, takeAck(args), fail('UNKNOWN_EVENT', `Unknown event "${name}"`).error);
  });
  for (const name of known) {
    socket.on(name, (...args: unknown[]) => {
      const ack = takeAck(args);
      const parsed = schemas[name]!.safeParse(args[0] ?? {});
      if (!parsed.success) {
        const message = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        replyError(socket, name, ack, { code: 'BAD_REQUEST', message: `Invalid ${name}: ${message}` });
        return;
      }
      let result: unknown;
      try {
        result = (handlers[name as keyof T] as (payload: unknown) => unknown)(parsed.data);
      } catch (err) {
        settle(socket, name, ack, err, onError);
        return;
      }
      Promise.resolve(result).then(
        (value) => ack?.({ ok: true, value: value ?? null }),
        (err: unknown) => settle(socket, name, ack, err, onError),
      );
    });
  }
}

function settle(socket: Socket, event: string, ack: Ack | undefined, err: unknown, onError: (e: string, err: unknown) => void) {
  if (!(err instanceof AppFailure)) onError(event, err);
  const error = toAppError(err);
  // Internal failures are reported without their inner message: it may describe the server's internals.
  replyError(socket, event, ack, error.code === 'INTERNAL' ? { code: 'INTERNAL', message: 'Internal error; the hub logged it.' } : error);
}

function takeAck(args: unknown[]): Ack | undefined {
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    args.pop();
    return last as Ack;
  }
  return undefined;
}

function replyError(socket: Socket, event: string, ack: Ack | undefined, error: { code: string; message: string; details?: unknown }) {
  if (ack) ack({ ok: false, error: error as never });
  else socket.emit('hub.error', { event, code: error.code, message: error.message });
}
