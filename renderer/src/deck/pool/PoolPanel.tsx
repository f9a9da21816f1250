/**
 * The grab pool (抢单池): chats waiting for an agent, with how long each has waited and its skill group. The hub pushes
 * the pool whenever it changes; exactly one grab wins at the hub, so losing a race is reported calmly.
 */
import { DownOutlined, RightOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Tag, Tooltip } from 'antd';
import { memo, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PoolItem } from '../../../../shared/protocol/hub';
import { useApp, useStore } from '../../store/context';
import { skillLabel } from '../labels';
import { pickText } from '../ticketActions';
import { formatCountdown } from '../urgency';
import { useNow } from '../useNow';
import { agentLoad, capacityOf } from './capacity';

/** A chat waiting longer than this is shown in the warning colour. */
const LONG_WAIT_MS = 60_000;

export function PoolPanel() {
  const { t } = useTranslation();
  const pool = useApp((s) => s.pool);
  const load = useApp((s) => agentLoad(s.conversations, s.user?.id));
  const capacity = useApp((s) => capacityOf(s.directory, s.user?.id));
  const [open, setOpen] = useState(true);
  const full = capacity !== null && load >= capacity;

  return (
    <section className="ws-pool" data-testid="pool" aria-label={t('pool.title')}>
      <div className="ws-pool-head">
        <button type="button" className="ws-pool-toggle" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="pool-toggle">
          {open ? <DownOutlined /> : <RightOutlined />}
          <span className="ws-nowrap" data-testid="pool-title">
            {t('pool.title')}
          </span>
          <span className={`ws-pool-count${pool.length > 0 ? ' ws-pool-count-some' : ''}`} data-testid="pool-count">
            {pool.length}
          </span>
        </button>
        <Tooltip title={t('pool.capacityTip')}>
          <span className={`ws-capacity${full ? ' ws-capacity-full' : ''}`} data-testid="capacity" data-load={load} data-capacity={capacity ?? ''}>
            {t('pool.capacity', { load, capacity: capacity ?? '–' })}
          </span>
        </Tooltip>
      </div>
      {open && (
        <div className="ws-pool-list" data-testid="pool-list">
          {pool.length === 0 ? <div className="ws-pool-empty ws-muted ws-small">{t('pool.empty')}</div> : <PoolRows pool={pool} />}
        </div>
      )}
    </section>
  );
}

/** The rows tick once a second for the wait times; kept apart so the header does not re-render with them. */
function PoolRows({ pool }: { pool: PoolItem[] }) {
  const store = useStore();
  const { message } = AntApp.useApp();
  const { t } = useTranslation();
  const now = useNow(1000);
  const [grabbing, setGrabbing] = useState<string | null>(null);

  const grab = useCallback(
    async (id: string) => {
      setGrabbing(id);
      const outcome = await store.grab(id);
      setGrabbing(null);
      if (outcome === 'taken') void message.info({ content: t('pool.taken'), key: `taken:${id}` });
    },
    [store, message, t],
  );

  return pool.map((item) => <PoolRow key={item.conversationId} item={item} waitedMs={now - Date.parse(item.queuedAt)} grabbing={grabbing === item.conversationId} onGrab={grab} />);
}

const PoolRow = memo(function PoolRow({ item, waitedMs, grabbing, onGrab }: { item: PoolItem; waitedMs: number; grabbing: boolean; onGrab(id: string): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.settings.locale);
  const reason = item.canGrab ? null : pickText(item.reason, locale) || t('pool.cannotGrab');
  const waited = Number.isFinite(waitedMs) ? Math.max(0, waitedMs) : 0;
  return (
    <div className="ws-pool-item" data-testid={`pool-item-${item.conversationId}`} data-can-grab={item.canGrab}>
      <div className="ws-pool-row">
        <span className="ws-pool-name ws-ellipsis">{item.customerName}</span>
        <Tooltip title={t('pool.waited')}>
          <span className={`ws-pool-wait${waited >= LONG_WAIT_MS ? ' ws-pool-wait-long' : ''}`} data-testid="pool-wait">
            {formatCountdown(waited)}
          </span>
        </Tooltip>
      </div>
      <div className="ws-pool-row">
        <span className="ws-pool-tags">
          <Tag className="ws-tag" variant="filled" color="blue">
            {skillLabel(t, item.skillGroup)}
          </Tag>
          {item.reservedFor && (
            <Tag className="ws-tag" variant="filled" color="purple">
              {t('pool.reserved')}
            </Tag>
          )}
        </span>
        <Tooltip title={reason}>
          <Button
            size="small"
            type="primary"
            icon={<ThunderboltOutlined />}
            disabled={!item.canGrab}
            loading={grabbing}
            onClick={() => onGrab(item.conversationId)}
            data-testid="grab-button"
            aria-label={reason ? `${t('pool.grab')}: ${reason}` : t('pool.grab')}
          >
            {t('pool.grab')}
          </Button>
        </Tooltip>
      </div>
      {item.preview && <div className="ws-pool-preview ws-ellipsis">{item.preview}</div>}
      {reason && <div className="ws-pool-reason ws-small" data-testid="pool-reason">{reason}</div>}
    </div>
  );
});
