/**
 * Each role works in its own mode: agents in the deck, branch leads in the lead workspace (escalations, monitoring,
 * team board, dashboard, appeals, and the deck for chats they took over), QA reviewers in the QA workspace.
 */
import { Deck } from './deck/Deck';
import { LeadWorkspace } from './lead/LeadWorkspace';
import { QaWorkspace } from './qa/QaWorkspace';
import { useApp } from './store/context';

export function Workspace() {
  const role = useApp((s) => s.user?.role);
  if (role === 'lead') return <LeadWorkspace />;
  if (role === 'qa') return <QaWorkspace />;
  return <Deck />;
}
