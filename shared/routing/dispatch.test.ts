import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agentDistance,
  DEFAULT_DISPATCH_POLICY,
  dispatchReach,
  eligibleForGrab,
  nextRedispatchAction,
  nextWideningAtMs,
  pickAgentForDispatch,
  type AgentState,
  type QueuedTicket,
} from './dispatch';

const agent = (id: string, over: Partial<AgentState> = {}): AgentState => ({
  id,
  role: 'agent',
  branchId: 'BR-SH01',
  regionId: '华东',
  skills: ['开户', '交易'],
  status: 'online',
  load: 0,
  capacity: 5,
  idleSince: 1_000,
  ...over,
});

const ticket = (over: Partial<QueuedTicket> = {}): QueuedTicket => ({ skillGroup: '开户', branchId: 'BR-SH01', regionId: '华东', waitingMs: 0, ...over });

const hz = (id: string, over: Partial<AgentState> = {}) => agent(id, { branchId: 'BR-HZ01', regionId: '华东', ...over }); // same region
const bj = (id: string, over: Partial<AgentState> = {}) => agent(id, { branchId: 'BR-BJ01', regionId: '华北', ...over }); // elsewhere

describe('pickAgentForDispatch', () => {
  it('prefers the longest-idle agent of the customer branch, breaking ties by load then id', () => {
    expect(pickAgentForDispatch(ticket(), [agent('a', { idleSince: 500 }), agent('b', { idleSince: 200 }), agent('c', { idleSince: 900 })])?.id).toBe('b');
    expect(pickAgentForDispatch(ticket(), [agent('a', { idleSince: 200, load: 3 }), agent('b', { idleSince: 200, load: 1 })])?.id).toBe('b');
    expect(pickAgentForDispatch(ticket(), [agent('b', { idleSince: 200 }), agent('a', { idleSince: 200 })])?.id).toBe('a');
  });

  it('widens from the branch to the region after 30 s and nationwide after 90 s', () => {
    const others = [hz('region'), bj('far', { idleSince: 1 })];
    expect(pickAgentForDispatch(ticket({ waitingMs: 29_999 }), others)).toBeNull();
    expect(pickAgentForDispatch(ticket({ waitingMs: 30_000 }), others)?.id).toBe('region');
    expect(pickAgentForDispatch(ticket({ waitingMs: 89_999 }), [bj('far')])).toBeNull();
    expect(pickAgentForDispatch(ticket({ waitingMs: 90_000 }), [bj('far')])?.id).toBe('far');
  });

  it('still prefers the own branch after widening, even over an agent idle longer elsewhere', () => {
    const agents = [bj('far', { idleSince: 1 }), hz('region', { idleSince: 2 }), agent('home', { idleSince: 999 })];
    expect(pickAgentForDispatch(ticket({ waitingMs: 120_000 }), agents)?.id).toBe('home');
    expect(pickAgentForDispatch(ticket({ waitingMs: 120_000 }), agents.slice(0, 2))?.id).toBe('region');
  });

  it('skips leads, agents who are busy, away or offline, without the skill, or at capacity', () => {
    const skipped = [
      agent('lead', { role: 'lead' }),
      agent('qa', { role: 'qa' }),
      agent('busy', { status: 'busy' }),
      agent('away', { status: 'away' }),
      agent('off', { status: 'offline' }),
      agent('noskill', { skills: ['理财'] }),
      agent('full', { load: 5 }),
      agent('defaultfull', { load: 5, capacity: undefined }),
    ];
    expect(pickAgentForDispatch(ticket(), skipped)).toBeNull();
    expect(pickAgentForDispatch(ticket(), [...skipped, agent('ok', { idleSince: 999_999, load: 4, capacity: undefined })])?.id).toBe('ok');
  });

  it('does not dispatch a ticket again to an agent who let it go', () => {
    const agents = [agent('a1', { idleSince: 1 }), agent('a2', { idleSince: 2 })];
    expect(pickAgentForDispatch(ticket({ excludeAgentIds: ['a1'] }), agents)?.id).toBe('a2');
    expect(pickAgentForDispatch(ticket({ excludeAgentIds: ['a1', 'a2'] }), agents)).toBeNull();
  });

  it('offers a ticket reserved by a transfer only to the named agent, wherever they sit', () => {
    const agents = [agent('home', { idleSince: 1 }), bj('named', { skills: ['理财'] })];
    expect(pickAgentForDispatch(ticket({ reservedFor: 'named' }), agents)?.id).toBe('named');
  });

  it('always picks an eligible agent that no other eligible agent beats', () => {
    const agentArb = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      role: fc.constantFrom('agent', 'agent', 'lead'),
      branchId: fc.constantFrom('BR-SH01', 'BR-HZ01', 'BR-BJ01'),
      skills: fc.subarray(['开户', '交易', '两融']),
      status: fc.constantFrom('online', 'online', 'busy', 'away', 'offline'),
      load: fc.integer({ min: 0, max: 6 }),
      idleSince: fc.integer({ min: 0, max: 5 }),
    }).map((a) => ({ ...a, capacity: 5, regionId: a.branchId === 'BR-BJ01' ? '华北' : '华东' }) as AgentState);
    fc.assert(
      fc.property(fc.uniqueArray(agentArb, { selector: (a) => a.id, maxLength: 6 }), fc.integer({ min: 0, max: 120_000 }), (agents, waitingMs) => {
        const t = ticket({ waitingMs });
        const picked = pickAgentForDispatch(t, agents);
        const eligible = agents.filter((a) => eligibleForGrab(a, t).ok);
        if (picked === null) {
          expect(eligible).toEqual([]);
          return;
        }
        expect(eligible).toContain(picked);
        const rank = (a: AgentState) => [['branch', 'region', 'nationwide'].indexOf(agentDistance(a, t)), a.idleSince, a.load] as const;
        for (const other of eligible) {
          const [d1, i1, l1] = rank(picked);
          const [d2, i2, l2] = rank(other);
          expect(d2 < d1 || (d2 === d1 && (i2 < i1 || (i2 === i1 && l2 < l1)))).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('eligibleForGrab', () => {
  it('says why an agent may not grab', () => {
    const t = ticket();
    expect(eligibleForGrab(agent('x'), t)).toEqual({ ok: true, distance: 'branch' });
    expect(eligibleForGrab(agent('x', { role: 'lead' }), t)).toMatchObject({ ok: false, code: 'NOT_AN_AGENT' });
    expect(eligibleForGrab(agent('x', { status: 'busy' }), t)).toMatchObject({ ok: false, code: 'NOT_ONLINE', reason: { zh: '当前状态(忙碌)不接新会话' } });
    expect(eligibleForGrab(agent('x', { skills: ['理财'] }), t)).toMatchObject({ ok: false, code: 'NO_SKILL' });
    expect(eligibleForGrab(agent('x', { load: 5 }), t)).toMatchObject({ ok: false, code: 'CAPACITY_FULL' });
    expect(eligibleForGrab(hz('x'), t)).toMatchObject({ ok: false, code: 'OUT_OF_REACH' });
    expect(eligibleForGrab(agent('x'), ticket({ reservedFor: 'y' }))).toMatchObject({ ok: false, code: 'RESERVED' });
  });

  it('opens the pool to the region and then nationwide as the ticket waits', () => {
    expect(eligibleForGrab(hz('x'), ticket({ waitingMs: 30_000 }))).toEqual({ ok: true, distance: 'region' });
    expect(eligibleForGrab(bj('x'), ticket({ waitingMs: 30_000 })).ok).toBe(false);
    expect(eligibleForGrab(bj('x'), ticket({ waitingMs: 90_000 }))).toEqual({ ok: true, distance: 'nationwide' });
  });

  it('opens a chat from a customer without a branch (a visitor) to every agent at once', () => {
    const visitor = ticket({ branchId: null, regionId: null, waitingMs: 0 });
    expect(eligibleForGrab(bj('x'), visitor)).toEqual({ ok: true, distance: 'nationwide' });
    expect(pickAgentForDispatch(visitor, [bj('far', { idleSince: 1 })])?.id).toBe('far');
  });

  it('lets a previous owner grab the ticket back (exclusion applies to dispatch only)', () => {
    expect(eligibleForGrab(agent('a1'), ticket({ excludeAgentIds: ['a1'] })).ok).toBe(true);
  });
});

describe('reach and re-dispatch timing', () => {
  it('computes the reach and the next widening moment', () => {
    expect([0, 29_999, 30_000, 89_999, 90_000].map((w) => dispatchReach(w))).toEqual(['branch', 'branch', 'region', 'region', 'nationwide']);
    expect(nextWideningAtMs(1_000, 1_000)).toBe(31_000);
    expect(nextWideningAtMs(1_000, 31_000)).toBe(91_000);
    expect(nextWideningAtMs(1_000, 91_000)).toBeNull();
  });

  it('waits out the grace period before releasing an offline owner’s ticket', () => {
    const t = { state: 'active' as const, owner: 'a1', previousOwners: [] };
    const offline = agent('a1', { status: 'offline', offlineSince: 10_000 });
    expect(nextRedispatchAction(t, offline, 10_000 + DEFAULT_DISPATCH_POLICY.offlineGraceMs - 1)).toEqual({ kind: 'wait', recheckAtMs: 40_000 });
    expect(nextRedispatchAction(t, offline, 40_000)).toEqual({ kind: 'releaseOffline', agentId: 'a1' });
    expect(nextRedispatchAction(t, agent('a1'), 40_000)).toEqual({ kind: 'none' });
    expect(nextRedispatchAction(t, undefined, 0)).toEqual({ kind: 'releaseOffline', agentId: 'a1' });
  });

  it('asks for a dispatch that skips previous owners while the ticket is queued, and nothing once it has ended', () => {
    expect(nextRedispatchAction({ state: 'queued', owner: null, previousOwners: ['a1'] }, undefined, 0)).toEqual({ kind: 'dispatch', excludeAgentIds: ['a1'] });
    expect(nextRedispatchAction({ state: 'closed', owner: 'a1', previousOwners: [] }, undefined, 0)).toEqual({ kind: 'none' });
  });
});
