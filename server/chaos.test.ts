import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type Hub } from './hub';
import { openHubDb } from './db/open';
import { seedAgents } from './testing/staffFixtures';
import { customerSession, request } from './testing/clients';
import { ReliableClient } from './testing/reliableClient';
import type { ConversationSummary, CustomerHello } from '../shared/protocol/hub';

const CUSTOMERS = 10;
const AGENTS = 4;
const MESSAGES_EACH_WAY = 1000;
const MIN_DROPS = 200;
const RESTARTS = 3;

const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, timeoutMs: number, what: string) {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

describe('chaos: dropped connections and hub restarts lose and duplicate nothing', () => {
  it(`${MESSAGES_EACH_WAY * 2} messages, ≥${MIN_DROPS} drops, ${RESTARTS} restarts: 0 lost, 0 duplicated, ordered by seq on both sides`, async () => {
    const dbPath = join(dir, 'hub.db');
    const seedDb = openHubDb(dbPath);
    const agentIds = seedAgents(seedDb, AGENTS, { prefix: 'chaos', capacity: 5 });
    seedDb.close();
    const startOpts = { dbPath, demo: true, routing: { grabWindowMs: 0 }, log: () => {} };
    let hub: Hub = await startHub(startOpts);
    const port = hub.port;
    const url = hub.url;

    const owned = new Map<string, string[]>(); // agent → conversations
    const agents = agentIds.map((id) => {
      const token = hub.internals.signer.sign({ sub: id, role: 'agent', name: id, branchId: 'BR-SH01' }, 3600);
      const client = new ReliableClient(url, token, id, () => owned.get(id) ?? []);
      client.socket.on('conv.updated', (c: ConversationSummary) => {
        const list = owned.get(id) ?? [];
        if (c.ownerId === id && !list.includes(c.id)) owned.set(id, [...list, c.id]);
      });
      return client;
    });
    await until(() => agents.every((a) => a.socket.connected), 5000, 'agents connected');

    const customers: { client: ReliableClient; conversationId: string }[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const session = await customerSession(url);
      let conversationId = '';
      const client = new ReliableClient(url, session.token, `customer${i}`, () => (conversationId ? [conversationId] : []));
      await until(() => client.socket.connected, 5000, 'customer connected');
      const hello = await request<CustomerHello>(client.socket, 'customer.hello', {});
      if (!hello.ok) throw new Error(hello.error.message);
      conversationId = hello.value.conversationId;
      client.send(conversationId, `c${i}-first-000`, `你好,我想问一下开户的问题 ${i}`);
      customers.push({ client, conversationId });
    }
    await until(() => [...owned.values()].flat().length === CUSTOMERS, 10_000, 'every conversation assigned');
    const ownerOf = new Map([...owned].flatMap(([agent, convs]) => convs.map((c) => [c, agent] as const)));

    // Traffic and chaos at once.
    let drops = 0;
    let restarts = 0;
    let sent = 0;
    const everyone = [...agents, ...customers.map((c) => c.client)];
    const traffic = (async () => {
      for (let n = 0; n < MESSAGES_EACH_WAY; n++) {
        const c = customers[n % CUSTOMERS]!;
        c.client.send(c.conversationId, `cust-${n}-xxxx`, `客户消息 ${n}`);
        const agent = agents[agentIds.indexOf(ownerOf.get(c.conversationId)!)]!;
        agent.send(c.conversationId, `agent-${n}-xxxx`, `坐席回复 ${n}`);
        sent += 2;
        if (n % 3 === 0) await sleep(8); // spread the traffic over the whole chaos period
      }
    })();
    const chaos = (async () => {
      for (let step = 0; step < 400 && (drops < MIN_DROPS || restarts < RESTARTS || sent < MESSAGES_EACH_WAY * 2); step++) {
        if (step % 70 === 35 && restarts < RESTARTS) {
          await hub.close();
          await sleep(100);
          hub = await startHub({ ...startOpts, port });
          restarts++;
          continue;
        }
        const victim = everyone[Math.floor(Math.random() * everyone.length)]!;
        if (victim.socket.connected) {
          victim.socket.io.engine?.close(); // a network drop: the client reconnects by itself
          drops++;
        }
        await sleep(10);
      }
    })();
    await Promise.all([traffic, chaos]);

    // Let everything settle: every outbox drains, then every side resyncs once more.
    await until(() => everyone.every((c) => c.socket.connected), 15_000, 'all reconnected');
    for (const c of everyone) await c.flush();
    await until(() => everyone.every((c) => c.outbox.size === 0), 30_000, 'outboxes drained');
    for (const c of everyone) await c.resync();

    let lost = 0;
    let duplicated = 0;
    for (const { client: customer, conversationId } of customers) {
      const agent = agents[agentIds.indexOf(ownerOf.get(conversationId)!)]!;
      const stored = hub.db
        .prepare("SELECT seq, client_msg_id FROM messages WHERE conversation_id = ? AND kind = 'text' ORDER BY seq")
        .all(conversationId) as { seq: number; client_msg_id: string }[];
      const storedIds = stored.map((r) => r.client_msg_id);
      duplicated += storedIds.length - new Set(storedIds).size;
      // Everything either side pressed Send on for this conversation was acknowledged and stored.
      const sentHere = [...customer.acked.keys(), ...[...agent.acked.keys()].filter((id) => agent.sentTo.get(id) === conversationId)];
      lost += sentHere.filter((id) => !storedIds.includes(id)).length;
      for (const side of [customer, agent]) {
        const view = [...(side.seen.get(conversationId)?.values() ?? [])].filter((m) => m.kind === 'text').sort((a, b) => a.seq - b.seq);
        expect(view.map((m) => m.clientMsgId), `${side.label} sees ${conversationId} exactly as stored, in seq order`).toEqual(storedIds);
      }
    }
    const agentAcked = agents.reduce((n, a) => n + a.acked.size, 0);
    const customerAcked = customers.reduce((n, c) => n + c.client.acked.size, 0);
    const totalStored = (hub.db.prepare("SELECT COUNT(*) AS n FROM messages WHERE kind = 'text'").get() as { n: number }).n;
    console.log(
      `chaos: sent ${sent + CUSTOMERS} messages (${customerAcked} customer, ${agentAcked} agent acked), ` +
        `${drops} connection drops, ${restarts} hub restarts, ${everyone.reduce((n, c) => n + c.reconnects, 0)} reconnects; ` +
        `stored ${totalStored}; lost ${lost}, duplicated ${duplicated}`,
    );
    expect(customerAcked + agentAcked).toBe(MESSAGES_EACH_WAY * 2 + CUSTOMERS);
    expect(totalStored).toBe(MESSAGES_EACH_WAY * 2 + CUSTOMERS);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(drops).toBeGreaterThanOrEqual(MIN_DROPS);
    expect(restarts).toBe(RESTARTS);
    for (const c of everyone) c.close();
    await hub.close();
  }, 120_000);
});
