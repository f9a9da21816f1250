import { AppstoreOutlined, GlobalOutlined, WechatOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../shared/ipc/contract';
import { channelLabel, skillLabel } from './labels';
import { SlaTimer } from './SlaTimer';
import { StateTag } from './StateTag';
import type { SlaInfo } from './urgency';
import { formatClock } from './format';

const CHANNEL_ICONS: Record<ConversationView['channel'], React.ReactNode> = {
  h5: <GlobalOutlined />,
  app: <AppstoreOutlined />,
  wechat: <WechatOutlined />,
};

interface Props {
  conversation: ConversationView;
  sla: SlaInfo;
  active: boolean;
  /** 1-based position for the Ctrl+N shortcut hint (only the first nine have one). */
  position: number;
  onSelect(id: string): void;
}

/** The SLA info is recomputed every second; a row re-renders only when what it shows changed. */
const sameSla = (a: SlaInfo, b: SlaInfo) =>
  a.level === b.level && a.kind === b.kind && a.dueAt === b.dueAt && Math.floor((a.remainingMs ?? 0) / 1000) === Math.floor((b.remainingMs ?? 0) / 1000);

export const SessionItem = memo(function SessionItem({ conversation: c, sla, active, position, onSelect }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <button
      type="button"
      className={`ws-session${active ? ' ws-session-active' : ''}${sla.level === 'danger' ? ' ws-session-danger' : ''}`}
      data-testid={`session-${c.id}`}
      data-active={active || undefined}
      aria-current={active || undefined}
      title={position <= 9 ? t('sessions.shortcutHint', { n: position }) : undefined}
      onClick={() => onSelect(c.id)}
    >
      <div className="ws-session-row">
        <span className="ws-session-name">
          <span className="ws-session-channel" aria-label={channelLabel(t, c.channel)} title={channelLabel(t, c.channel)}>
            {CHANNEL_ICONS[c.channel] ?? null}
          </span>
          {c.customerName}
        </span>
        <SlaTimer sla={sla} />
      </div>
      <div className="ws-session-row">
        <span className="ws-session-tags">
          <StateTag state={c.state} />
          <span className="ws-muted ws-ellipsis">{skillLabel(t, c.skillGroup)}</span>
        </span>
        <span className="ws-muted ws-small ws-nowrap">{c.lastMessageAt ? formatClock(c.lastMessageAt, i18n.language) : ''}</span>
      </div>
      <div className="ws-session-row">
        <span className="ws-session-preview ws-ellipsis">{c.lastMessagePreview || t('sessions.noMessages')}</span>
        {c.unread > 0 && <Badge count={c.unread} overflowCount={99} size="small" data-testid="session-unread" />}
      </div>
    </button>
  );
}, (a, b) => a.conversation === b.conversation && a.active === b.active && a.position === b.position && a.onSelect === b.onSelect && sameSla(a.sla, b.sla));
