/** The centre column: who the agent is talking to, the history, and the composer. */
import { Empty, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../store/context';
import { Composer } from '../composer/Composer';
import { channelLabel, skillLabel, stateColor, stateLabel } from '../labels';
import { MessageList } from './MessageList';

export function ConversationPane() {
  const { t } = useTranslation();
  const activeId = useApp((s) => s.activeId);
  const conversation = useApp((s) => (s.activeId ? s.conversations.find((c) => c.id === s.activeId) : undefined));

  if (!activeId || !conversation) {
    return (
      <section className="ws-conversation ws-center" data-testid="conversation-empty">
        <Empty description={t('conversation.pick')} />
      </section>
    );
  }
  return (
    <section className="ws-conversation" data-testid="conversation" data-conversation-id={conversation.id} aria-label={t('conversation.label', { name: conversation.customerName })}>
      <header className="ws-column-head ws-conversation-head">
        <Typography.Text strong className="ws-ellipsis">
          {conversation.customerName}
        </Typography.Text>
        <Tag color={stateColor(conversation.state)} className="ws-tag">
          {stateLabel(t, conversation.state)}
        </Tag>
        <span className="ws-muted ws-small ws-ellipsis">
          {channelLabel(t, conversation.channel)} · {skillLabel(t, conversation.skillGroup)}
        </span>
      </header>
      {/* Keyed per conversation so each gets a fresh scroll position and draft; keys differ between siblings. */}
      <MessageList key={`list:${conversation.id}`} conversationId={conversation.id} />
      <Composer key={`composer:${conversation.id}`} conversation={conversation} />
    </section>
  );
}
