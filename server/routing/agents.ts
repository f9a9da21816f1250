import type { AgentState, AgentStatus } from '../../shared/routing/dispatch';
import type { StaffMember, Branch } from '../repos/staff';

export interface LiveAgent extends AgentState {
  displayName: string;
  sockets: number;
  /** Owned open conversations; `load` mirrors its size. */
  owned: Set<string>;
}

/**
 * Live state of every staff member the dispatcher may consider: status, load, idle time. In memory only: it is
 * rebuilt from the staff table and the open tickets at start, and from connections as they come and go.
 */
export class AgentRegistry {
  private readonly agents = new Map<string, LiveAgent>();

  constructor(staff: readonly StaffMember[], branches: readonly Branch[], now: number) {
    const region = new Map(branches.map((b) => [b.id, b.regionId]));
    for (const s of staff) {
      if (s.role === 'qa') continue;
      this.agents.set(s.id, {
        id: s.id,
        role: s.role,
        displayName: s.displayName,
        branchId: s.branchId,
        regionId: s.branchId ? (region.get(s.branchId) ?? null) : null,
        skills: s.skills,
        status: 'offline',
        load: 0,
        capacity: s.capacity,
        idleSince: now,
        offlineSince: now,
        sockets: 0,
        owned: new Set(),
      });
    }
  }

  get(id: string): LiveAgent | undefined {
    return this.agents.get(id);
  }

  all(): IterableIterator<LiveAgent> {
    return this.agents.values();
  }

  /** Agents that could take a new chat right now (online with spare capacity). */
  available(): LiveAgent[] {
    const out: LiveAgent[] = [];
    for (const a of this.agents.values()) if (a.role === 'agent' && a.status === 'online' && a.load < (a.capacity ?? 5)) out.push(a);
    return out;
  }

  connected(id: string, now: number): LiveAgent | undefined {
    const a = this.agents.get(id);
    if (!a) return undefined;
    a.sockets++;
    if (a.status === 'offline') {
      a.status = 'online';
      a.idleSince = now;
    }
    a.offlineSince = null;
    return a;
  }

  /** Returns true when the agent's last connection closed. */
  disconnected(id: string, now: number): boolean {
    const a = this.agents.get(id);
    if (!a) return false;
    a.sockets = Math.max(0, a.sockets - 1);
    if (a.sockets > 0) return false;
    a.status = 'offline';
    a.offlineSince = now;
    return true;
  }

  setStatus(id: string, status: Exclude<AgentStatus, 'offline'>, now: number): LiveAgent | undefined {
    const a = this.agents.get(id);
    if (!a) return undefined;
    if (a.status !== 'online' && status === 'online') a.idleSince = now;
    a.status = status;
    return a;
  }

  /** Keeps ownership in step with the ticket machine: called on every owner change. */
  moveOwnership(conversationId: string, from: string | null, to: string | null, now: number): void {
    if (from === to) return;
    if (from) {
      const a = this.agents.get(from);
      if (a?.owned.delete(conversationId)) a.load = a.owned.size;
    }
    if (to) {
      const a = this.agents.get(to);
      if (a && !a.owned.has(conversationId)) {
        a.owned.add(conversationId);
        a.load = a.owned.size;
        a.idleSince = now;
      }
    }
  }
}
