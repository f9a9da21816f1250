/** The local index's state in one line — caught up / offline, article count, last sync time — and a manual refresh. */
import { CloudOutlined, DisconnectOutlined, SyncOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KnowledgeSyncStatus } from '../../../shared/ipc/contract';
import { formatClock } from '../deck/format';
import { syncDisplay } from './syncStatus';

interface SyncBarProps {
  sync: { status: KnowledgeSyncStatus | null; syncing: boolean; refresh(): Promise<KnowledgeSyncStatus | null> };
  online: boolean;
}

export function SyncBar({ sync, online }: SyncBarProps) {
  const { t, i18n } = useTranslation();
  const display = syncDisplay(sync.status, online, sync.syncing);
  const articles = sync.status?.articles ?? 0;
  const at = sync.status?.lastSyncAt ? formatClock(sync.status.lastSyncAt, i18n.language) : null;
  const text =
    display === 'caught-up'
      ? t('knowledge.sync.caughtUp', { count: articles, time: at ?? '' })
      : display === 'offline'
        ? t(at ? 'knowledge.sync.offlineSince' : 'knowledge.sync.offline', { count: articles, time: at ?? '' })
        : display === 'syncing'
          ? t('knowledge.sync.syncing')
          : display === 'never'
            ? t('knowledge.sync.never')
            : t('knowledge.sync.unknown');
  const icon = display === 'offline' || display === 'never' ? <DisconnectOutlined /> : <CloudOutlined />;
  const detail = [at ? t('knowledge.sync.lastAt', { time: at }) : t('knowledge.sync.neverAt'), sync.status?.error].filter(Boolean).join(' · ');
  return (
    <div className={`ws-kb-sync ws-small ws-kb-sync-${display}`} data-testid="kb-sync" data-status={display} data-articles={articles} role="status">
      <Tooltip title={detail}>
        <span className="ws-kb-sync-text">
          {icon}
          <span>{text}</span>
        </span>
      </Tooltip>
      <Tooltip title={online ? t('knowledge.sync.refresh') : t('knowledge.sync.refreshOffline')}>
        <Button
          type="text"
          size="small"
          icon={<SyncOutlined spin={sync.syncing} />}
          aria-label={t('knowledge.sync.refresh')}
          onClick={() => void sync.refresh()}
          data-testid="kb-refresh"
        />
      </Tooltip>
    </div>
  );
}
