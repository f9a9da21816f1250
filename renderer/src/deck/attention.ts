/**
 * Attention without noise: decides, from one look at the deck to the next, what deserves a cue.
 * - a chat newly assigned to the agent (dispatch, grab elsewhere, transfer in);
 * - new customer messages, except in the chat the agent is looking at in a focused window;
 * - an SLA timer turning red, always (even in the open chat): a breach outranks any new message.
 * The first look only learns the deck (nothing rings at sign-in). Pure, so the rules are tested without a DOM.
 */
import type { ConversationView } from '../../../shared/ipc/contract';
import { slaInfo } from './urgency';

export type Cue =
  | { kind: 'assigned'; conversationId: string; customerName: string; preview: string }
  | { kind: 'message'; conversationId: string; customerName: string; preview: string; unread: number }
  | { kind: 'sla'; conversationId: string; customerName: string; overdue: boolean };

export interface AttentionMemory {
  /** Null until the first look. */
  known: ReadonlySet<string> | null;
  unread: ReadonlyMap<string, number>;
  /** Conversations whose timer was red at the last look (a cue fires once per turn to red). */
  red: ReadonlySet<string>;
}

export const FRESH_MEMORY: AttentionMemory = { known: null, unread: new Map(), red: new Set() };

export interface LookContext {
  activeId: string | null;
  /** The window has the keyboard focus (document.hasFocus()). */
  focused: boolean;
  now: number;
}

export function look(memory: AttentionMemory, conversations: readonly ConversationView[], ctx: LookContext): { cues: Cue[]; memory: AttentionMemory } {
  const unread = new Map(conversations.map((c) => [c.id, c.unread]));
  const known = new Set(conversations.map((c) => c.id));
  const red = new Set<string>();
  const cues: Cue[] = [];
  for (const c of conversations) {
    const sla = slaInfo(c, ctx.now);
    if (sla.level === 'danger') {
      red.add(c.id);
      if (memory.known && !memory.red.has(c.id)) cues.push({ kind: 'sla', conversationId: c.id, customerName: c.customerName, overdue: (sla.remainingMs ?? 0) <= 0 });
    }
  }
  if (!memory.known) return { cues, memory: { known, unread, red } };
  const slaCued = new Set(cues.map((c) => c.conversationId));
  for (const c of conversations) {
    if (!memory.known.has(c.id)) {
      cues.push({ kind: 'assigned', conversationId: c.id, customerName: c.customerName, preview: c.lastMessagePreview });
      continue;
    }
    const before = memory.unread.get(c.id) ?? 0;
    if (c.unread <= before) continue;
    if (c.id === ctx.activeId && ctx.focused) continue;
    // A breach cue for the same chat already says "look here"; one cue per chat per look.
    if (slaCued.has(c.id)) continue;
    cues.push({ kind: 'message', conversationId: c.id, customerName: c.customerName, preview: c.lastMessagePreview, unread: c.unread });
  }
  // Most urgent first: breaches, then new chats, then messages.
  const rank = { sla: 0, assigned: 1, message: 2 } as const;
  cues.sort((a, b) => rank[a.kind] - rank[b.kind]);
  return { cues, memory: { known, unread, red } };
}
