/**
 * Crash safety of the workstation services: a child process (driver.ts) signs in and works as a busy agent, and is
 * killed with SIGKILL at random moments, then restarted. After every kill the local and hub databases must be intact,
 * every message whose send had returned must be in the outbox or at the hub, and the last saved draft must be on
 * disk. At the end the outbox drains and the hub holds every message exactly once, in the order it was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from '../../../server/hub';
import { DEFAULT_DISPATCH_POLICY } from '../../../shared/routing/dispatch';
import { listMessagesAfter } from '../../../server/repos/messages';
import { connectSocket, customerSession, request, waitConnected } from '../../../server/testing/clients';
import type { CustomerHello } from '../../../shared/protocol/hub';
import { listOutbox } from '../local/outbox';
import { getDraft } from '../local/drafts';

const KILLS = 6;
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Deterministic "random" kill times, so a failure can be replayed. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let dir: string;
let hub: Hub;
let customer: Socket;
let conversationId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crash-'));
  // A long grace period: the agent's chats must not be released back to the queue while it is being restarted.
  hub = await startHub({
    dbPath: join(dir, 'hub.db'),
    demo: true,
    log: () => {},
    routing: { policy: { ...DEFAULT_DISPATCH_POLICY, offlineGraceMs: 10 * 60_000 } },
  });
  customer = connectSocket(hub.url, (await customerSession(hub.url)).token);
  await waitConnected(customer);
  const hello = await request<CustomerHello>(customer, 'customer.hello', {});
  if (!hello.ok) throw new Error(hello.error.message);
  conversationId = hello.value.conversationId;
  const first = await request(customer, 'msg.send', { conversationId, clientMsgId: 'crash-customer-1', text: '你好,我想开户' });
  expect(first.ok).toBe(true);
});

afterAll(async () => {
  customer?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface DriverRun {
  child: ChildProcess;
  lines: string[];
  ready: Promise<void>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

function startDriver(run: number, extra: string[] = []): DriverRun {
  const args = ['--import', 'tsx', join(root, 'electron/services/crash/driver.ts'), '--data-dir', join(dir, 'ws'), '--hub', hub.url, '--conversation', conversationId, '--run', String(run), ...extra];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  let partial = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.pattern);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const seen = lines.map((l) => l.match(pattern)).find(Boolean);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`driver run ${run}: no ${pattern} within ${timeoutMs} ms\n${stderr}`)), timeoutMs);
      waiters.push({ pattern, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`driver run ${run} exited (${code}) before ${pattern}:\n${stderr}`));
      });
    });
  return { child, lines, ready: waitFor(/^READY$/).then(() => undefined), waitFor, exited };
}

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

const hubClientIds = () => listMessagesAfter(hub.db, conversationId, 0, 1_000_000).map((m) => m.clientMsgId);

describe('crash safety of the workstation services', () => {
  it(`loses nothing and duplicates nothing across ${KILLS} SIGKILLs at random moments`, async () => {
    const random = mulberry32(20_251_122);
    const wsFile = join(dir, 'ws', 'workstation.db');
    const sent: string[] = [];
    const report = { kills: 0, sent: 0, lost: 0, duplicated: 0, maxDraftAgeMs: 0, pendingAtKill: [] as number[] };

    for (let run = 0; run < KILLS; run++) {
      const driver = startDriver(run);
      await driver.ready;
      // Work for a random while, then pull the plug.
      await driver.waitFor(/^SENT /);
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 600)));
      driver.child.kill('SIGKILL');
      const killedAt = Date.now();
      await driver.exited;
      report.kills++;

      const runSent = driver.lines.filter((l) => l.startsWith('SENT ')).map((l) => l.slice(5));
      const drafts = driver.lines.filter((l) => l.startsWith('DRAFT ')).map((l) => l.split(' '));
      sent.push(...runSent);

      expect(integrity(wsFile), `workstation DB after kill ${run}`).toBe('ok');
      expect(integrity(join(dir, 'hub.db')), `hub DB after kill ${run}`).toBe('ok');

      const local = new Database(wsFile);
      try {
        const outbox = listOutbox(local);
        expect(outbox.filter((o) => o.status === 'failed'), 'nothing failed').toEqual([]);
        const atHub = new Set(hubClientIds());
        const inOutbox = new Set(outbox.map((o) => o.clientMsgId));
        const lost = runSent.filter((id) => !atHub.has(id) && !inOutbox.has(id));
        report.lost += lost.length;
        expect(lost, `messages lost at kill ${run}`).toEqual([]);
        report.pendingAtKill.push(inOutbox.size);

        // The draft on disk is the last one whose save had returned (or a later one), never an older one.
        const onDisk = getDraft(local, conversationId).match(/run (\d+) #(\d+)/);
        const last = drafts.at(-1);
        if (last) {
          const [lastRun, lastIndex] = last[1]!.split('-').map(Number);
          expect(onDisk, `a draft is on disk after kill ${run}`).not.toBeNull();
          expect(Number(onDisk![1])).toBe(lastRun);
          expect(Number(onDisk![2])).toBeGreaterThanOrEqual(lastIndex!);
          const savedAt = Number(drafts.find((d) => d[1] === `${onDisk![1]}-${onDisk![2]}`)?.[2] ?? killedAt);
          report.maxDraftAgeMs = Math.max(report.maxDraftAgeMs, killedAt - savedAt);
          expect(killedAt - savedAt).toBeLessThanOrEqual(1_000);
        }
      } finally {
        local.close();
      }
    }

    // Restart once more and let it drain: every message reaches the hub exactly once, in the order it was sent.
    const drain = startDriver(KILLS, ['--drain']);
    const drained = await drain.waitFor(/^DRAINED (\d+)$/, 30_000);
    expect(Number(drained[1]), 'failed outbox items').toBe(0);
    await drain.exited;

    const ids = hubClientIds().filter((id) => id.startsWith('crash-r'));
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    report.duplicated = [...counts.values()].filter((n) => n > 1).length;
    report.sent = sent.length;
    const missing = sent.filter((id) => !counts.has(id));
    report.lost += missing.length;
    console.log(
      `[crash safety] kills: ${report.kills}, messages sent (returned before a kill): ${report.sent}, at the hub: ${ids.length}, ` +
        `pending in the outbox at each kill: ${report.pendingAtKill.join('/')}, lost: ${report.lost}, duplicated: ${report.duplicated}, ` +
        `newest draft age at kill ≤ ${report.maxDraftAgeMs} ms`,
    );
    expect(missing).toEqual([]);
    expect(report.duplicated).toBe(0);
    expect(ids).toEqual([...ids].sort());
    expect(report.kills).toBeGreaterThanOrEqual(5);
    expect(report.sent).toBeGreaterThan(KILLS * 5);
    const finalDb = new Database(wsFile, { readonly: true });
    expect(listOutbox(finalDb)).toEqual([]);
    finalDb.close();
    expect(integrity(wsFile)).toBe('ok');
    expect(integrity(join(dir, 'hub.db'))).toBe('ok');
  }, 120_000);
});
