/**
 * Which ticket actions the deck offers, decided by the same machine definition the hub runs: the conversation carries
 * the hub's authoritative ticket state and context, the machine resolves it, and `allowedActions` asks it what this
 * viewer may do and why not. The hub checks again on every request; this only keeps the buttons honest.
 */
import type { ConversationView, Locale } from '../../../shared/ipc/contract';
import type { User } from '../../../shared/protocol/hub';
import { TICKET_STATE_LABELS, TICKET_STATES, ticketMachine, type TicketState } from '../../../shared/ticket/machine';
import { allowedActions, TICKET_ACTIONS, type AllowedAction, type Bilingual, type TicketAction, type ViewerRole } from '../../../shared/ticket/ticket';

/** The actions the conversation header shows, in order. */
export const HEADER_ACTIONS = ['resolve', 'transfer', 'escalate', 'close'] as const satisfies readonly TicketAction[];
export type HeaderAction = (typeof HEADER_ACTIONS)[number];

const MONITOR_ONLY: Bilingual = { zh: '该会话仅供查看,无法操作工单', en: 'You can only view this conversation' };
const CUSTOMER: Bilingual = { zh: '客户不能操作工单', en: 'Customers cannot act on tickets' };

const isTicketState = (value: string): value is TicketState => (TICKET_STATES as readonly string[]).includes(value);

/** Every deck action for this viewer; refused ones carry the machine's reason. Memoise per conversation object. */
export function ticketActionsFor(conversation: Pick<ConversationView, 'ticket'>, user: Pick<User, 'id' | 'role'>): Map<TicketAction, AllowedAction> {
  const ticket = conversation.ticket;
  const refuseAll = (reason: Bilingual) =>
    new Map(TICKET_ACTIONS.map((action) => [action, { action, allowed: false, reasonIfNot: reason }] as const));
  if (user.role === 'customer') return refuseAll(CUSTOMER);
  if (!ticket || !isTicketState(ticket.value)) return refuseAll(MONITOR_ONLY);
  const snapshot = ticketMachine.resolveState({ value: ticket.value, context: ticket.context as never });
  const role: ViewerRole = user.role;
  return new Map(allowedActions(snapshot as never, role, user.id).map((a) => [a.action, a]));
}

/** The ticket state's label in the UI language; the conversation's plain state when the hub sent no ticket. */
export function ticketStateLabel(conversation: Pick<ConversationView, 'ticket' | 'state'>, locale: Locale): { state: string; label: string | null } {
  const state = conversation.ticket?.value ?? conversation.state;
  if (!isTicketState(state)) return { state, label: null };
  return { state, label: TICKET_STATE_LABELS[state][locale === 'en' ? 'en' : 'zh'] };
}

export const pickText = (text: Bilingual | null | undefined, locale: Locale): string => (text ? (locale === 'en' ? text.en : text.zh) : '');
