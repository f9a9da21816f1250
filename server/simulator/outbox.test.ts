import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../shared/result';
import type { SendAck } from '../../shared/protocol/hub';
import { Outbox, type AckTransport, type OutgoingMessage } from './outbox';

interface Emitted {
  event: string;
  payload: { conversationId: string; clientMsgId: string; text: string };
  answer: (r: Result<unknown>) => void;
  drop: () => void;
}

/** A transport whose every emit waits until the test answers it, drops it (timeout/disconnect) or leaves it hanging. */
function fakeTransport() {
  const emitted: Emitted[] = [];
  const transport: AckTransport & { connected: boolean } = {
    connected: true,
    request: (event, payload) =>
      new Promise((resolve, reject) => {
        emitted.push({ event, payload: payload as Emitted['payload'], answer: resolve, drop: () => reject(new Error('operation has timed out')) });
      }),
  };
  return { transport, emitted };
}

const ack = (seq: number, duplicate = false): Result<SendAck> => ({ ok: true, value: { seq, messageId: `m${seq}`, at: '2025-01-01T00:00:00Z', duplicate } });

function outboxWith(transport: AckTransport) {
  const acked: { message: OutgoingMessage; ack: SendAck }[] = [];
  const rejected: string[] = [];
  let resent = 0;
  const outbox = new Outbox(transport, {
    ackTimeoutMs: 1000,
    retryDelayMs: 10,
    now: () => 0,
    onAcked: (message, a) => acked.push({ message, ack: a }),
    onRejected: (m, e) => rejected.push(`${m.clientMsgId}:${e.code}`),
    onResent: () => resent++,
  });
  return { outbox, acked, rejected, resent: () => resent };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('simulator outbox: at-least-once sending', () => {
  it('resends after an ack timeout with the same clientMsgId and settles the message once', async () => {
    vi.useFakeTimers();
    const { transport, emitted } = fakeTransport();
    const { outbox, acked, resent } = outboxWith(transport);
    outbox.send('CV-1', 'client-msg-1', '你好');
    expect(emitted).toHaveLength(1);
    emitted[0]!.drop();
    await vi.advanceTimersByTimeAsync(20);
    expect(emitted).toHaveLength(2);
    expect(emitted[1]!.payload).toEqual(emitted[0]!.payload);
    expect(resent()).toBe(1);
    emitted[1]!.answer(ack(1, true));
    await vi.advanceTimersByTimeAsync(0);
    expect(acked.map((a) => a.ack.seq)).toEqual([1]);
    expect(outbox.size).toBe(0);
  });

  it('holds messages while disconnected and sends them, in order, when flushed on reconnect', async () => {
    const { transport, emitted } = fakeTransport();
    const { outbox, acked } = outboxWith(transport);
    transport.connected = false;
    outbox.send('CV-1', 'client-msg-1', 'first');
    outbox.send('CV-1', 'client-msg-2', 'second');
    expect(emitted).toHaveLength(0);
    transport.connected = true;
    outbox.flush();
    expect(emitted.map((e) => e.payload.clientMsgId)).toEqual(['client-msg-1', 'client-msg-2']);
    emitted[1]!.answer(ack(2));
    emitted[0]!.answer(ack(1));
    await Promise.resolve();
    await Promise.resolve();
    expect(acked.map((a) => a.message.clientMsgId).sort()).toEqual(['client-msg-1', 'client-msg-2']);
  });

  it('resends what was in flight when the connection dropped, and a late answer to the old attempt settles it only once', async () => {
    const { transport, emitted } = fakeTransport();
    const { outbox, acked } = outboxWith(transport);
    outbox.send('CV-1', 'client-msg-1', 'hello');
    transport.connected = false;
    transport.connected = true;
    outbox.flush(); // reconnect: the first emit is still unanswered
    expect(emitted.map((e) => e.payload.clientMsgId)).toEqual(['client-msg-1', 'client-msg-1']);
    emitted[0]!.answer(ack(1));
    emitted[1]!.answer(ack(1, true));
    await Promise.resolve();
    await Promise.resolve();
    expect(acked).toHaveLength(1);
    expect(outbox.size).toBe(0);
  });

  it('drops and reports a message the hub refuses for good, but retries one it refuses for now', async () => {
    vi.useFakeTimers();
    const { transport, emitted } = fakeTransport();
    const { outbox, acked, rejected } = outboxWith(transport);
    outbox.send('CV-1', 'forbidden-1', 'x');
    outbox.send('CV-1', 'unavailable-1', 'y');
    emitted[0]!.answer({ ok: false, error: { code: 'FORBIDDEN', message: 'Not your conversation' } });
    emitted[1]!.answer({ ok: false, error: { code: 'UNAVAILABLE', message: 'busy' } });
    await vi.advanceTimersByTimeAsync(20);
    expect(rejected).toEqual(['forbidden-1:FORBIDDEN']);
    expect(emitted.map((e) => e.payload.clientMsgId)).toEqual(['forbidden-1', 'unavailable-1', 'unavailable-1']);
    emitted[2]!.answer(ack(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(acked.map((a) => a.message.clientMsgId)).toEqual(['unavailable-1']);
  });

  it('refuses to queue the same clientMsgId twice', () => {
    const { transport } = fakeTransport();
    const { outbox } = outboxWith(transport);
    outbox.send('CV-1', 'client-msg-1', 'a');
    expect(() => outbox.send('CV-1', 'client-msg-1', 'b')).toThrow(/already pending/);
  });
});
