/**
 * Dispatch (派单) and grab (抢单) policies as pure functions of the agents' live state; the hub owns the state and
 * the atomic "exactly one grab wins" step, these functions only decide who may and who should.
 *
 * Rules (both ways):
 * - role: only agents take ordinary chats; leads act through escalations (take over / reassign), QA never.
 * - status: only `online` agents get NEW chats. `busy` means "no new chats" (the agent set it to finish what they
 *   have), so a busy agent can neither be dispatched to nor grab; `away` and `offline` likewise.
 * - skill: the agent has the ticket's skill group.
 * - load: load < capacity (capacity defaults to `policy.defaultCapacity`, 5).
 * - reach: the customer's own branch first; after `widenToRegionMs` of waiting agents of the same region qualify,
 *   after `widenNationwideMs` everyone. Dispatch still prefers the nearest tier that has a candidate.
 * - dispatch picks, within the nearest tier, the longest-idle agent (smallest `idleSince`), then the lower load,
 *   then the smaller id, so the choice is deterministic.
 * - an agent who let this ticket go (previous owner: no reply / declined / offline) is not dispatched it again;
 *   they may still grab it from the pool.
 * - a ticket transferred to a named agent is reserved for that agent: dispatch offers it only to them and only
 *   they can grab it, whatever the branch, until the ticket machine lets the reservation lapse.
 *
 * How the hub re-dispatches (see `nextRedispatchAction`):
 * - silence: the ticket machine's own `noReply` timer releases an assigned/active ticket back to `queued`;
 * - the agent declines a dispatched chat: the hub sends `agent.unanswered` (machine releases it);
 * - the agent disconnects: the hub waits `offlineGraceMs` (default 30 s) for a reconnect, then sends
 *   `agent.offline` for each ticket the agent owns (machine releases it);
 * - whenever a ticket is `queued`/`transferred`, the hub calls `pickAgentForDispatch` with the previous owners
 *   excluded, and again at `nextWideningAtMs` or when an agent's state changes, until someone takes it.
 */
import type { TicketState } from '../ticket/machine';

export type AgentStatus = 'online' | 'busy' | 'away' | 'offline';
export type StaffRole = 'agent' | 'lead' | 'qa';

export interface AgentState {
  id: string;
  role: StaffRole;
  branchId: string | null;
  regionId: string | null;
  skills: readonly string[];
  status: AgentStatus;
  /** Chats the agent currently owns. */
  load: number;
  /** Concurrent chats allowed; `policy.defaultCapacity` when absent. */
  capacity?: number;
  /** Epoch ms since the agent last received a chat (or came online). Smaller = idle longer. */
  idleSince: number;
  /** Epoch ms the connection dropped, while status is offline; drives the grace period. */
  offlineSince?: number | null;
}

export interface DispatchPolicy {
  widenToRegionMs: number;
  widenNationwideMs: number;
  defaultCapacity: number;
  offlineGraceMs: number;
}

export const DEFAULT_DISPATCH_POLICY: DispatchPolicy = {
  widenToRegionMs: 30_000,
  widenNationwideMs: 90_000,
  defaultCapacity: 5,
  offlineGraceMs: 30_000,
};

export interface QueuedTicket {
  skillGroup: string;
  branchId: string | null;
  regionId: string | null;
  /** How long the ticket has waited in the queue (now − queuedAt). */
  waitingMs: number;
  /** Agents who let this ticket go; dispatch skips them. */
  excludeAgentIds?: readonly string[];
  /** After a transfer to a named agent (ticket context `reservedFor`). */
  reservedFor?: string | null;
}

export type Reach = 'branch' | 'region' | 'nationwide';
const REACH_ORDER: readonly Reach[] = ['branch', 'region', 'nationwide'];

/** How far the ticket may reach after waiting `waitingMs`. */
export function dispatchReach(waitingMs: number, policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY): Reach {
  if (waitingMs >= policy.widenNationwideMs) return 'nationwide';
  if (waitingMs >= policy.widenToRegionMs) return 'region';
  return 'branch';
}

/** When (epoch ms) the ticket's reach widens next, or null when it is already nationwide. */
export function nextWideningAtMs(queuedAtMs: number, nowMs: number, policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY): number | null {
  for (const at of [queuedAtMs + policy.widenToRegionMs, queuedAtMs + policy.widenNationwideMs]) if (at > nowMs) return at;
  return null;
}

/** How far the agent sits from the customer: own branch, same region, or elsewhere. */
export function agentDistance(agent: Pick<AgentState, 'branchId' | 'regionId'>, ticket: Pick<QueuedTicket, 'branchId' | 'regionId'>): Reach {
  if (agent.branchId !== null && agent.branchId === ticket.branchId) return 'branch';
  if (agent.regionId !== null && agent.regionId === ticket.regionId) return 'region';
  return 'nationwide';
}

export type IneligibleCode = 'NOT_AN_AGENT' | 'NOT_ONLINE' | 'NO_SKILL' | 'OUT_OF_REACH' | 'CAPACITY_FULL' | 'RESERVED';

export type Eligibility = { ok: true; distance: Reach } | { ok: false; code: IneligibleCode; reason: { zh: string; en: string } };

const capacityOf = (agent: AgentState, policy: DispatchPolicy) => agent.capacity ?? policy.defaultCapacity;

/**
 * May this agent grab this ticket now? (The hub then makes exactly one grab win atomically.)
 * Uses the same rules as dispatch, except that an agent who let the ticket go earlier may grab it back.
 */
export function eligibleForGrab(agent: AgentState, ticket: QueuedTicket, policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY): Eligibility {
  if (agent.role !== 'agent') return no('NOT_AN_AGENT', '只有坐席可以接入普通会话', 'only agents take ordinary chats');
  if (agent.status !== 'online') {
    return no('NOT_ONLINE', `当前状态(${STATUS_ZH[agent.status]})不接新会话`, `agents who are ${agent.status} take no new chats`);
  }
  const reserved = ticket.reservedFor ?? null;
  if (reserved !== null && reserved !== agent.id) return no('RESERVED', `该会话已转给指定坐席 ${reserved}`, `the chat was transferred to agent ${reserved}`);
  if (reserved === null && !agent.skills.includes(ticket.skillGroup)) {
    return no('NO_SKILL', `不具备「${ticket.skillGroup}」技能`, `not in skill group ${ticket.skillGroup}`);
  }
  const distance = agentDistance(agent, ticket);
  // A customer with no branch (an anonymous visitor) belongs to everyone from the start.
  const reach = ticket.branchId === null ? 'nationwide' : dispatchReach(ticket.waitingMs, policy);
  if (reserved === null && REACH_ORDER.indexOf(distance) > REACH_ORDER.indexOf(reach)) {
    return no('OUT_OF_REACH', '该会话暂只对客户所属营业部开放', `the chat is open to the customer's ${reach === 'branch' ? 'own branch' : 'region'} only for now`);
  }
  if (agent.load >= capacityOf(agent, policy)) {
    return no('CAPACITY_FULL', `已达接待上限(${capacityOf(agent, policy)})`, `at capacity (${capacityOf(agent, policy)} chats)`);
  }
  return { ok: true, distance };
}

const STATUS_ZH: Record<AgentStatus, string> = { online: '在线', busy: '忙碌', away: '离开', offline: '离线' };

function no(code: IneligibleCode, zh: string, en: string): Eligibility {
  return { ok: false, code, reason: { zh, en } };
}

/** The agent the hub should offer this ticket to, or null when nobody qualifies yet. */
export function pickAgentForDispatch(ticket: QueuedTicket, agents: readonly AgentState[], policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY): AgentState | null {
  const excluded = new Set(ticket.excludeAgentIds ?? []);
  let best: { agent: AgentState; distance: number } | null = null;
  for (const agent of agents) {
    if (excluded.has(agent.id)) continue;
    const e = eligibleForGrab(agent, ticket, policy);
    if (!e.ok) continue;
    const candidate = { agent, distance: REACH_ORDER.indexOf(e.distance) };
    if (best === null || better(candidate, best)) best = candidate;
  }
  return best?.agent ?? null;
}

function better(a: { agent: AgentState; distance: number }, b: { agent: AgentState; distance: number }): boolean {
  if (a.distance !== b.distance) return a.distance < b.distance;
  if (a.agent.idleSince !== b.agent.idleSince) return a.agent.idleSince < b.agent.idleSince;
  if (a.agent.load !== b.agent.load) return a.agent.load < b.agent.load;
  return a.agent.id < b.agent.id;
}

export type RedispatchAction =
  | { kind: 'none' }
  /** Ask again at `recheckAtMs` (the owner may still reconnect). */
  | { kind: 'wait'; recheckAtMs: number }
  /** Send `agent.offline` for this owner to the ticket machine; it returns the ticket to the queue. */
  | { kind: 'releaseOffline'; agentId: string }
  /** The ticket is in the queue: call `pickAgentForDispatch` with these agents excluded. */
  | { kind: 'dispatch'; excludeAgentIds: string[] };

/**
 * What the hub should do for one ticket now. `owner` is the live state of the ticket's owner (undefined when the
 * hub no longer knows the agent, which counts as offline since forever).
 */
export function nextRedispatchAction(
  ticket: { state: TicketState; owner: string | null; previousOwners: readonly string[] },
  owner: AgentState | undefined,
  nowMs: number,
  policy: DispatchPolicy = DEFAULT_DISPATCH_POLICY,
): RedispatchAction {
  if (ticket.state === 'queued' || ticket.state === 'transferred') return { kind: 'dispatch', excludeAgentIds: [...ticket.previousOwners] };
  if (ticket.owner === null) return { kind: 'none' };
  const ownedStates: readonly TicketState[] = ['assigned', 'active', 'awaitingCustomer', 'escalated', 'resolved'];
  if (!ownedStates.includes(ticket.state)) return { kind: 'none' };
  if (owner !== undefined && owner.status !== 'offline') return { kind: 'none' };
  const since = owner?.offlineSince ?? Number.NEGATIVE_INFINITY;
  const graceEnds = since + policy.offlineGraceMs;
  if (nowMs < graceEnds) return { kind: 'wait', recheckAtMs: graceEnds };
  return { kind: 'releaseOffline', agentId: ticket.owner };
}
