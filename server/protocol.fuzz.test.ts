/**
 * Protocol fuzzing over real sockets. Every event in `staffRequests` and `customerRequests` (iterated, so events added
 * later are fuzzed too) receives generated hostile payloads from a staff member and from a customer, with and without
 * an acknowledgement; unknown event names and raw malformed frames are sent as well. Every one must get a typed
 * answer, the hub must never fail internally, and a bystander conversation must keep flowing, in order, throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from './hub';
import {
  connectSocket,
  customerSession,
  loginStaff,
  nextEvent,
  request,
  waitConnected,
} from './testing/clients';
import {
  customerRequests,
  staffRequests,
  type ConversationSummary,
  type CustomerHello,
  type Message,
  type SendAck,
} from '../shared/protocol/hub';
import type { ErrorCode, Result } from '../shared/result';
import { hostilePayload, hostileValue, prototypesClean, unknownEventName, viaJson } from './fuzz/hostile';

const SEED = 20_251_122;
/** Every event gets its own run of this many payloads, so a newly added event is fuzzed as hard as the old ones. */
const RUNS_PER_EVENT = 12;
const UNKNOWN_RUNS = 120;
const ERROR_CODES: readonly ErrorCode[] = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ALREADY_TAKEN',
  'CAPACITY_FULL',
  'INVALID_TRANSITION',
  'COMPLIANCE_BLOCKED',
  'SUITABILITY_DENIED',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_EVENT',
  'UNAVAILABLE',
  'INTERNAL',
];

let dir: string;
let hub: Hub;
const hubLog: string[] = [];
const sockets: Socket[] = [];
const keep = (s: Socket) => (sockets.push(s), s);
let bystanderAgent: Socket;
let bystanderCustomer: Socket;
let bystanderConversation: string;
let fuzzConversation: string;

const stats = {
  payloads: 0,
  typedRejections: 0,
  acceptedValid: 0,
  pushedErrors: 0,
  unknown: 0,
  rawFrames: 0,
  disconnects: 0,
  crashes: 0,
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-fuzz-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: (l) => hubLog.push(l) });
  bystanderAgent = keep(connectSocket(hub.url, (await loginStaff(hub.url, 'agent01')).token));
  await waitConnected(bystanderAgent);
  const session = await customerSession(hub.url);
  bystanderCustomer = keep(connectSocket(hub.url, session.token));
  await waitConnected(bystanderCustomer);
  const assigned = nextEvent<ConversationSummary>(
    bystanderAgent,
    'conv.updated',
    (c) => c.ownerId === 'agent01',
  );
  const hello = await request<CustomerHello>(bystanderCustomer, 'customer.hello', {});
  if (!hello.ok) throw new Error(hello.error.message);
  bystanderConversation = hello.value.conversationId;
  // The hub hands a conversation to an agent at the customer's first message.
  await request<SendAck>(bystanderCustomer, 'msg.send', {
    conversationId: bystanderConversation,
    clientMsgId: 'bystander-first',
    text: '你好,我想开户',
  });
  await assigned;
});

afterAll(async () => {
  for (const s of sockets.splice(0)) s.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `[protocol fuzz] payloads tried: ${stats.payloads}, typed rejections: ${stats.typedRejections}, valid-by-chance accepted: ${stats.acceptedValid}, ` +
      `hub.error pushes: ${stats.pushedErrors}, unknown events: ${stats.unknown}, raw frames: ${stats.rawFrames}, ` +
      `fuzzer disconnects: ${stats.disconnects}, crashes: ${stats.crashes}`,
  );
});

/** A conversation between agent01 and a customer that keeps going while the fuzzing runs; checked for order at the end. */
let bystanderRuns = 0;
function startBystander() {
  const run = bystanderRuns++;
  const sent: string[] = [];
  const agentSaw: Message[] = [];
  const customerSaw: Message[] = [];
  const onAgent = (m: Message) => m.conversationId === bystanderConversation && agentSaw.push(m);
  const onCustomer = (m: Message) => m.conversationId === bystanderConversation && customerSaw.push(m);
  bystanderAgent.on('msg.new', onAgent);
  bystanderCustomer.on('msg.new', onCustomer);
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const from = i % 2 === 0 ? bystanderCustomer : bystanderAgent;
      const text = `bystander ${run}-${String(i).padStart(4, '0')}`;
      const ack = await request<SendAck>(from, 'msg.send', {
        conversationId: bystanderConversation,
        clientMsgId: `bystander-${run}-${i}-xx`,
        text,
      });
      if (!ack.ok) throw new Error(`bystander message ${i} refused: ${ack.error.code} ${ack.error.message}`);
      sent.push(text);
      await new Promise((r) => setTimeout(r, 15));
    }
  })();
  return {
    async stopAndCheck() {
      running = false;
      await loop;
      const delivered = (saw: Message[]) => saw.filter((m) => sent.includes(m.text)).length;
      await expect
        .poll(() => Math.min(delivered(agentSaw), delivered(customerSaw)), { timeout: 5_000 })
        .toBeGreaterThanOrEqual(sent.length);
      bystanderAgent.off('msg.new', onAgent);
      bystanderCustomer.off('msg.new', onCustomer);
      return { sent, agentSaw, customerSaw };
    },
  };
}

function checkOrder(sent: string[], saw: Message[]) {
  const mine = saw.filter((m) => sent.includes(m.text));
  expect(mine.map((m) => m.text)).toEqual(sent);
  const seqs = mine.map((m) => m.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
}

/** What the hub's handler sees after socket.io has carried the value (binary stays binary, the rest is JSON). */
function asReceived(payload: unknown, mode: Mode): unknown {
  if (mode === 'nopayload') return {};
  const carried = Buffer.isBuffer(payload) ? payload : viaJson(payload);
  return carried ?? {};
}

type Mode = 'ack' | 'noack' | 'nopayload' | 'extraArgs';

function expectTypedResult(result: unknown, context: string): asserts result is Result<unknown> {
  const r = result as Result<unknown>;
  expect(typeof r === 'object' && r !== null, context).toBe(true);
  if (!r.ok) {
    expect(ERROR_CODES, context).toContain(r.error.code);
    expect(typeof r.error.message, context).toBe('string');
  } else expect(r.ok, context).toBe(true);
}

async function fuzzSide(
  name: string,
  socket: Socket,
  table: Record<string, z.ZodType>,
  validFields: Record<string, unknown>,
) {
  const events = Object.keys(table);
  let disconnected = 0;
  socket.on('disconnect', () => disconnected++);
  const errors: { event: string; code: string }[] = [];
  socket.on('hub.error', (e: { event: string; code: string }) => errors.push(e));
  let clientIds = 0;
  const perEvent = new Map<string, number>();

  for (const [index, fuzzedEvent] of events.entries()) {
    const arbitrary = fc.tuple(
      fc.constant(fuzzedEvent),
      hostilePayload(table[fuzzedEvent]!, { ...validFields, clientMsgId: `fuzz-${name}-${clientIds++}-id` }),
      fc.constantFrom<Mode>('ack', 'ack', 'noack', 'nopayload', 'extraArgs'),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([event, payload, chosenMode]) => {
        const received = asReceived(payload, chosenMode);
        const valid = table[event]!.safeParse(received).success;
        // A payload that happens to be valid is sent with an acknowledgement so that its answer can be checked too.
        const mode: Mode = valid && chosenMode === 'noack' ? 'ack' : chosenMode;
        stats.payloads++;
        perEvent.set(event, (perEvent.get(event) ?? 0) + 1);
        const context = `${name} ${event} ${mode} ${JSON.stringify(payload)?.slice(0, 120)}`;
        if (mode === 'noack') {
          const before = errors.length;
          socket.emit(event, payload);
          await expect.poll(() => errors.length, { timeout: 3_000 }).toBeGreaterThan(before);
          expect(errors[before], context).toEqual({
            event,
            code: 'BAD_REQUEST',
            message: expect.any(String),
          });
          stats.pushedErrors++;
          stats.typedRejections++;
          return;
        }
        const result = await new Promise<unknown>((resolve, reject) => {
          const ack = (err: Error | null, r: unknown) => (err ? reject(err) : resolve(r));
          const s = socket.timeout(5_000);
          if (mode === 'nopayload') s.emit(event, ack);
          else if (mode === 'extraArgs') s.emit(event, payload, 'extra', 42, ack);
          else s.emit(event, payload, ack);
        });
        expectTypedResult(result, context);
        if (!valid) {
          expect(result, context).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
          stats.typedRejections++;
        } else if (result.ok) stats.acceptedValid++;
        else stats.typedRejections++;
      }),
      { numRuns: RUNS_PER_EVENT, seed: SEED + index, endOnFailure: true },
    );
  }
  stats.disconnects += disconnected;
  // Every event of the table, including ones added after this test was written, got its share of hostile payloads.
  for (const event of events)
    expect(perEvent.get(event) ?? 0, `${name} ${event} fuzzed`).toBeGreaterThanOrEqual(5);
  return { disconnected };
}

describe('hub protocol fuzzing over real sockets', () => {
  it('answers every hostile payload for every staff and customer event with a typed error, and the bystander conversation flows on', async () => {
    const staff = keep(
      connectSocket(hub.url, (await loginStaff(hub.url, 'agent04')).token, { reconnection: false }),
    );
    await waitConnected(staff);
    const customer = (await customerSession(hub.url)).token;
    const customerSocket = keep(connectSocket(hub.url, customer, { reconnection: false }));
    await waitConnected(customerSocket);
    const hello = await request<CustomerHello>(customerSocket, 'customer.hello', {});
    if (!hello.ok) throw new Error(hello.error.message);
    fuzzConversation = hello.value.conversationId;

    const bystander = startBystander();
    // The "almost right" payloads use real identifiers, so authorisation and state checks behind validation are reached.
    const staffFields = { conversationId: bystanderConversation, afterSeq: 0, text: '你好', typing: true };
    const customerFields = { conversationId: fuzzConversation, afterSeq: 0, text: '你好', typing: true };
    const staffRun = await fuzzSide('staff', staff, staffRequests, staffFields);
    const customerRun = await fuzzSide('customer', customerSocket, customerRequests, customerFields);
    const { sent, agentSaw, customerSaw } = await bystander.stopAndCheck();

    expect(staffRun.disconnected).toBe(0);
    expect(customerRun.disconnected).toBe(0);
    expect(staff.connected && customerSocket.connected).toBe(true);
    expect(sent.length).toBeGreaterThan(10);
    checkOrder(sent, agentSaw);
    checkOrder(sent, customerSaw);
    const history = await request<Message[]>(bystanderAgent, 'conv.sync', {
      conversationId: bystanderConversation,
      afterSeq: 0,
    });
    expect(history.ok && history.value.map((m) => m.text).filter((t) => sent.includes(t))).toEqual(sent);
    expect(prototypesClean()).toBe(true);
    expect(hubLog.filter((l) => l.startsWith('error handling'))).toEqual([]);
  });

  it('answers unknown event names with UNKNOWN_EVENT, by acknowledgement or by a hub.error push', async () => {
    for (const [who, known, token] of [
      ['staff', Object.keys(staffRequests), (await loginStaff(hub.url, 'qa01')).token],
      ['customer', Object.keys(customerRequests), (await customerSession(hub.url)).token],
    ] as const) {
      const socket = keep(connectSocket(hub.url, token, { reconnection: false }));
      await waitConnected(socket);
      const pushes: { event: string; code: string }[] = [];
      socket.on('hub.error', (e: { event: string; code: string }) => pushes.push(e));
      await fc.assert(
        fc.asyncProperty(
          unknownEventName(known),
          hostileValue,
          fc.boolean(),
          async (event, payload, withAck) => {
            stats.payloads++;
            stats.unknown++;
            if (withAck) {
              const result = await request(socket, event, payload);
              expect(result, `${who} ${event}`).toMatchObject({
                ok: false,
                error: { code: 'UNKNOWN_EVENT' },
              });
            } else {
              const before = pushes.length;
              socket.emit(event, payload);
              await expect.poll(() => pushes.length, { timeout: 3_000 }).toBeGreaterThan(before);
              expect(pushes[before]).toMatchObject({ event: event.slice(0, 80), code: 'UNKNOWN_EVENT' });
              stats.pushedErrors++;
            }
            stats.typedRejections++;
          },
        ),
        { numRuns: UNKNOWN_RUNS / 2, seed: SEED + 1, endOnFailure: true },
      );
      expect(socket.connected).toBe(true);
    }
  });

  it('survives raw malformed frames and oversized frames (those sockets may be dropped; nobody else is)', async () => {
    const token = (await customerSession(hub.url)).token;
    const frames = [
      '2["disconnect",{}]', // reserved event names are refused by the parser
      '2["newListener","msg.send"]',
      '2[', // broken JSON
      '2{"a":1}',
      '2[42,{"a":1}]', // a number as event name
      '2[null]',
      '21["conv.sync"]', // no payload, with an ack id
      '2999999999999999999999["msg.send",{}]',
      '2["__proto__",{"polluted":"yes"}]',
      '2["constructor",{}]',
      '9garbage',
      '',
      `2["msg.send",${'['.repeat(5_000)}${']'.repeat(5_000)}]`,
      '51-["msg.send",{"_placeholder":true,"num":0}]', // binary event announcing an attachment that never comes
    ];
    const bystander = startBystander();
    for (const frame of frames) {
      const socket = keep(connectSocket(hub.url, token, { reconnection: false }));
      await waitConnected(socket);
      let dropped = false;
      socket.on('disconnect', () => (dropped = true));
      (socket.io as unknown as { engine: { write(m: string): void } }).engine.write(frame);
      // Either the hub answers (typed error push) or drops this socket; a following request tells which.
      const probe = await request(socket, 'no.such.event', {}, 1_000).catch(() => null);
      stats.rawFrames++;
      stats.payloads++;
      if (dropped || !probe) stats.disconnects++;
      else expect(probe).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
    }
    // A frame above the size limit closes that socket at the transport level, before any parsing.
    const big = keep(connectSocket(hub.url, token, { reconnection: false }));
    await waitConnected(big);
    const closed = new Promise<string>((resolve) => big.once('disconnect', resolve));
    big.emit('msg.send', {
      conversationId: bystanderConversation,
      clientMsgId: 'oversized-1',
      text: 'x'.repeat(2_500_000),
    });
    expect(await closed).toMatch(/transport close|transport error/);
    stats.disconnects++;
    stats.payloads++;

    const { sent, agentSaw, customerSaw } = await bystander.stopAndCheck();
    checkOrder(sent, agentSaw);
    checkOrder(sent, customerSaw);
    const health = await fetch(`${hub.url}/healthz`);
    if (health.status !== 200) stats.crashes++;
    expect(health.status).toBe(200);
    expect(hubLog.filter((l) => l.startsWith('error handling'))).toEqual([]);
    expect(prototypesClean()).toBe(true);
  });
});
