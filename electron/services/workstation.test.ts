import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from '../../server/hub';
import { connectSocket, customerSession, request, waitConnected } from '../../server/testing/clients';
import type { CustomerHello, Message, SendAck } from '../../shared/protocol/hub';
import type { MessageView, PushEvents } from '../../shared/ipc/contract';
import { openLocalDb, type LocalDb } from './local/open';
import { createWorkstation, type Workstation } from './workstation';
import { MemoryTokenVault } from './tokenVault';

let dir: string;
let hub: Hub;
let db: LocalDb;
let ws: Workstation;
const sockets: Socket[] = [];

function until<E extends keyof PushEvents>(w: Workstation, event: E, predicate: (p: PushEvents[E]) => boolean, timeoutMs = 8000) {
  return new Promise<PushEvents[E]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
    const handler = (p: PushEvents[E]) => {
      if (!predicate(p)) return;
      clearTimeout(timer);
      w.events.off(event, handler as never);
      resolve(p);
    };
    w.events.on(event, handler as never);
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ws-test-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {} });
  db = openLocalDb(join(dir, 'workstation.db'));
  ws = createWorkstation({
    db,
    mode: 'browser',
    version: 'test',
    dataDir: dir,
    tokenVault: new MemoryTokenVault(),
    defaultHubUrl: async () => hub.url,
  });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  ws.close();
  db.close();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

async function customerWithMessage(text: string) {
  const session = await customerSession(hub.url);
  const socket = connectSocket(hub.url, session.token);
  sockets.push(socket);
  await waitConnected(socket);
  const hello = await request<CustomerHello>(socket, 'customer.hello', {});
  if (!hello.ok) throw new Error('hello failed');
  await request<SendAck>(socket, 'msg.send', { conversationId: hello.value.conversationId, clientMsgId: `c-${Date.now()}-x`, text });
  return { socket, conversationId: hello.value.conversationId };
}

describe('workstation services', () => {
  it('signs in, receives the conversation and its messages, and sends through the outbox', async () => {
    const online = until(ws, 'connection.changed', (c) => c.state === 'online');
    await ws.handlers.signIn({ username: 'agent01', password: 'demo123' });
    await online;
    const gotMessage = until(ws, 'messages.changed', (m) => m.messages.some((x) => x.text === '你好,我想开通创业板'));
    const { conversationId, socket } = await customerWithMessage('你好,我想开通创业板');
    await gotMessage;
    const conversations = await ws.handlers.listConversations({});
    expect(conversations.map((c) => c.id)).toContain(conversationId);
    expect(conversations.find((c) => c.id === conversationId)!.unread).toBe(1);

    const customerGot = new Promise<Message>((r) => socket.on('msg.new', (m: Message) => m.senderKind === 'agent' && r(m)));
    const sent = until(ws, 'messages.changed', (m) => m.messages.some((x) => x.text === '您好' && x.status === 'sent'));
    const view = await ws.handlers.sendMessage({ conversationId, text: '您好' });
    expect(view.status).toBe('pending');
    await sent;
    expect((await customerGot).text).toBe('您好');
    const list = await ws.handlers.listMessages({ conversationId });
    expect(list.filter((m) => m.kind === 'text').map((m) => [m.text, m.status])).toEqual([
      ['你好,我想开通创业板', 'sent'],
      ['您好', 'sent'],
    ]);
    expect(list.map((m) => m.seq)).toEqual([...list.map((m) => m.seq)].sort((a, b) => a! - b!));
  });

  it('keeps a message sent while the hub is down pending, then delivers it exactly once when the hub is back', async () => {
    await ws.handlers.signIn({ username: 'agent01', password: 'demo123' });
    const arrived = until(ws, 'conversations.changed', (list) => list.some((c) => c.ownerId === 'agent01'));
    const { conversationId } = await customerWithMessage('在吗');
    await arrived;
    const port = hub.port;
    const offline = until(ws, 'connection.changed', (c) => c.state === 'offline');
    await hub.close();
    await offline;

    const pending: MessageView = await ws.handlers.sendMessage({ conversationId, text: '稍等,我帮您查一下' });
    expect(pending.status).toBe('pending');
    expect((await ws.handlers.listMessages({ conversationId })).at(-1)).toMatchObject({ status: 'pending', seq: null });

    const delivered = until(ws, 'messages.changed', (m) => m.messages.some((x) => x.clientMsgId === pending.clientMsgId && x.status === 'sent'), 15000);
    hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, port, log: () => {} });
    await delivered;
    const stored = hub.db
      .prepare('SELECT COUNT(*) AS n FROM messages WHERE client_msg_id = ?')
      .get(pending.clientMsgId) as { n: number };
    expect(stored.n).toBe(1);
    const views = await ws.handlers.listMessages({ conversationId });
    expect(views.filter((m) => m.clientMsgId === pending.clientMsgId)).toHaveLength(1);
  });

  it('keeps drafts and settings in SQLite across a restart of the services', async () => {
    await ws.handlers.saveDraft({ conversationId: 'CV-1', text: '草稿:您的创业板权限' });
    await ws.handlers.updateSettings({ fontScale: 150, locale: 'en' });
    ws.close();
    db.close();
    db = openLocalDb(join(dir, 'workstation.db'));
    ws = createWorkstation({ db, mode: 'browser', version: 'test', dataDir: dir, tokenVault: new MemoryTokenVault(), defaultHubUrl: async () => hub.url });
    expect(await ws.handlers.getDraft({ conversationId: 'CV-1' })).toEqual({ text: '草稿:您的创业板权限' });
    expect(await ws.handlers.getSettings({})).toMatchObject({ fontScale: 150, locale: 'en', theme: 'light' });
  });

  it('refuses to work before sign-in with a clear error', async () => {
    await expect(Promise.resolve().then(() => ws.handlers.listConversations({}))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(ws.handlers.signIn({ username: 'agent01', password: 'wrong' })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
