/**
 * The history, virtualised: smooth with tens of thousands of messages. Follows new output while the agent is at the
 * bottom; otherwise offers a "new messages" jump instead of yanking the view away from what they are reading.
 */
import { ArrowDownOutlined } from '@ant-design/icons';
import { Button, Empty, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { MessageView } from '../../../../shared/ipc/contract';
import { useApp } from '../../store/context';
import { deckEvents } from '../deckEvents';
import { dayKey } from '../format';
import { MessageItem } from './MessageItem';

const EMPTY: MessageView[] = [];
/** Messages from the same sender within this gap form one visual group. */
const GROUP_GAP_MS = 3 * 60_000;

function continues(prev: MessageView | undefined, m: MessageView): boolean {
  if (!prev || prev.kind === 'system' || prev.senderKind !== m.senderKind || prev.senderName !== m.senderName || prev.kind !== m.kind) return false;
  const gap = Date.parse(m.at) - Date.parse(prev.at);
  return gap >= 0 && gap < GROUP_GAP_MS;
}

export function MessageList({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const messages = useApp((s) => s.messages[conversationId]) ?? EMPTY;
  const loading = useApp((s) => s.loadingMessages[conversationId] ?? false);
  const typing = useApp((s) => s.customerTyping[conversationId] ?? false);
  const virtuoso = useRef<VirtuosoHandle>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [missed, setMissed] = useState(0);
  const lastCount = useRef(messages.length);

  useEffect(() => {
    const added = messages.length - lastCount.current;
    lastCount.current = messages.length;
    if (added > 0 && !atBottom) setMissed((n) => n + added);
  }, [messages.length, atBottom]);

  const jumpToEnd = useCallback(() => {
    virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end', behavior: 'auto' });
    setMissed(0);
  }, []);

  // After the agent sends, show their message even if they had scrolled up.
  useEffect(() => deckEvents.on('scrollToLatest', jumpToEnd), [jumpToEnd]);

  const itemContent = useCallback(
    (index: number, m: MessageView) => {
      const prev = index > 0 ? messages[index - 1] : undefined;
      const newDay = !prev || dayKey(prev.at) !== dayKey(m.at);
      return <MessageItem message={m} daySeparator={newDay} showMeta={newDay || !continues(prev, m)} />;
    },
    [messages],
  );

  if (messages.length === 0) {
    return <div className="ws-messages ws-center">{loading ? <Spin /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messages.empty')} />}</div>;
  }
  return (
    <div className="ws-messages" data-testid="message-list" data-count={messages.length}>
      <Virtuoso
        ref={virtuoso}
        className="ws-virtuoso"
        data={messages}
        computeItemKey={(_i, m) => m.clientMsgId}
        itemContent={itemContent}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        followOutput={(isAtBottom) => (isAtBottom ? 'auto' : false)}
        atBottomStateChange={(bottom) => {
          setAtBottom(bottom);
          if (bottom) setMissed(0);
        }}
        atBottomThreshold={48}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        context={{ typing }}
        components={LIST_COMPONENTS}
      />
      {!atBottom && (
        <Button className="ws-jump" shape="round" size="small" icon={<ArrowDownOutlined />} onClick={jumpToEnd} data-testid="jump-to-latest">
          {missed > 0 ? t('messages.newBelow', { count: missed }) : t('messages.latest')}
        </Button>
      )}
    </div>
  );
}

const LIST_COMPONENTS = {
  Footer: ({ context }: { context?: { typing: boolean } }) => (context?.typing ? <TypingIndicator /> : <div className="ws-list-footer" />),
};

function TypingIndicator() {
  const { t } = useTranslation();
  return (
    <div className="ws-typing" data-testid="typing-indicator" aria-live="polite">
      <span className="ws-typing-dots">
        <i />
        <i />
        <i />
      </span>
      {t('messages.customerTyping')}
    </div>
  );
}
