import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from './hub';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from './testing/clients';
import type { ConversationSummary, CustomerHello, Message, SendAck } from '../shared/protocol/hub';

let dir: string;
let hub: Hub;
const sockets: Socket[] = [];
const open = (s: Socket) => (sockets.push(s), s);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {} });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

async function customer(url = hub.url) {
  const session = await customerSession(url);
  const socket = open(connectSocket(url, session.token));
  await waitConnected(socket);
  const hello = await request<CustomerHello>(socket, 'customer.hello', {});
  if (!hello.ok) throw new Error(hello.error.message);
  return { socket, session, conversationId: hello.value.conversationId };
}

async function agent(username = 'agent01', url = hub.url) {
  const { token } = await loginStaff(url, username);
  const socket = open(connectSocket(url, token));
  await waitConnected(socket);
  return socket;
}

describe('hub: a first conversation end to end', () => {
  it('hands a customer over to an online agent at the first message; both sides see the same messages in the same order', async () => {
    const a = await agent();
    const c = await customer();
    const assigned = nextEvent<ConversationSummary>(a, 'conv.updated', (s) => s.id === c.conversationId && s.ownerId === 'agent01');
    const sent = await request<SendAck>(c.socket, 'msg.send', { conversationId: c.conversationId, clientMsgId: 'cust-msg-0001', text: '你好,我想开通创业板' });
    expect(sent).toMatchObject({ ok: true, value: { seq: 1, duplicate: false } });
    const summary = await assigned;
    expect(summary).toMatchObject({ skillGroup: '开户', state: 'assigned' });
    expect(summary.firstResponseDueAt).not.toBeNull();

    const customerSaw = nextEvent<Message>(c.socket, 'msg.new', (m) => m.senderKind === 'agent');
    const reply = await request<SendAck>(a, 'msg.send', { conversationId: c.conversationId, clientMsgId: 'agent-msg-0001', text: '您好,请问您的证券账户开户满两年了吗?' });
    expect(reply.ok).toBe(true);
    expect((await customerSaw).text).toBe('您好,请问您的证券账户开户满两年了吗?');

    const agentHistory = await request<Message[]>(a, 'conv.sync', { conversationId: c.conversationId, afterSeq: 0 });
    const customerHistory = await request<Message[]>(c.socket, 'conv.sync', { conversationId: c.conversationId, afterSeq: 0 });
    const order = (r: typeof agentHistory) => (r.ok ? r.value.filter((m) => m.kind === 'text').map((m) => `${m.seq}:${m.text}`) : []);
    expect(order(agentHistory)).toEqual(order(customerHistory));
    expect(order(agentHistory)).toHaveLength(2);
    const history = await request<{ from: string; to: string }[]>(a, 'conv.history', { conversationId: c.conversationId });
    expect(history.ok && history.value.map((t) => `${t.from}>${t.to}`)).toEqual(['bot>queued', 'queued>assigned', 'assigned>awaitingCustomer']);
  });

  it('stores and delivers a message resent with the same client id exactly once, with the same sequence number', async () => {
    const a = await agent();
    const c = await customer();
    const assigned = nextEvent<ConversationSummary>(a, 'conv.updated', (s) => s.id === c.conversationId && s.ownerId === 'agent01');
    await request<SendAck>(c.socket, 'msg.send', { conversationId: c.conversationId, clientMsgId: 'first-msg-123', text: '你好' });
    await assigned;
    const received: Message[] = [];
    a.on('msg.new', (m: Message) => received.push(m));
    const payload = { conversationId: c.conversationId, clientMsgId: 'same-id-12345', text: '请问怎么入金?' };
    const [first, second] = await Promise.all([request<SendAck>(c.socket, 'msg.send', payload), request<SendAck>(c.socket, 'msg.send', payload)]);
    const third = await request<SendAck>(c.socket, 'msg.send', payload);
    expect(first.ok && second.ok && third.ok).toBe(true);
    const seqs = [first, second, third].map((r) => (r.ok ? r.value.seq : -1));
    expect(new Set(seqs)).toEqual(new Set([seqs[0]]));
    expect([first, second, third].filter((r) => r.ok && !r.value.duplicate)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(received.filter((m) => m.clientMsgId === 'same-id-12345')).toHaveLength(1);
    const history = await request<Message[]>(a, 'conv.sync', { conversationId: c.conversationId, afterSeq: 0 });
    expect(history.ok && history.value.filter((m) => m.clientMsgId === 'same-id-12345')).toHaveLength(1);
  });

  it('keeps the history across a hub restart', async () => {
    const c = await customer();
    await request<SendAck>(c.socket, 'msg.send', { conversationId: c.conversationId, clientMsgId: 'before-restart-1', text: '重启前的消息' });
    const port = hub.port;
    await hub.close();
    hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, port, log: () => {} });
    await waitConnected(c.socket, 8000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const history = await request<Message[]>(c.socket, 'conv.sync', { conversationId: c.conversationId, afterSeq: 0 });
    expect(history.ok && history.value.filter((m) => m.kind === 'text').map((m) => m.text)).toEqual(['重启前的消息']);
    const next = await request<SendAck>(c.socket, 'msg.send', { conversationId: c.conversationId, clientMsgId: 'after-restart-1', text: '重启后' });
    expect(next, JSON.stringify(next)).toMatchObject({ ok: true });
    expect(next.ok ? next.value.seq : 0).toBeGreaterThan(1);
  });
});

describe('hub: malformed and unauthorised input', () => {
  it('answers every malformed event with a typed error and keeps serving everyone else', async () => {
    const a = await agent();
    const c = await customer();
    const assigned = nextEvent<ConversationSummary>(a, 'conv.updated', (s) => s.id === c.conversationId && s.ownerId === 'agent01');
    await request<SendAck>(c.socket, 'msg.send', { conversationId: c.conversationId, clientMsgId: 'first-msg-456', text: '你好' });
    await assigned;
    const bad = open(connectSocket(hub.url, (await customerSession(hub.url)).token));
    await waitConnected(bad);
    await request(bad, 'customer.hello', {});

    const cases: [string, unknown, string][] = [
      ['msg.send', { conversationId: 42, clientMsgId: 'x', text: null }, 'BAD_REQUEST'],
      ['msg.send', {}, 'BAD_REQUEST'],
      ['msg.send', 'not an object', 'BAD_REQUEST'],
      ['msg.send', { conversationId: c.conversationId, clientMsgId: 'huge-payload-1', text: 'x'.repeat(1_000_000) }, 'BAD_REQUEST'],
      ['msg.send', { conversationId: c.conversationId, clientMsgId: 'not-mine-0001', text: '冒充别人的会话' }, 'FORBIDDEN'],
      ['conv.sync', { conversationId: c.conversationId, afterSeq: -1 }, 'BAD_REQUEST'],
      ['no.such.event', { a: 1 }, 'UNKNOWN_EVENT'],
      ['conv.list', {}, 'UNKNOWN_EVENT'], // a staff event from a customer
    ];
    for (const [event, payload, code] of cases) {
      const result = await request(bad, event, payload);
      expect(result, `${event} ${JSON.stringify(payload).slice(0, 60)}`).toMatchObject({ ok: false, error: { code } });
    }
    // fire-and-forget garbage (no ack) is reported as a hub.error push
    const pushed = nextEvent<{ code: string }>(bad, 'hub.error');
    bad.emit('msg.send', { nonsense: true });
    expect((await pushed).code).toBe('BAD_REQUEST');
    expect(bad.connected).toBe(true);

    // everyone else is unaffected
    const ok = await request<SendAck>(c.socket, 'msg.send', { conversationId: c.conversationId, clientMsgId: 'still-works-1', text: '还在吗' });
    expect(ok.ok).toBe(true);
    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('refuses sockets without a valid token, with a typed reason', async () => {
    for (const token of [undefined, 'garbage', 'a.b', `${'x'.repeat(10)}.${'y'.repeat(43)}`]) {
      const s = open(connectSocket(hub.url, token, { reconnection: false }));
      const err = await new Promise<Error & { data?: { code: string } }>((resolve) => s.once('connect_error', resolve));
      expect(err.data?.code).toBe('UNAUTHENTICATED');
    }
    const expired = hub.internals.signer.sign({ sub: 'agent01', role: 'agent', name: 'x', branchId: 'BR-SH01' }, 60, Date.now() - 3600_000);
    const s = open(connectSocket(hub.url, expired, { reconnection: false }));
    const err = await new Promise<Error & { data?: { message: string } }>((resolve) => s.once('connect_error', resolve));
    expect(err.data?.message).toBe('token expired');
  });

  it('serves health and refuses bad logins', async () => {
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { status: string; version: string; uptimeS: number };
    expect(health).toMatchObject({ status: 'ok', version: expect.any(String) });
    expect((await fetch(`${hub.url}/api/login`, { method: 'POST', body: '{"username":"agent01","password":"nope"}' })).status).toBe(401);
    expect((await fetch(`${hub.url}/api/login`, { method: 'POST', body: 'not json' })).status).toBe(400);
  });
});
