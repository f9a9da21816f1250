/** The left column: every conversation, ordered by urgency, with SLA timers that tick once a second. */
import { Badge, Empty, Typography } from 'antd';
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp, useStore } from '../store/context';
import { SessionItem } from './SessionItem';
import { slaInfo, sortByUrgency } from './urgency';
import { useNow } from './useNow';

interface Props {
  /** Receives the displayed order, so keyboard shortcuts switch to exactly what the agent sees. */
  orderRef: React.RefObject<string[]>;
}

export function SessionList({ orderRef }: Props) {
  const store = useStore();
  const { t } = useTranslation();
  const conversations = useApp((s) => s.conversations);
  const activeId = useApp((s) => s.activeId);
  const unreadTotal = useApp((s) => s.unreadTotal);
  const now = useNow(1000);
  const sorted = useMemo(() => sortByUrgency(conversations, now), [conversations, now]);

  useEffect(() => {
    orderRef.current = sorted.map((c) => c.id);
  }, [sorted, orderRef]);

  const onSelect = useCallback((id: string) => void store.select(id), [store]);

  return (
    <nav className="ws-sessions" aria-label={t('sessions.title')}>
      <div className="ws-column-head">
        <Typography.Text strong>{t('sessions.title')}</Typography.Text>
        <span className="ws-muted ws-small">{t('sessions.count', { count: conversations.length })}</span>
        <Badge count={unreadTotal} overflowCount={999} showZero={false} data-testid="session-list-unread" />
      </div>
      <div className="ws-sessions-scroll" data-testid="session-list">
        {sorted.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sessions.empty')} />
        ) : (
          sorted.map((c, i) => (
            <SessionItem key={c.id} conversation={c} sla={slaInfo(c, now)} active={c.id === activeId} position={i + 1} onSelect={onSelect} />
          ))
        )}
      </div>
    </nav>
  );
}
