import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type Hub } from '../../server/hub';
import { connectSocket, loginStaff, request, waitConnected } from '../../server/testing/clients';
import type { KnowledgeSyncStatus, PushEvents } from '../../shared/ipc/contract';
import type { Contribution } from '../../shared/knowledge/contribution';
import { openLocalDb, type LocalDb } from './local/open';
import { createWorkstation, type Workstation } from './workstation';
import { MemoryTokenVault } from './tokenVault';

let dir: string;
let hub: Hub;
let db: LocalDb;
let ws: Workstation;

function until<E extends keyof PushEvents>(event: E, predicate: (p: PushEvents[E]) => boolean, timeoutMs = 20_000) {
  return new Promise<PushEvents[E]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), timeoutMs);
    const handler = (p: PushEvents[E]) => {
      if (!predicate(p)) return;
      clearTimeout(timer);
      ws.events.off(event, handler as never);
      resolve(p);
    };
    ws.events.on(event, handler as never);
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kb-sync-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {} });
  db = openLocalDb(join(dir, 'workstation.db'));
  ws = createWorkstation({ db, mode: 'browser', version: 'test', dataDir: dir, tokenVault: new MemoryTokenVault(), defaultHubUrl: async () => hub.url });
});
afterEach(async () => {
  ws.close();
  db.close();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('knowledge on the workstation', () => {
  it('syncs the hub knowledge base into the local index, searches offline, quotes with attribution, and picks up an approved contribution incrementally', async () => {
    const synced = until('knowledge.synced', (s: KnowledgeSyncStatus) => s.status === 'caught-up');
    await ws.handlers.signIn({ username: 'agent01', password: 'demo123' });
    const status = await synced;
    expect(status.articles).toBeGreaterThanOrEqual(150);

    const margin = await ws.handlers.searchKnowledge({ query: '两融' });
    expect(margin.confident).toBe(true);
    const top = margin.results[0]!;
    expect(top.score).toBeGreaterThan(0);

    // offline: the hub goes away, search and quoting keep working from the local index
    await hub.close();
    const offline = await ws.handlers.searchKnowledge({ query: '创业版开通条件' });
    expect(offline.results.length).toBeGreaterThan(0);
    const quote = await ws.handlers.quoteArticle({ articleId: top.id });
    expect(quote.text).toContain(top.id);
    expect(quote.text).toMatch(new RegExp(`v${top.version}`));
    expect((await ws.handlers.syncKnowledge({})).status).toBe('offline');

    // back online: an agent proposes, the branch lead approves, the next sync brings only that change
    hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {}, port: hub.port });
    await until('connection.changed', (c) => c.state === 'online');
    const proposal = await ws.handlers.proposeArticle({
      title: '港股通交易日历查询方法',
      body: '港股通交易日以上交所和深交所公布的港股通交易日历为准,遇香港或内地节假日可能暂停交易,请在交易前查询日历。',
      tags: ['港股通', '交易日历'],
      category: '港股通',
    });
    const { token } = await loginStaff(hub.url, 'lead-sh');
    const lead = connectSocket(hub.url, token);
    await waitConnected(lead);
    const pending = await request<Contribution[]>(lead, 'kb.pending', {});
    expect(pending.ok && pending.value.map((c) => c.id)).toContain(proposal.id);
    expect(await request(lead, 'kb.decide', { contributionId: proposal.id, approve: true })).toMatchObject({ ok: true });
    lead.close();
    const before = (await ws.handlers.syncKnowledge({})).articles;
    expect(before).toBe(status.articles + 1);
    const found = await ws.handlers.searchKnowledge({ query: '港股通交易日历' });
    expect(found.results[0]?.title).toBe('港股通交易日历查询方法');
  }, 60_000);
});
