import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWorkstationHost, type WorkstationHost } from './host';

let dir: string;
let host: WorkstationHost;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-test-'));
  const rendererDir = join(dir, 'renderer');
  await import('node:fs').then((fs) => fs.mkdirSync(rendererDir));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startWorkstationHost({ dataDir: dir, rendererDir });
});
afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(query: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.bridge.port}/bridge${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, frame: unknown): Promise<{ id: unknown; result: { ok: boolean; error?: { code: string } } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { id?: unknown; event?: string; result: { ok: boolean; error?: { code: string } } };
      if (msg.event) return;
      ws.off('message', onMessage);
      resolve(msg as never);
    };
    ws.on('message', onMessage);
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('browser-mode bridge', () => {
  it('lets in only this run\'s token from this host\'s origin', async () => {
    await expect(open('')).rejects.toThrow('401');
    await expect(open('?token=wrong')).rejects.toThrow('401');
    await expect(open(`?token=${host.bridge.token}`, 'https://evil.example')).rejects.toThrow('401');
    const ws = await open(`?token=${host.bridge.token}`, `http://127.0.0.1:${host.bridge.port}`);
    ws.close();
  });

  it('answers malformed frames with typed errors and keeps serving other clients', async () => {
    const bad = await open(`?token=${host.bridge.token}`);
    const good = await open(`?token=${host.bridge.token}`);
    const frames: [unknown, string][] = [
      ['not json at all', 'BAD_REQUEST'],
      [{ id: 1 }, 'BAD_REQUEST'],
      [{ id: 2, method: 'no.such.method', input: {} }, 'UNKNOWN_EVENT'],
      [{ id: 3, method: 'saveDraft', input: { conversationId: 5, text: [] } }, 'BAD_REQUEST'],
      [{ id: 4, method: 'saveDraft', input: { conversationId: 'c', text: 'x'.repeat(50_000) } }, 'BAD_REQUEST'],
      [{ id: 5, method: 'getSettings', input: { extra: true } }, 'BAD_REQUEST'],
      [{ id: 6, method: 'listConversations', input: {} }, 'UNAUTHENTICATED'],
      [{ id: 7, method: '__proto__', input: {} }, 'UNKNOWN_EVENT'],
    ];
    for (const [frame, code] of frames) {
      const reply = await call(bad, frame);
      expect(reply.result, JSON.stringify(frame).slice(0, 60)).toMatchObject({ ok: false, error: { code } });
    }
    const settings = await call(good, { id: 9, method: 'getSettings', input: {} });
    expect(settings).toMatchObject({ id: 9, result: { ok: true } });
    bad.close();
    good.close();
  });

  it('serves the renderer and nothing outside it', async () => {
    const base = `http://127.0.0.1:${host.bridge.port}`;
    expect((await fetch(`${base}/`)).status).toBe(200);
    expect((await fetch(`${base}/../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });
});
