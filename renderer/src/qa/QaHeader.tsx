/** The QA workspace's header: who is signed in (branch or head office), connection, appearance, sign out. */
import { useTranslation } from 'react-i18next';
import { ConnectionBadge } from '../deck/ConnectionBadge';
import { useApp } from '../store/context';
import { AppHeader } from '../ui/AppHeader';

export function QaHeader() {
  const { t } = useTranslation();
  const user = useApp((s) => s.user);
  if (!user) return null;
  return (
    <AppHeader
      user={user}
      scope={
        <span className="ws-muted ws-small ws-ellipsis ws-hide-narrow" data-testid="qa-level">
          {user.branchId ? t('qa.level.branch', { branch: user.branchId }) : t('qa.level.headOffice')}
        </span>
      }
      status={<ConnectionBadge />}
    />
  );
}
