/** One message: customer on the left, staff on the right, system lines centred; delivery status on own messages. */
import { CheckOutlined, ExclamationCircleFilled, LoadingOutlined, RedoOutlined, RobotOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/ipc/contract';
import { useStore } from '../../store/context';
import { formatDay, formatTime } from '../format';
import { CardMessage } from './CardMessage';

interface Props {
  message: MessageView;
  /** Shown above the message when it starts a new day. */
  daySeparator: boolean;
  /** False for a follow-up from the same sender shortly after: the name and time are not repeated. */
  showMeta: boolean;
}

export const MessageItem = memo(function MessageItem({ message: m, daySeparator, showMeta }: Props) {
  const { i18n } = useTranslation();
  const separator = daySeparator ? (
    <div className="ws-day-separator" role="separator">
      <span>{formatDay(m.at, i18n.language)}</span>
    </div>
  ) : null;

  // System lines carry no delivery status (nothing was sent by anyone here), so they have no data-status.
  if (m.kind === 'system' || m.senderKind === 'system') {
    return (
      <div className="ws-message-wrap">
        {separator}
        <div className="ws-message-system" data-testid={`message-${m.clientMsgId}`} data-kind="system">
          <span data-role="text">{m.text}</span>
          <span className="ws-message-time">{formatTime(m.at, i18n.language)}</span>
        </div>
      </div>
    );
  }
  const own = m.senderKind === 'agent' || m.senderKind === 'lead';
  return (
    <div className="ws-message-wrap">
      {separator}
      <div
        className={`ws-message ${own ? 'ws-message-own' : 'ws-message-other'}${m.kind === 'whisper' ? ' ws-message-whisper' : ''}`}
        data-testid={`message-${m.clientMsgId}`}
        data-status={m.status}
        data-sender={m.senderKind}
      >
        {showMeta && <MessageMeta message={m} />}
        <div className="ws-bubble-row" title={showMeta ? undefined : formatTime(m.at, i18n.language)}>
          {m.kind === 'card' ? <CardMessage message={m} /> : <div className="ws-bubble" data-role="text">{m.text}</div>}
          {own && <StatusIcon message={m} />}
        </div>
        {m.status === 'failed' && <FailedNote message={m} />}
      </div>
    </div>
  );
});

function MessageMeta({ message: m }: { message: MessageView }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="ws-message-meta">
      {m.senderKind === 'bot' && <RobotOutlined />}
      <span className="ws-message-sender">{m.senderName}</span>
      {m.kind === 'whisper' && <span className="ws-whisper-label">{t('messages.whisper')}</span>}
      <span className="ws-message-time">{formatTime(m.at, i18n.language)}</span>
    </div>
  );
}

function StatusIcon({ message: m }: { message: MessageView }) {
  const { t } = useTranslation();
  if (m.senderKind !== 'agent' && m.senderKind !== 'lead') return null;
  if (m.status === 'pending') {
    return (
      <Tooltip title={t('messages.pending')}>
        <LoadingOutlined className="ws-status-pending" aria-label={t('messages.pending')} />
      </Tooltip>
    );
  }
  if (m.status === 'sent') {
    return (
      <Tooltip title={t('messages.sent')}>
        <CheckOutlined className="ws-status-sent" aria-label={t('messages.sent')} />
      </Tooltip>
    );
  }
  return <ExclamationCircleFilled className="ws-status-failed" aria-label={t('messages.failed')} />;
}

function FailedNote({ message: m }: { message: MessageView }) {
  const store = useStore();
  const { t } = useTranslation();
  const [retrying, setRetrying] = useState(false);
  const retry = async () => {
    setRetrying(true);
    await store.retry(m.clientMsgId);
    setRetrying(false);
  };
  return (
    <div className="ws-failed-note" role="alert">
      <span>
        {t('messages.failed')}
        {m.error ? `: ${m.error}` : ''}
      </span>
      <Button size="small" type="link" danger icon={<RedoOutlined />} loading={retrying} onClick={() => void retry()} data-testid="retry-button">
        {t('messages.retry')}
      </Button>
    </div>
  );
}
