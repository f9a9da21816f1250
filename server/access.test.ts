/**
 * The access matrix: every principal × every staff and customer event (taken from the protocol tables) × a live
 * conversation in two states, against the real hub over real sockets. The expectation is `mayAccess` (server/fuzz/
 * accessPolicy.ts), deny by default. An action counts as a success on the conversation when the hub acknowledges it
 * and the request or the answer concerns that conversation, or when the conversation changed. Live pushes are checked
 * too: nobody outside the conversation's observers may receive anything about it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from './hub';
import { openHubDb } from './db/open';
import { seedDemoOrg, type Org } from './org';
import { TokenSigner } from './auth';
import { getConversation } from './repos/conversations';
import { connectSocket, nextEvent, request, waitConnected } from './testing/clients';
import { customerRequests, staffRequests, type ConversationSummary, type CustomerHello, type Role } from '../shared/protocol/hub';
import { LIVE_OBSERVERS, mayAccess, type ActorRole, type Relation } from './fuzz/accessPolicy';

const BRANCH = 'BR-SH01';
const OTHER_BRANCH = 'BR-BJ01';
const ALL_SKILLS = ['开户', '交易', '理财', '两融', '港股通', 'english'];

/** A small org of its own: one owner agent takes every chat (the others are set away), capacity is no limit. */
const ORG: Org = {
  branches: [
    { id: BRANCH, name: '上海浦东营业部', regionId: '华东' },
    { id: OTHER_BRANCH, name: '北京朝阳营业部', regionId: '华北' },
  ],
  staff: [
    { username: 'owner', displayName: '属主坐席', role: 'agent', branchId: BRANCH, skills: ALL_SKILLS, capacity: 1000 },
    { username: 'peer', displayName: '同部坐席', role: 'agent', branchId: BRANCH, skills: ALL_SKILLS, capacity: 1000 },
    { username: 'far', displayName: '异部坐席', role: 'agent', branchId: OTHER_BRANCH, skills: ALL_SKILLS, capacity: 1000 },
    { username: 'qa', displayName: '质检', role: 'qa', branchId: BRANCH, skills: [] },
    { username: 'lead-near', displayName: '本部负责人', role: 'lead', branchId: BRANCH, skills: ALL_SKILLS },
    { username: 'lead-far', displayName: '异部负责人', role: 'lead', branchId: OTHER_BRANCH, skills: ALL_SKILLS },
  ],
  demoPassword: 'not-used-here',
};

interface Principal {
  name: string;
  role: ActorRole;
  relation: Relation;
  socket?: Socket;
  /** Staff id or customer id. */
  id?: string;
}

const STAFF: { name: string; id: string; role: Exclude<Role, 'customer'>; relation: Relation; branchId: string }[] = [
  { name: 'agent (owner)', id: 'owner', role: 'agent', relation: 'owner', branchId: BRANCH },
  { name: 'agent (same branch)', id: 'peer', role: 'agent', relation: 'sameBranch', branchId: BRANCH },
  { name: 'agent (other branch)', id: 'far', role: 'agent', relation: 'otherBranch', branchId: OTHER_BRANCH },
  { name: 'QA reviewer', id: 'qa', role: 'qa', relation: 'sameBranch', branchId: BRANCH },
  { name: 'lead (same branch)', id: 'lead-near', role: 'lead', relation: 'sameBranch', branchId: BRANCH },
  { name: 'lead (other branch)', id: 'lead-far', role: 'lead', relation: 'otherBranch', branchId: OTHER_BRANCH },
];

const EVENTS = [...new Set([...Object.keys(staffRequests), ...Object.keys(customerRequests)])];
const schemaOf = (event: string): z.ZodType =>
  ((staffRequests as Record<string, z.ZodType>)[event] ?? (customerRequests as Record<string, z.ZodType>)[event])!;

/** Values for fields by name; anything else is synthesised from its schema. */
const fieldValues = (conversationId: string, customerId: string, n: number): Record<string, unknown> => ({
  conversationId,
  customerId,
  field: 'phone',
  on: true,
  range: 'today',
  customerInitiated: false,
  clientMsgId: `access-${n}-probe`,
  text: '访问矩阵探测 / access probe',
  afterSeq: 0,
  typing: true,
  status: 'busy',
  toAgentId: 'peer',
  note: '探测',
  reason: '探测',
  guidance: '探测',
  summary: '探测',
  comment: '探测',
  score: 5,
  planId: 'daily_service',
  from: new Date(Date.now() - 86_400_000).toISOString(),
  to: new Date(Date.now() + 86_400_000).toISOString(),
  seed: 'access-probe',
  messageSeq: 1,
  level: 'branch',
  scorecardId: 'zh_service',
  answers: { points: {}, critical: {} },
  notes: '探测',
  decision: 'uphold',
  period: 'day',
  cursor: 0,
  articleId: 'KB-0001',
  title: '访问矩阵探测',
  body: '访问矩阵探测的正文,至少二十个字符的长度。',
  tags: [],
  category: '测试',
  contributionId: 1,
  approve: false,
});

/** A valid payload for `schema`, built from its declared fields, so new events get a well-formed probe automatically. */
function synthesize(schema: z.ZodType, values: Record<string, unknown>): unknown {
  if (!(schema instanceof z.ZodObject)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (key in values) out[key] = values[key];
    else if (!(field instanceof z.ZodOptional)) out[key] = sampleOf(field);
  }
  return out;
}

function sampleOf(field: z.ZodType): unknown {
  if (field instanceof z.ZodString) return 'probe';
  if (field instanceof z.ZodNumber) return Math.max(1, field.minValue ?? 1);
  if (field instanceof z.ZodBoolean) return true;
  if (field instanceof z.ZodEnum) return field.options[0];
  if (field instanceof z.ZodLiteral) return field.value;
  if (field instanceof z.ZodNullable) return null;
  if (field instanceof z.ZodArray) return [sampleOf(field.element as z.ZodType)];
  if (field instanceof z.ZodObject) return synthesize(field, {});
  return null;
}

/**
 * Divergences from the policy that are known and tracked in SECURITY.md ("Known gaps"). Each one is asserted to still
 * happen, so fixing it in the hub fails this test until the entry is removed here, and nothing new can hide behind it.
 */
const KNOWN_GAPS: readonly string[] = [
  // (empty) e.g. 'lead:sameBranch|typing' until the hub required ownership for the typing indicator
];

let dir: string;
let hub: Hub;
let signer: TokenSigner;
const principals: Principal[] = [];
const owner = () => principals.find((p) => p.id === 'owner')!;
/** Every push received by every principal, with the cell it arrived in. */
const pushes: { principal: string; event: string; text: string; cell: number }[] = [];
let currentCell = 0;
let fixtureCount = 0;

interface Fixture {
  id: string;
  customer: Principal;
  /** Cell number from which the conversation may legitimately have new observers (an allowed transfer, reassign…). */
  openFrom: number;
  consumed: boolean;
}
const fixtures: Fixture[] = [];

function record(socket: Socket, principal: string) {
  socket.onAny((event: string, payload: unknown) => {
    pushes.push({ principal, event, text: JSON.stringify(payload) ?? '', cell: currentCell });
  });
}

async function connectAs(token: string, name: string): Promise<Socket> {
  const socket = connectSocket(hub.url, token, { reconnection: false });
  record(socket, name);
  await waitConnected(socket);
  return socket;
}

const signStaff = (s: (typeof STAFF)[number]) => signer.sign({ sub: s.id, role: s.role, name: s.id, branchId: s.branchId }, 3600);
const signCustomer = (id: string) => signer.sign({ sub: id, role: 'customer', name: `客户${id}`, branchId: BRANCH }, 3600);

/** Owner online and taking chats; everyone else away, so that dispatch is deterministic. */
async function resetStatuses() {
  for (const p of principals) {
    if (!p.socket || (p.role !== 'agent' && p.role !== 'lead')) continue;
    const wanted = p.id === 'owner' ? 'online' : 'away';
    if (hub.service.agents.get(p.id!)?.status === wanted) continue;
    await request(p.socket, 'agent.status', { status: wanted });
  }
}

/** A conversation of the owner agent's branch, handed to the owner agent, in the requested state. */
async function newFixture(state: 'assigned' | 'escalated'): Promise<Fixture> {
  const n = ++fixtureCount;
  const customerId = `C-ACC-${n}-x`; // the suffix keeps one id from being a prefix of another
  const socket = await connectAs(signCustomer(customerId), `customer (owner of fixture ${n})`);
  const hello = await request<CustomerHello>(socket, 'customer.hello', {});
  if (!hello.ok) throw new Error(hello.error.message);
  const id = hello.value.conversationId;
  const assigned = nextEvent<ConversationSummary>(owner().socket!, 'conv.updated', (c) => c.id === id && c.ownerId === 'owner');
  const first = await request(socket, 'msg.send', { conversationId: id, clientMsgId: `fixture-${n}-first`, text: '你好,我想开户' });
  if (!first.ok) throw new Error(first.error.message);
  await assigned;
  if (state === 'escalated') {
    const escalated = await request(owner().socket!, 'ticket.escalate', { conversationId: id, reason: '客户要求负责人处理' });
    if (!escalated.ok) throw new Error(`cannot escalate the fixture: ${escalated.error.message}`);
  }
  await settle(id);
  const fixture: Fixture = { id, customer: { name: 'customer (owner)', role: 'customer', relation: 'owner', socket, id: customerId }, openFrom: Infinity, consumed: false };
  fixtures.push(fixture);
  return fixture;
}

async function retire(f: Fixture) {
  await request(f.customer.socket!, 'customer.leave', { conversationId: f.id }).catch(() => null);
  f.customer.socket!.close();
}

const fingerprint = (id: string) => {
  const c = getConversation(hub.db, id);
  return c ? `${c.state}|${c.ownerId}|${c.lastSeq}|${c.closedAt}|${c.skillGroup}` : 'missing';
};

/** Every socket has received everything emitted before this returns (socket.io keeps order per socket). */
async function barrier() {
  await Promise.all(
    [...principals.map((p) => p.socket), ...fixtures.filter((f) => !f.consumed).map((f) => f.customer.socket)]
      .filter((s): s is Socket => !!s?.connected)
      .map((s) => request(s, 'barrier.probe', {}).catch(() => null)),
  );
}

/** Waits until the hub has finished with a conversation (system messages are written by group commit, a moment later). */
async function settle(id: string) {
  let last = '';
  for (let i = 0; i < 50; i++) {
    await barrier();
    await new Promise((r) => setImmediate(r));
    const now = fingerprint(id);
    if (now === last) return;
    last = now;
  }
  throw new Error(`conversation ${id} never settled`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-access-'));
  const seed = openHubDb(join(dir, 'hub.db'));
  seedDemoOrg(seed, ORG);
  seed.close();
  hub = await startHub({ dbPath: join(dir, 'hub.db'), log: () => {} });
  signer = hub.internals.signer;
  for (const s of STAFF) {
    principals.push({ name: s.name, role: s.role, relation: s.relation, id: s.id, socket: await connectAs(signStaff(s), s.name) });
  }
  await resetStatuses();
  const other = await connectAs(signCustomer('C-OTHER'), 'customer (another)');
  const own = await request<CustomerHello>(other, 'customer.hello', {});
  expect(own.ok).toBe(true);
  principals.push({ name: 'customer (another)', role: 'customer', relation: 'otherCustomer', socket: other, id: 'C-OTHER' });
});

afterAll(async () => {
  for (const p of principals) p.socket?.close();
  for (const f of fixtures) f.customer.socket?.close();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('access matrix: every role × every event × a live conversation', () => {
  it('grants exactly what the policy allows: 0 unauthorised successes, 0 leaked pushes', async () => {
    const unauthorised: string[] = [];
    const counts = { cells: 0, allowedSucceeded: 0, allowedRefused: 0, deniedRefused: 0, deniedHarmless: 0, refusedConnections: 0 };
    const refusalCodes = new Map<string, number>();
    const knownGapsSeen = new Set<string>();
    const succeeded = new Set<string>();

    for (const state of ['assigned', 'escalated'] as const) {
      let fixture = await newFixture(state);
      for (const event of EVENTS) {
        for (const actor of [...principals, null]) {
          // null stands for the fixture's own customer, whose socket changes with the fixture
          const p = actor ?? fixture.customer;
          currentCell++;
          counts.cells++;
          const before = fingerprint(fixture.id);
          const payload = synthesize(schemaOf(event), fieldValues(fixture.id, fixture.customer.id!, currentCell));
          expect(schemaOf(event).safeParse(payload).success, `cannot build a valid ${event} probe: add its fields to fieldValues`).toBe(true);
          const result = await request<unknown>(p.socket!, event, payload);
          await settle(fixture.id);
          const changed = fingerprint(fixture.id) !== before;
          // About this conversation or its customer, in what was asked or in what came back.
          const mentions = (v: unknown) => [fixture.id, fixture.customer.id!].some((id) => JSON.stringify(v ?? null).includes(id));
          const concerns = mentions(payload) || (result.ok && mentions(result.value));
          const touched = (result.ok && concerns) || changed;
          const allowed = mayAccess(p.role, p.relation, event);
          const cell = `${state} · ${p.name} · ${event}`;
          if (touched && !allowed && KNOWN_GAPS.includes(`${p.role}:${p.relation}|${event}`)) knownGapsSeen.add(`${p.role}:${p.relation}|${event}`);
          else if (touched && !allowed) unauthorised.push(`${cell} → ${result.ok ? 'ok' : result.error.code}${changed ? ' (changed the conversation)' : ''}`);
          else if (touched) {
            counts.allowedSucceeded++;
            succeeded.add(`${state}|${p.role}:${p.relation}|${event}`);
          }
          else if (allowed) counts.allowedRefused++;
          else if (result.ok) counts.deniedHarmless++;
          else counts.deniedRefused++;
          if (!result.ok) refusalCodes.set(result.error.code, (refusalCodes.get(result.error.code) ?? 0) + 1);

          await resetStatuses();
          if (changed) {
            // An allowed change may give the conversation new observers (transfer, reassign): stop watching it.
            fixture.openFrom = currentCell;
            fixture.consumed = true;
            await retire(fixture);
            fixture = await newFixture(state);
          }
        }
      }
      await retire(fixture);
      fixture.consumed = true;
    }

    // Tokens that must not open a socket at all: every event is refused for them by construction.
    const foreign = new TokenSigner(randomBytes(32));
    const badTokens: [string, string | undefined][] = [
      ['no token', undefined],
      ['expired token', signer.sign({ sub: 'owner', role: 'agent', name: 'owner', branchId: BRANCH }, 60, Date.now() - 3_600_000)],
      ['token signed with another secret', foreign.sign({ sub: 'owner', role: 'agent', name: 'owner', branchId: BRANCH }, 3600)],
      ['customer token re-signed as staff', foreign.sign({ sub: 'C-OTHER', role: 'lead', name: 'x', branchId: BRANCH }, 3600)],
    ];
    for (const [name, token] of badTokens) {
      const s = connectSocket(hub.url, token, { reconnection: false });
      const err = await new Promise<Error & { data?: { code?: string } }>((resolve) => s.once('connect_error', resolve));
      expect(err.data?.code, name).toBe('UNAUTHENTICATED');
      expect(s.connected).toBe(false);
      s.close();
      counts.cells += EVENTS.length * 2;
      counts.refusedConnections += EVENTS.length * 2;
    }

    // Live pushes: about each conversation, only to its observers (pool offers are by design visible to eligible agents).
    const leaks: string[] = [];
    for (const f of fixtures) {
      for (const push of pushes) {
        if (push.event === 'pool.updated' || push.cell >= f.openFrom || !push.text.includes(f.id)) continue;
        const who = principals.find((p) => p.name === push.principal);
        const observer = who ? LIVE_OBSERVERS.includes(`${who.role}:${who.relation}`) : push.principal.includes(`fixture ${fixtures.indexOf(f) + 1})`);
        if (!observer) leaks.push(`${push.principal} received ${push.event} about ${f.id}`);
      }
    }

    const principalsCount = principals.length + 1 + badTokens.length;
    console.log(
      `[access matrix] ${principalsCount} principals × ${EVENTS.length} events × 2 conversation states = ${counts.cells} cells; ` +
        `allowed and done: ${counts.allowedSucceeded}, allowed but refused by state: ${counts.allowedRefused}, ` +
        `denied (typed refusal): ${counts.deniedRefused}, denied (answered without touching it): ${counts.deniedHarmless}, ` +
        `refused at connection: ${counts.refusedConnections}, unauthorised successes: ${unauthorised.length} (+ known gaps: ${[...knownGapsSeen].join(', ') || 'none'}), leaked pushes: ${leaks.length}; ` +
        `refusal codes ${JSON.stringify(Object.fromEntries(refusalCodes))}; fixtures used: ${fixtureCount}`,
    );
    expect(unauthorised).toEqual([]);
    // A known gap that the hub has closed must leave the list, so the list never hides a new problem.
    expect([...knownGapsSeen].sort()).toEqual([...KNOWN_GAPS].sort());
    expect(leaks).toEqual([]);
    // The matrix is not vacuous: what the hub must allow today, it does.
    for (const must of ['assigned|agent:owner|msg.send', 'assigned|agent:owner|conv.sync', 'assigned|customer:owner|msg.send', 'assigned|customer:owner|conv.sync', 'assigned|lead:sameBranch|conv.sync', 'assigned|lead:sameBranch|conv.list']) {
      expect(succeeded, must).toContain(must);
    }
  });
});

