/**
 * Who may do what to a live conversation, written down once as the expectation the access-matrix test holds the hub
 * to. It is a function of (role, relation to the conversation, event) with a conservative default: an event that is
 * not listed here is expected to be refused to everyone, so a new event is covered (and flagged) the moment it is
 * added to the protocol tables.
 */
export type ActorRole = 'agent' | 'qa' | 'lead' | 'customer' | 'anonymous';
/** How the actor relates to the conversation under test. */
export type Relation = 'owner' | 'sameBranch' | 'otherBranch' | 'otherCustomer' | 'none';
export type Grant = `${ActorRole}:${Relation}`;

const OWNER_AGENT: Grant = 'agent:owner';
const BRANCH_LEAD: Grant = 'lead:sameBranch';
const CUSTOMER: Grant = 'customer:owner';

/**
 * Event → the actors who may act on (or see) the conversation through it. "See" counts: a list or sync answer that
 * contains the conversation is an access. Events that do not concern one conversation (status, pool, directory) are
 * listed with nobody, because a success that does not reveal the conversation is not an access to it.
 */
export const ACCESS_POLICY: Readonly<Record<string, readonly Grant[]>> = {
  // reading: the owner, the lead of the conversation's branch (monitoring), the customer their own
  'conv.list': [OWNER_AGENT, BRANCH_LEAD],
  'conv.sync': [OWNER_AGENT, BRANCH_LEAD, CUSTOMER],
  'conv.history': [OWNER_AGENT, BRANCH_LEAD],
  // writing to the customer: only the current owner (a lead must take over first) and the customer
  'msg.send': [OWNER_AGENT, CUSTOMER],
  'product.push': [OWNER_AGENT],
  'card.send': [OWNER_AGENT],
  // staff-only notes and compliance bookkeeping on the conversation
  'whisper.send': [OWNER_AGENT, BRANCH_LEAD],
  'compliance.shown': [OWNER_AGENT, BRANCH_LEAD],
  'product.check': [OWNER_AGENT, BRANCH_LEAD],
  // the conversation's customer: masked profile for those who serve or supervise (QA of the branch: masked only);
  // revealing a raw field never for QA
  'customer.profile': [OWNER_AGENT, BRANCH_LEAD, 'qa:sameBranch'],
  'customer.reveal': [OWNER_AGENT, BRANCH_LEAD],
  'lead.monitor': [BRANCH_LEAD],
  typing: [OWNER_AGENT, CUSTOMER],
  // the ticket lifecycle: the owner, or the branch lead stepping in
  'ticket.transfer': [OWNER_AGENT, BRANCH_LEAD],
  'ticket.escalate': [OWNER_AGENT, BRANCH_LEAD],
  'ticket.resolve': [OWNER_AGENT, BRANCH_LEAD],
  'ticket.close': [OWNER_AGENT, BRANCH_LEAD],
  // A conversation that already has an owner cannot be grabbed by anyone.
  'ticket.grab': [],
  'lead.takeOver': [BRANCH_LEAD],
  'lead.reassign': [BRANCH_LEAD],
  'lead.return': [BRANCH_LEAD],
  // not about one conversation
  'agent.status': [],
  'pool.list': [],
  'directory.list': [],
  'catalog.get': [],
  // the branch's board and dashboard: its own lead only (they list or count the branch's live conversations)
  'team.board': [BRANCH_LEAD],
  'dashboard.get': [BRANCH_LEAD],
  // QA works on finished sessions only: a live conversation is nobody's to replay, comment on or score, and the
  // lists (samples, spot checks, results, appeals, reports) never contain one
  'qa.plans': [],
  'qa.sample.draw': [],
  'qa.samples': [],
  'qa.replay': [],
  'qa.comment': [],
  'qa.review': [],
  'qa.spotchecks': [],
  'qa.disagreements': [],
  'qa.myResults': [],
  'qa.appeal': [],
  'qa.appeals': [],
  'qa.decide': [],
  'qa.report': [],
  // the knowledge base: shared by all staff, never about one conversation
  'kb.changes': [],
  'kb.like': [],
  'kb.quoted': [],
  'kb.propose': [],
  'kb.insight': [],
  'kb.pending': [],
  'kb.decide': [],
  // the customer side
  'customer.hello': [CUSTOMER],
  'customer.leave': [CUSTOMER],
  'csat.submit': [CUSTOMER],
};

/** True when `role` in `relation` to a conversation may act on or see it through `event`. Unknown events: nobody. */
export function mayAccess(role: ActorRole, relation: Relation, event: string): boolean {
  if (!Object.prototype.hasOwnProperty.call(ACCESS_POLICY, event)) return false;
  return ACCESS_POLICY[event]!.includes(`${role}:${relation}`);
}

/** Who may receive live pushes about a conversation (messages, summaries, typing). */
export const LIVE_OBSERVERS: readonly Grant[] = [OWNER_AGENT, BRANCH_LEAD, CUSTOMER];
