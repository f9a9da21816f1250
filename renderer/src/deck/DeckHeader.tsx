/** The deck's header: who is signed in, connection, unread total, appearance and working settings. */
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { MyQaResultsButton } from '../qa/MyQaResultsButton';
import { useApp } from '../store/context';
import { AppHeader } from '../ui/AppHeader';
import { AgentStatusSwitch } from './AgentStatusSwitch';
import { ConnectionBadge } from './ConnectionBadge';

export function DeckHeader({ onHelp }: { onHelp(): void }) {
  const { t } = useTranslation();
  const user = useApp((s) => s.user);
  const unreadTotal = useApp((s) => s.unreadTotal);
  if (!user) return null;
  return (
    <AppHeader
      user={user}
      onHelp={onHelp}
      scope={user.branchId && <span className="ws-muted ws-small ws-ellipsis ws-hide-narrow">{t('signin.branch', { branch: user.branchId })}</span>}
      status={
        <>
          {(user.role === 'agent' || user.role === 'lead') && <AgentStatusSwitch />}
          {user.role === 'agent' && <MyQaResultsButton />}
          <ConnectionBadge />
          <Tooltip title={t('header.unreadTotal')}>
            <span className={`ws-count ws-unread-total${unreadTotal > 0 ? ' ws-count-some' : ''}`} data-testid="unread-total" data-count={unreadTotal} aria-label={t('header.unreadTotal')}>
              {unreadTotal > 999 ? '999+' : unreadTotal}
            </span>
          </Tooltip>
        </>
      }
    />
  );
}
