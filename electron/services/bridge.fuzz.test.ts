/**
 * Fuzzing the workstation's request boundary for every request of the IPC contract (iterated, so new requests are
 * covered): `dispatchRequest` directly with structured-clone values (what Electron's IPC delivers), and the browser-mode
 * bridge over its real WebSocket with JSON frames, broken frames, binary and oversized frames. Every malformed input
 * gets a typed BAD_REQUEST and never reaches a handler; the bridge stays up and a bystander client keeps working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { dispatchRequest } from '../../shared/ipc/dispatch';
import { requestNames, requests, type WorkstationHandlers } from '../../shared/ipc/contract';
import { startWorkstationHost, type WorkstationHost } from './host';
import { hostilePayload, hostileValue, POLLUTION_KEYS, prototypesClean, viaJson } from '../../server/fuzz/hostile';

const SEED = 20_251_123;
const BRIDGE_RUNS = 300;
const stats = { dispatchInputs: 0, dispatchRejected: 0, dispatchValidReachedHandler: 0, frames: 0, frameRejections: 0, disconnects: 0, bystanderCalls: 0 };

let dir: string;
let host: WorkstationHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-fuzz-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
  host = await startWorkstationHost({ dataDir: dir, rendererDir: join(dir, 'renderer') });
});

afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `[bridge fuzz] dispatch inputs: ${stats.dispatchInputs} (typed rejections: ${stats.dispatchRejected}, valid-by-chance handled: ${stats.dispatchValidReachedHandler}); ` +
      `bridge frames: ${stats.frames} (typed rejections: ${stats.frameRejections}), bridge disconnects: ${stats.disconnects} (oversized frames only), ` +
      `bystander calls: ${stats.bystanderCalls}, crashes: 0`,
  );
});

/** Every request's input, hostile: garbage of every kind and almost-right objects with pollution keys. */
const payloadFor = (name: (typeof requestNames)[number]) =>
  fc.tuple(fc.constant(name), hostilePayload(requests[name].input, { conversationId: 'CV-1', text: '草稿', clientMsgId: 'abcdefgh12' }));
const anyRequest = fc.constantFrom(...requestNames).chain(payloadFor);
const RUNS_PER_REQUEST = 8;

describe('dispatchRequest (the one validation point of IPC and bridge)', () => {
  it('answers every malformed input with BAD_REQUEST before any handler runs', async () => {
    const calls: string[] = [];
    // Handlers that only record: a payload that happens to be valid must arrive parsed, and nothing else may arrive.
    const handlers = new Proxy({} as WorkstationHandlers, {
      get: (_t, name: string) => (input: unknown) => {
        calls.push(name);
        return { echoed: input };
      },
    });
    const perRequest = new Map<string, number>();
    // Every request gets its own run, so one added to the contract is fuzzed as hard as the others.
    for (const requestName of requestNames) await fc.assert(
      fc.asyncProperty(payloadFor(requestName), async ([name, raw]) => {
        let input: unknown;
        try {
          input = structuredClone(raw); // what Electron's IPC would deliver
        } catch {
          input = raw;
        }
        stats.dispatchInputs++;
        perRequest.set(name, (perRequest.get(name) ?? 0) + 1);
        const before = calls.length;
        const valid = requests[name].input.safeParse(input ?? {}).success;
        const result = await dispatchRequest(handlers, name, input);
        if (valid) {
          expect(result.ok).toBe(true);
          expect(calls.slice(before)).toEqual([name]);
          stats.dispatchValidReachedHandler++;
        } else {
          expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String) } });
          expect(calls.length, `${name} handler must not run on invalid input`).toBe(before);
          stats.dispatchRejected++;
        }
      }),
      { numRuns: RUNS_PER_REQUEST, seed: SEED, endOnFailure: true },
    );
    for (const name of requestNames) expect(perRequest.get(name) ?? 0, name).toBeGreaterThanOrEqual(5);

    // Names that are not requests, including inherited property names, never reach a handler.
    for (const name of [...POLLUTION_KEYS, 'then', 'constructor', '', 'getSettings ', 'GETSETTINGS', 'settings.get', 'x'.repeat(10_000)]) {
      const before = calls.length;
      const result = await dispatchRequest(handlers, name, {});
      expect(result, name).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } });
      expect(calls.length).toBe(before);
      stats.dispatchInputs++;
      stats.dispatchRejected++;
    }
    expect(prototypesClean()).toBe(true);
  });
});

interface Reply {
  id: unknown;
  result: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function openBridge(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.bridge.port}/bridge?token=${host.bridge.token}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one frame and waits for the reply (push events are skipped). */
function call(ws: WebSocket, frame: string | Buffer, binary = false): Promise<Reply | null> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as Reply & { event?: string };
      if (msg.event) return;
      cleanup();
      resolve(msg);
    };
    const onClose = () => (cleanup(), resolve(null));
    const cleanup = () => (ws.off('message', onMessage), ws.off('close', onClose));
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.send(frame, { binary });
  });
}

describe('browser-mode bridge over its WebSocket', () => {
  it('answers every hostile frame for every request with a typed error; a bystander client keeps working', async () => {
    const fuzzer = await openBridge();
    const bystanderSocket = await openBridge();
    let closed = 0;
    fuzzer.on('close', () => closed++);

    // The bystander saves and reads back drafts throughout: each answer must be its own, in order.
    let running = true;
    const bystander = (async () => {
      for (let i = 0; running; i++) {
        const text = `旁观者草稿 ${i}`;
        const saved = await call(bystanderSocket, JSON.stringify({ id: `b${i}s`, method: 'saveDraft', input: { conversationId: 'CV-bystander', text } }));
        const read = await call(bystanderSocket, JSON.stringify({ id: `b${i}g`, method: 'getDraft', input: { conversationId: 'CV-bystander' } }));
        expect(saved).toEqual({ id: `b${i}s`, result: { ok: true, value: null } });
        expect(read).toEqual({ id: `b${i}g`, result: { ok: true, value: { text } } });
        stats.bystanderCalls += 2;
      }
    })();

    let id = 0;
    // Only inputs that are invalid after the JSON trip are sent: a valid signIn or updateSettings would act for real.
    const invalidRequest = anyRequest.map(([name, raw]) => [name, viaJson(raw)] as const).filter(([name, input]) => !requests[name].input.safeParse(input ?? {}).success);
    await fc.assert(
      fc.asyncProperty(invalidRequest, fc.oneof(fc.constant<unknown>(undefined), hostileValue), async ([method, input], strangeId) => {
        const frameId = id++ % 3 === 0 ? viaJson(strangeId) : id;
        stats.frames++;
        const reply = await call(fuzzer, JSON.stringify({ id: frameId, method, input }));
        expect(reply, method).not.toBeNull();
        expect(reply!.result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
        // The reply carries the caller's id when it was a usable one, otherwise null.
        expect(reply!.id).toEqual(typeof frameId === 'number' || typeof frameId === 'string' ? frameId : null);
        stats.frameRejections++;
      }),
      { numRuns: BRIDGE_RUNS, seed: SEED + 1, endOnFailure: true },
    );

    const brokenFrames: [string | Buffer, boolean][] = [
      ['', false],
      ['{', false],
      ['null', false],
      ['[]', false],
      ['"getSettings"', false],
      ['{"id":1}', false],
      ['{"id":1,"method":42}', false],
      ['{"id":1,"method":["getSettings"]}', false],
      ['{"id":1,"method":"__proto__","input":{}}', false],
      ['{"id":1,"method":"constructor","input":{}}', false],
      ['{"id":1,"method":"hasOwnProperty","input":{}}', false],
      ['{"__proto__":{"method":"getSettings"},"id":1}', false],
      [`{"id":1,"method":"getSettings","input":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, false],
      [Buffer.from(JSON.stringify({ id: 1, method: 'getSettings', input: {} })), true],
      [Buffer.from([0xff, 0xfe, 0x00, 0x01]), true],
    ];
    for (const [frame, binary] of brokenFrames) {
      stats.frames++;
      const reply = await call(fuzzer, frame, binary);
      expect(reply, String(frame).slice(0, 40)).not.toBeNull();
      expect(['BAD_REQUEST', 'UNKNOWN_EVENT']).toContain(reply!.result.error?.code);
      stats.frameRejections++;
    }
    expect(fuzzer.readyState).toBe(WebSocket.OPEN);
    expect(closed).toBe(0);

    // A frame above the bridge's size limit closes that connection only.
    const big = await openBridge();
    stats.frames++;
    const bigReply = await call(big, JSON.stringify({ id: 1, method: 'saveDraft', input: { conversationId: 'c', text: 'x'.repeat(1_100_000) } }));
    expect(bigReply).toBeNull();
    stats.disconnects++;

    running = false;
    await bystander;
    expect(stats.bystanderCalls).toBeGreaterThan(10);
    const after = await call(fuzzer, JSON.stringify({ id: 'last', method: 'getSettings', input: {} }));
    expect(after).toMatchObject({ id: 'last', result: { ok: true } });
    expect(prototypesClean()).toBe(true);
    fuzzer.close();
    bystanderSocket.close();
  });
});
