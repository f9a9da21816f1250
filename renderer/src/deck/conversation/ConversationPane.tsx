/** The centre column: who the agent is talking to, the ticket's state and actions, the history, and the composer. */
import { Empty, Tag, Tooltip, Typography } from 'antd';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../../shared/ipc/contract';
import { useApp } from '../../store/context';
import { Composer } from '../composer/Composer';
import { channelLabel, skillLabel, stateColor } from '../labels';
import { ticketStateLabel } from '../ticketActions';
import { MessageStack } from './MessageList';
import { TicketActions } from './TicketActions';

export function ConversationPane() {
  const { t } = useTranslation();
  const conversation = useApp((s) => (s.activeId ? s.conversations.find((c) => c.id === s.activeId) : undefined));

  if (!conversation) {
    return (
      <section className="ws-conversation ws-center" data-testid="conversation-empty">
        <Empty description={t('conversation.pick')} />
      </section>
    );
  }
  return (
    <section className="ws-conversation" data-testid="conversation" data-conversation-id={conversation.id} aria-label={t('conversation.label', { name: conversation.customerName })}>
      <ConversationHeader conversation={conversation} />
      <MessageStack activeId={conversation.id} />
      {/* Not keyed: one composer swaps between conversations (see Composer). */}
      <Composer conversationId={conversation.id} customerName={conversation.customerName} />
    </section>
  );
}

const ConversationHeader = memo(function ConversationHeader({ conversation }: { conversation: ConversationView }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.settings.locale);
  const { state, label } = ticketStateLabel(conversation, locale);
  return (
    <header className="ws-column-head ws-conversation-head">
      <div className="ws-conversation-title">
        <Typography.Text strong className="ws-ellipsis" data-testid="conversation-customer">
          {conversation.customerName}
        </Typography.Text>
        <Tooltip title={label ?? state}>
          <Tag color={stateColor(state)} className="ws-tag ws-state-badge" data-testid="ticket-state" data-state={state}>
            {t(`states.${state}`, { defaultValue: label ?? state })}
          </Tag>
        </Tooltip>
        <span className="ws-muted ws-small ws-ellipsis ws-conversation-meta">
          {channelLabel(t, conversation.channel)} · {skillLabel(t, conversation.skillGroup)}
        </span>
      </div>
      <TicketActions conversation={conversation} />
    </header>
  );
});
