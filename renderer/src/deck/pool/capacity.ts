/**
 * The agent's load and capacity as the hub counts them: load is the number of open chats the agent owns (a resolved
 * chat still counts until it closes), capacity comes from the directory (the hub's staff record).
 */
import type { ConversationView } from '../../../../shared/ipc/contract';
import type { Directory } from '../../../../shared/protocol/hub';
import { TERMINAL_STATES } from '../../../../shared/ticket/machine';

const ENDED: ReadonlySet<string> = new Set(TERMINAL_STATES);

export function agentLoad(conversations: readonly ConversationView[], userId: string | undefined): number {
  if (!userId) return 0;
  let n = 0;
  for (const c of conversations) if (c.ownerId === userId && !ENDED.has(c.ticket?.value ?? c.state)) n++;
  return n;
}

/** Null until the directory is loaded (or for a lead, who has no dispatch capacity). */
export function capacityOf(directory: Directory | null, userId: string | undefined): number | null {
  if (!directory || !userId) return null;
  return directory.agents.find((a) => a.id === userId)?.capacity ?? null;
}
