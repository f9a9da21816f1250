/**
 * Grab contention (抢单) for the hub benchmark: chats wait in the pool (a grab window keeps the dispatcher away) and
 * many agents click "grab" on each of them at the same moment. Reports how the hub settled every race (exactly one
 * winner per chat, every other contender told "already taken") and how long a grab takes to be answered.
 *
 * Runs its own hub in this process on a fresh database: the contention figures are about correctness under a burst
 * and the grab round trip, not about throughput (the main phases measure that with the hub alone in a child process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startHub } from '../../server/hub';
import { openHubDb } from '../../server/db/open';
import { seedAgents } from '../../server/testing/staffFixtures';
import { connectSocket, customerSession, request, waitConnected } from '../../server/testing/clients';
import type { ConversationSummary, CustomerHello, PoolItem } from '../../shared/protocol/hub';
import { quantile } from '../../shared/stats/quantile';
import { mulberry32 } from '../../shared/stats/random';

export interface GrabContentionOptions {
  /** Agents online, all eligible for every chat. */
  agents: number;
  /** Chats put in the pool at once. */
  chats: number;
  /** Agents grabbing each chat at the same moment. */
  contendersPerChat: number;
  seed?: number;
}

export interface GrabContention {
  agents: number;
  chats: number;
  contendersPerChat: number;
  attempts: number;
  /** Chats with exactly one winner (the goal: all of them). */
  chatsWithOneWinner: number;
  /** Chats that two agents both won: must be 0. */
  chatsWithSeveralWinners: number;
  /** Chats nobody won although agents had room: must be 0. */
  chatsWithNoWinner: number;
  alreadyTaken: number;
  /** Refusals other than "already taken" (e.g. capacity), by error code. */
  otherRefusals: Record<string, number>;
  /** The database agrees with the winners: owner row and exactly one assignment transition per chat. */
  storedOwnersMatch: boolean;
  grabP50Ms: number;
  grabP99Ms: number;
  /** From the burst's first click to the last answer. */
  burstMs: number;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`grab contention: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function measureGrabContention(options: GrabContentionOptions): Promise<GrabContention> {
  const { agents, chats, contendersPerChat } = options;
  if (contendersPerChat > agents) throw new Error(`grab contention: ${contendersPerChat} contenders need at least as many agents (got ${agents})`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-grab-'));
  const seedDb = openHubDb(join(dir, 'hub.db'));
  // Room for every chat whoever wins: capacity never decides a race here.
  const ids = seedAgents(seedDb, agents, { capacity: Math.max(5, chats) });
  seedDb.close();
  const hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, routing: { grabWindowMs: 600_000 }, log: () => {} });
  const sockets: Socket[] = [];
  try {
    const agentSockets = await Promise.all(
      ids.map(async (id) => {
        const s = connectSocket(hub.url, hub.internals.signer.sign({ sub: id, role: 'agent', name: id, branchId: 'BR-SH01' }, 3600));
        sockets.push(s);
        await waitConnected(s);
        return s;
      }),
    );
    let pool: PoolItem[] = [];
    agentSockets[0]!.on('pool.updated', (items: PoolItem[]) => (pool = items));

    const conversationIds: string[] = [];
    for (let i = 0; i < chats; i++) {
      const session = await customerSession(hub.url);
      const c = connectSocket(hub.url, session.token);
      sockets.push(c);
      await waitConnected(c);
      const hello = await request<CustomerHello>(c, 'customer.hello', {});
      if (!hello.ok) throw new Error(`grab contention: customer.hello refused: ${hello.error.message}`);
      conversationIds.push(hello.value.conversationId);
      await request(c, 'msg.send', { conversationId: hello.value.conversationId, clientMsgId: `grab-first-${i}`, text: '你好,我想开通创业板' });
    }
    const waiting = new Set(conversationIds);
    await until(() => pool.filter((p) => waiting.has(p.conversationId)).length === chats, `${chats} chats in the pool`);

    // Every chat gets its own random set of contenders; all grabs of all chats leave in one burst.
    const random = mulberry32(options.seed ?? 1);
    const plan = conversationIds.flatMap((conversationId) => {
      const chosen = new Set<number>();
      while (chosen.size < contendersPerChat) chosen.add(Math.floor(random() * agents));
      return [...chosen].map((a) => ({ conversationId, agent: a }));
    });
    const burstStart = nowMs();
    const outcomes = await Promise.all(
      plan.map(async ({ conversationId, agent }) => {
        const sentAt = nowMs();
        const result = await request<ConversationSummary>(agentSockets[agent]!, 'ticket.grab', { conversationId }, 30_000);
        return { conversationId, agentId: ids[agent]!, result, ms: nowMs() - sentAt };
      }),
    );
    const burstMs = nowMs() - burstStart;

    const winners = new Map<string, string[]>();
    let alreadyTaken = 0;
    const otherRefusals: Record<string, number> = {};
    for (const o of outcomes) {
      if (o.result.ok) winners.set(o.conversationId, [...(winners.get(o.conversationId) ?? []), o.agentId]);
      else if (o.result.error.code === 'ALREADY_TAKEN') alreadyTaken++;
      else otherRefusals[o.result.error.code] = (otherRefusals[o.result.error.code] ?? 0) + 1;
    }
    // Written behind in the next group commit: give it a moment to land before reading the database.
    const ownerOf = (id: string) => (hub.db.prepare('SELECT owner_id FROM conversations WHERE id = ?').get(id) as { owner_id: string | null } | undefined)?.owner_id;
    await until(() => conversationIds.every((id) => !winners.has(id) || ownerOf(id) != null), 'the winners to be stored', 5_000).catch(() => {});
    const storedOwnersMatch = conversationIds.every((id) => {
      const won = winners.get(id);
      if (won?.length !== 1) return false;
      const assigns = hub.db.prepare("SELECT COUNT(*) AS n FROM ticket_transitions WHERE conversation_id = ? AND to_state = 'assigned'").get(id) as { n: number };
      return ownerOf(id) === won[0] && assigns.n === 1;
    });
    const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      agents,
      chats,
      contendersPerChat,
      attempts: outcomes.length,
      chatsWithOneWinner: conversationIds.filter((id) => winners.get(id)?.length === 1).length,
      chatsWithSeveralWinners: conversationIds.filter((id) => (winners.get(id)?.length ?? 0) > 1).length,
      chatsWithNoWinner: conversationIds.filter((id) => !winners.has(id)).length,
      alreadyTaken,
      otherRefusals,
      storedOwnersMatch,
      grabP50Ms: round(quantile(latencies, 0.5)),
      grabP99Ms: round(quantile(latencies, 0.99)),
      burstMs: round(burstMs),
    };
  } finally {
    for (const s of sockets) s.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
