/**
 * One badge for both links the agent depends on: page ↔ local services (the bridge) and services ↔ hub.
 * The e2e tests read `data-state`: online | connecting | reconnecting | offline | signedOut.
 */
import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/context';

type Shown = 'online' | 'connecting' | 'reconnecting' | 'offline' | 'signedOut';

const STATUS: Record<Shown, 'success' | 'processing' | 'warning' | 'error' | 'default'> = {
  online: 'success',
  connecting: 'processing',
  reconnecting: 'warning',
  offline: 'error',
  signedOut: 'default',
};

export function ConnectionBadge() {
  const { t } = useTranslation();
  const link = useApp((s) => s.link);
  const connection = useApp((s) => s.connection);
  const signedIn = useApp((s) => s.user !== null);

  let shown: Shown;
  let detail: string | undefined;
  if (link.state !== 'open') {
    shown = link.state === 'connecting' && !link.detail ? 'connecting' : 'reconnecting';
    detail = t('connection.servicesDown', { detail: link.detail ?? '' });
  } else if (connection.state === 'online') shown = 'online';
  else if (connection.state === 'connecting') shown = signedIn ? 'reconnecting' : 'connecting';
  else if (connection.state === 'offline') shown = 'offline';
  else shown = 'signedOut';
  detail ??= connection.detail;

  const hub = connection.embedded ? t('connection.embeddedHub') : (connection.hubUrl ?? '—');
  const tip = (
    <div>
      <div>{t(`connection.tip.${shown}`)}</div>
      <div>{t('connection.hub', { hub })}</div>
      {detail && <div>{detail}</div>}
    </div>
  );
  return (
    <Tooltip title={tip}>
      <span className="ws-connection" data-testid="connection-state" data-state={shown} role="status" aria-live="polite">
        <Badge status={STATUS[shown]} text={t(`connection.${shown}`)} />
        {shown === 'offline' && detail && <span className="ws-connection-detail">{detail}</span>}
      </span>
    </Tooltip>
  );
}
