/**
 * The ticket machine's events, declared once as zod schemas; the TypeScript types are derived from them.
 * The hub parses every event that arrives from a socket with `TicketEventSchema` before it reaches the machine.
 *
 * Every event says who caused it (`actor`) and when (`at`, ISO time): the machine never reads the wall clock,
 * so a replay of the same events gives the same ticket.
 */
import { z } from 'zod';

export const ActorKindSchema = z.enum(['agent', 'lead', 'customer', 'system']);
export type ActorKind = z.infer<typeof ActorKindSchema>;

export const EventActorSchema = z.object({ kind: ActorKindSchema, id: z.string().min(1).max(100) });
export type EventActor = z.infer<typeof EventActorSchema>;

/** The hub's own identity when it (or a timer) acts on a ticket. */
export const SYSTEM_ACTOR: EventActor = { kind: 'system', id: 'hub' };

const IsoTime = z.iso.datetime({ offset: true });
const Id = z.string().min(1).max(100);
const Note = z.string().max(2000);

const base = { actor: EventActorSchema, at: IsoTime };

export const AssignBySchema = z.enum(['grab', 'dispatch', 'lead']);
export type AssignBy = z.infer<typeof AssignBySchema>;

/** Timer events are raised by the machine's own delayed events; a host may also send them, but only once due. */
export const TIMER_EVENT_TYPES = [
  'timer.firstResponseSla',
  'timer.noReply',
  'timer.idleClose',
  'timer.resolvedClose',
  'timer.transferExpiry',
] as const;

export const TicketEventSchema = z.discriminatedUnion('type', [
  /** The bot hands the conversation to a human queue. */
  z.object({ type: z.literal('ticket.handoff'), ...base, skillGroup: Id, reason: Note.optional() }),
  /** An agent wins a grab, the dispatcher picks one, or a lead assigns one. */
  z.object({ type: z.literal('ticket.assign'), ...base, agentId: Id, by: AssignBySchema }),
  z.object({ type: z.literal('agent.message'), ...base, messageId: Id.optional() }),
  z.object({ type: z.literal('customer.message'), ...base, messageId: Id.optional() }),
  z.object({
    type: z.literal('ticket.transfer'),
    ...base,
    toSkillGroup: Id.optional(),
    toAgentId: Id.optional(),
    note: Note,
  }),
  z.object({ type: z.literal('ticket.escalate'), ...base, reason: Note.min(1), auto: z.boolean().optional() }),
  z.object({ type: z.literal('lead.takeOver'), ...base, leadId: Id }),
  z.object({ type: z.literal('lead.reassign'), ...base, toAgentId: Id, note: Note.optional() }),
  z.object({ type: z.literal('lead.return'), ...base, guidance: Note.min(1) }),
  z.object({ type: z.literal('ticket.resolve'), ...base, summary: Note.optional() }),
  z.object({ type: z.literal('ticket.close'), ...base, reason: Note.optional() }),
  z.object({ type: z.literal('customer.left'), ...base }),
  /** The owner went offline (after the hub's grace period): release the ticket back to the queue. */
  z.object({ type: z.literal('agent.offline'), ...base, agentId: Id }),
  /** The owner declined or ignored a dispatched chat: release it back to the queue. */
  z.object({ type: z.literal('agent.unanswered'), ...base, agentId: Id }),
  z.object({ type: z.literal('csat.rated'), ...base, score: z.number().int().min(1).max(5), comment: Note.optional() }),
  z.object({ type: z.literal('timer.firstResponseSla'), ...base }),
  z.object({ type: z.literal('timer.noReply'), ...base }),
  z.object({ type: z.literal('timer.idleClose'), ...base }),
  z.object({ type: z.literal('timer.resolvedClose'), ...base }),
  z.object({ type: z.literal('timer.transferExpiry'), ...base }),
  /** Sent by the host after restoring a snapshot: re-arms every deadline stored in context relative to `at`. */
  z.object({ type: z.literal('timers.rearm'), ...base }),
]);

export type TicketEvent = z.infer<typeof TicketEventSchema>;
export type TicketEventType = TicketEvent['type'];
export type TicketEventOf<T extends TicketEventType> = Extract<TicketEvent, { type: T }>;
export type TimerEventType = (typeof TIMER_EVENT_TYPES)[number];
