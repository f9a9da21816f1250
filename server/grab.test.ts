import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from './hub';
import type { RoutingOptions } from './service';
import { DEFAULT_DISPATCH_POLICY } from '../shared/routing/dispatch';
import { openHubDb } from './db/open';
import { seedAgents } from './testing/staffFixtures';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from './testing/clients';
import type { ConversationSummary, CustomerHello, PoolItem, SendAck } from '../shared/protocol/hub';

let dir: string;
let hub: Hub;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(routing: Partial<RoutingOptions>, agents = 0) {
  dir = mkdtempSync(join(tmpdir(), 'grab-test-'));
  const db = openHubDb(join(dir, 'hub.db'));
  const ids = seedAgents(db, agents);
  db.close();
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, routing, log: () => {} });
  return ids;
}

async function staffSocket(id: string) {
  const token = hub.internals.signer.sign({ sub: id, role: 'agent', name: id, branchId: 'BR-SH01' }, 600);
  const s = connectSocket(hub.url, token);
  sockets.push(s);
  await waitConnected(s);
  return s;
}

async function waitingCustomer(text = '你好,我想开通创业板') {
  const session = await customerSession(hub.url);
  const socket = connectSocket(hub.url, session.token);
  sockets.push(socket);
  await waitConnected(socket);
  const hello = await request<CustomerHello>(socket, 'customer.hello', {});
  if (!hello.ok) throw new Error(hello.error.message);
  await request<SendAck>(socket, 'msg.send', { conversationId: hello.value.conversationId, clientMsgId: `first-${Date.now()}`, text });
  return { socket, conversationId: hello.value.conversationId };
}

describe('grab-order (抢单)', () => {
  it('lets exactly one of 50 agents win a chat they all grab at once; the others get "already taken"', async () => {
    const ids = await start({ grabWindowMs: 60_000 }, 50);
    const agents = await Promise.all(ids.map(staffSocket));
    const poolShown = nextEvent<PoolItem[]>(agents[0]!, 'pool.updated', (items) => items.length > 0);
    const { conversationId } = await waitingCustomer();
    const pool = await poolShown;
    expect(pool[0]).toMatchObject({ conversationId, canGrab: true, skillGroup: '开户' });

    const results = await Promise.all(agents.map((s) => request<ConversationSummary>(s, 'ticket.grab', { conversationId })));
    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    for (const r of losers) expect(r).toMatchObject({ ok: false, error: { code: 'ALREADY_TAKEN', message: expect.stringContaining('already been taken') } });
    const winner = winners[0]!;
    if (!winner.ok) throw new Error('unreachable');
    expect(winner.value.ownerId).toMatch(/^bulk/);
    const owners = hub.db.prepare('SELECT owner_id FROM conversations WHERE id = ?').get(conversationId) as { owner_id: string };
    expect(owners.owner_id).toBe(winner.value.ownerId);
    const assigns = hub.db.prepare("SELECT COUNT(*) AS n FROM ticket_transitions WHERE conversation_id = ? AND to_state = 'assigned'").get(conversationId) as { n: number };
    expect(assigns.n).toBe(1);
  });

  it('respects capacity and status: a full or busy agent cannot grab', async () => {
    await start({ grabWindowMs: 60_000 });
    const { token } = await loginStaff(hub.url, 'agent01');
    const agent = connectSocket(hub.url, token);
    sockets.push(agent);
    await waitConnected(agent);
    const chats = [];
    for (let i = 0; i < 6; i++) chats.push(await waitingCustomer(`开户问题 ${i}`));
    for (const c of chats.slice(0, 5)) expect((await request(agent, 'ticket.grab', { conversationId: c.conversationId })).ok).toBe(true);
    const sixth = await request(agent, 'ticket.grab', { conversationId: chats[5]!.conversationId });
    expect(sixth).toMatchObject({ ok: false, error: { code: 'CAPACITY_FULL' } });

    const { token: t2 } = await loginStaff(hub.url, 'agent02');
    const other = connectSocket(hub.url, t2);
    sockets.push(other);
    await waitConnected(other);
    expect((await request(other, 'agent.status', { status: 'busy' })).ok).toBe(true);
    const busy = await request(other, 'ticket.grab', { conversationId: chats[5]!.conversationId });
    expect(busy).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('dispatch (派单)', () => {
  it('assigns to the longest-idle online agent of the skill after the grab window, and re-dispatches when the owner goes offline', async () => {
    await start({ grabWindowMs: 0, policy: { ...DEFAULT_DISPATCH_POLICY, offlineGraceMs: 300 } });
    const a1 = await loginStaff(hub.url, 'agent01');
    const s1 = connectSocket(hub.url, a1.token);
    sockets.push(s1);
    await waitConnected(s1);
    const got = nextEvent<ConversationSummary>(s1, 'conv.updated', (c) => c.ownerId === 'agent01');
    const { conversationId } = await waitingCustomer();
    expect((await got).id).toBe(conversationId);

    // The owner disconnects; after the grace period the chat goes back to the queue and to another agent.
    const a2 = await loginStaff(hub.url, 'agent02');
    const s2 = connectSocket(hub.url, a2.token);
    sockets.push(s2);
    await waitConnected(s2);
    const moved = nextEvent<ConversationSummary>(s2, 'conv.updated', (c) => c.id === conversationId && c.ownerId === 'agent02', 10_000);
    s1.close();
    expect((await moved).ownerId).toBe('agent02');
  });
});
