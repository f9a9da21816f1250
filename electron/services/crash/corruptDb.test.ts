/**
 * A damaged workstation database is detected at start, moved aside (with its WAL), rebuilt empty through the
 * migrations, and the conversation history comes back from the hub after sign-in; the agent is told what happened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from '../../../server/hub';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from '../../../server/testing/clients';
import type { ConversationSummary, CustomerHello } from '../../../shared/protocol/hub';
import { DatabaseTooNewError, currentSchemaVersion } from '../../../shared/db/migrate';
import { createWorkstation } from '../workstation';
import { MemoryTokenVault } from '../tokenVault';
import { openLocalDb } from '../local/open';
import { localMigrations } from '../local/migrations';
import { saveDraft, getDraft } from '../local/drafts';
import { checkLocalDb, describeRecovery, openLocalDbWithRecovery } from '../local/recover';

let dir: string;
let hub: Hub;
let customer: Socket;
let conversationId: string;
let pristine: string;
const reasons: string[] = [];
const HISTORY = ['你好,我想开户', '需要准备什么材料?', '身份证和银行卡就可以。'];

async function signedInWorkstation(file: string) {
  const { db, recovered } = openLocalDbWithRecovery(file);
  const ws = createWorkstation({ db, mode: 'browser', version: 'test', dataDir: dir, tokenVault: new MemoryTokenVault(), defaultHubUrl: () => Promise.resolve(hub.url) });
  await ws.ready;
  // The resync ends with a conversation list; by then the history is stored (or it never will be).
  const synced = new Promise<void>((resolve) => {
    ws.events.on('conversations.changed', () => {
      const texts = (ws.handlers.listMessages({ conversationId }) as { text: string }[]).map((m) => m.text);
      if (HISTORY.every((t) => texts.includes(t))) resolve();
    });
  });
  await ws.handlers.signIn({ hubUrl: hub.url, username: 'agent01', password: 'demo123' });
  await synced;
  return { ws, db, recovered };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corrupt-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {} });
  // A conversation with some history, owned by agent01.
  const agent = connectSocket(hub.url, (await loginStaff(hub.url, 'agent01')).token);
  await waitConnected(agent);
  customer = connectSocket(hub.url, (await customerSession(hub.url)).token);
  await waitConnected(customer);
  const hello = await request<CustomerHello>(customer, 'customer.hello', {});
  if (!hello.ok) throw new Error(hello.error.message);
  conversationId = hello.value.conversationId;
  const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (c) => c.id === conversationId && c.ownerId === 'agent01');
  await request(customer, 'msg.send', { conversationId, clientMsgId: 'corrupt-c-1', text: HISTORY[0] });
  await assigned;
  await request(customer, 'msg.send', { conversationId, clientMsgId: 'corrupt-c-2', text: HISTORY[1] });
  await request(agent, 'msg.send', { conversationId, clientMsgId: 'corrupt-a-1', text: HISTORY[2] });
  agent.close();

  // A healthy workstation database holding that history, kept as the template every case starts from.
  pristine = join(dir, 'pristine', 'workstation.db');
  mkdirSync(join(dir, 'pristine'));
  const { ws, db } = await signedInWorkstation(pristine);
  saveDraft(db, conversationId, '写了一半的回复');
  ws.close();
  db.close();
});

afterAll(async () => {
  console.log(`[corrupt local db] ${reasons.length} damaged files detected, moved aside and rebuilt:\n  ${reasons.join('\n  ')}`);
  customer?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

function copyOf(name: string): string {
  mkdirSync(join(dir, name));
  const file = join(dir, name, 'workstation.db');
  copyFileSync(pristine, file);
  return file;
}

const damages: [string, (file: string) => void][] = [
  ['garbage over the whole file', (f) => writeFileSync(f, randomBytes(statSync(f).size))],
  ['garbage over the header', (f) => {
    const bytes = readFileSync(f);
    randomBytes(100).copy(bytes, 0);
    writeFileSync(f, bytes);
  }],
  ['garbage over the data pages, header intact', (f) => {
    const bytes = readFileSync(f);
    for (let at = 4096; at < bytes.length; at += 4096) randomBytes(512).copy(bytes, at + 8);
    writeFileSync(f, bytes);
  }],
  ['truncated mid-page', (f) => truncateSync(f, Math.floor(statSync(f).size / 2) + 100)],
  ['a text file', (f) => writeFileSync(f, 'this is not a database\n'.repeat(200))],
];

describe('recovering a damaged workstation database', () => {
  it('opens a sound database as it is', () => {
    const file = copyOf('sound');
    expect(checkLocalDb(file)).toBeNull();
    const { db, recovered } = openLocalDbWithRecovery(file);
    expect(recovered).toBeNull();
    expect(getDraft(db, conversationId)).toBe('写了一半的回复');
    db.close();
    expect(readdirSync(join(dir, 'sound')).filter((f) => f.includes('corrupt'))).toEqual([]);
  });

  it.each(damages)('%s: detected, moved aside, rebuilt empty, history re-synchronised from the hub', async (name, damage) => {
    const folder = name.replace(/\W+/g, '-');
    const file = copyOf(folder);
    // A stale WAL beside the damaged file must go with it, never be replayed into the new one.
    const staleWal = randomBytes(4096);
    writeFileSync(`${file}-wal`, staleWal);
    damage(file);
    const damagedBytes = readFileSync(file);
    expect(checkLocalDb(file)).not.toBeNull();

    const { ws, db, recovered } = await signedInWorkstation(file);
    try {
      expect(recovered).not.toBeNull();
      expect(recovered!.movedTo).toMatch(/workstation\.db\.corrupt-\d{4}-\d{2}-\d{2}T/);
      expect(readFileSync(recovered!.movedTo).equals(damagedBytes)).toBe(true);
      // The stale WAL was moved along or discarded by SQLite as invalid; it is not beside the new file.
      expect(existsSync(`${file}-wal`) && readFileSync(`${file}-wal`).equals(staleWal)).toBe(false);
      expect(recovered!.reason.length).toBeGreaterThan(0);
      reasons.push(`${name} → ${recovered!.reason}`);
      expect(currentSchemaVersion(db)).toBe(localMigrations.length);
      expect((db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check).toBe('ok');
      // The cache came back from the hub; what only lived locally (the draft) is gone, and the agent is told so.
      const texts = (ws.handlers.listMessages({ conversationId }) as { text: string }[]).map((m) => m.text);
      for (const t of HISTORY) expect(texts).toContain(t);
      expect(getDraft(db, conversationId)).toBe('');
      const notice = describeRecovery(recovered!);
      expect(notice.zh).toContain(recovered!.movedTo);
      expect(notice.zh).toMatch(/已损坏/);
      expect(notice.en).toMatch(/damaged/);
    } finally {
      ws.close();
      db.close();
    }
    // Opening again finds a sound file: nothing more is moved.
    const again = openLocalDbWithRecovery(file);
    expect(again.recovered).toBeNull();
    again.db.close();
    expect(readdirSync(join(dir, folder)).filter((f) => /^workstation\.db\.corrupt-.*Z$/.test(f))).toHaveLength(1);
  });

  it('refuses, without moving anything, a database written by a newer version of the app', () => {
    const file = copyOf('newer');
    const db = openLocalDb(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openLocalDbWithRecovery(file)).toThrow(DatabaseTooNewError);
    expect(readdirSync(join(dir, 'newer')).filter((f) => f.includes('corrupt'))).toEqual([]);
  });
});
