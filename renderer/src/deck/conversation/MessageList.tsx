/**
 * The history, virtualised: smooth with tens of thousands of messages. It opens on the newest page (prefetched, so a
 * switch paints at once) and fetches older pages when the agent scrolls to the top, keeping the view where it was.
 * Follows new output while the agent is at the bottom; otherwise offers a "new messages" jump instead of yanking the
 * view away from what they are reading.
 */
import { ArrowDownOutlined } from '@ant-design/icons';
import { Button, Empty, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { MessageView } from '../../../../shared/ipc/contract';
import { useApp, useStore } from '../../store/context';
import { deckEvents } from '../deckEvents';
import { dayKey } from '../format';
import { keepMounted } from './keepMounted';
import { MessageItem } from './MessageItem';

const EMPTY: MessageView[] = [];
/** How close to the top of the history counts as "at the top" for fetching older messages. */
const TOP_SLACK_PX = 400;
/** Virtuoso's index of the first item; it decreases as older pages are prepended, so the view does not jump. */
const FIRST_INDEX = 10_000_000;
/** Messages from the same sender within this gap form one visual group. */
const GROUP_GAP_MS = 3 * 60_000;

function continues(prev: MessageView | undefined, m: MessageView): boolean {
  if (!prev || prev.kind === 'system' || prev.senderKind !== m.senderKind || prev.senderName !== m.senderName || prev.kind !== m.kind) return false;
  const gap = Date.parse(m.at) - Date.parse(prev.at);
  return gap >= 0 && gap < GROUP_GAP_MS;
}

/**
 * Tracks Virtuoso's `firstItemIndex`: when the list's first message changes because older ones were put in front,
 * the index moves down by how many were added.
 */
function useFirstItemIndex(messages: readonly MessageView[]): number {
  const ref = useRef({ firstId: messages[0]?.clientMsgId, index: FIRST_INDEX });
  const firstId = messages[0]?.clientMsgId;
  if (firstId !== ref.current.firstId) {
    const previousFirst = ref.current.firstId;
    const shift = previousFirst === undefined ? 0 : messages.findIndex((m) => m.clientMsgId === previousFirst);
    ref.current = { firstId, index: ref.current.index - Math.max(0, shift) };
  }
  return ref.current.index;
}

/**
 * Switching must paint at once, and mounting a virtualised list takes several frames (measure, position, scroll).
 * So the lists of the last few conversations opened stay mounted, hidden, with their scroll positions; switching
 * shows one and hides another.
 */
const KEEP_MOUNTED = 12;

export function MessageStack({ activeId }: { activeId: string }) {
  const present = useApp((s) => s.conversations.map((c) => c.id).join('\n'));
  const kept = useRef<string[]>([]);
  const lastShown = useRef(new Map<string, number>());
  lastShown.current.set(activeId, performance.now());
  kept.current = keepMounted(kept.current, activeId, new Set(present.split('\n')), lastShown.current, KEEP_MOUNTED);
  return (
    <div className="ws-message-stack">
      {kept.current.map((id) => (
        <MessageList key={id} conversationId={id} active={id === activeId} />
      ))}
    </div>
  );
}

export function MessageList({ conversationId, active }: { conversationId: string; active: boolean }) {
  const { t } = useTranslation();
  const store = useStore();
  const messages = useApp((s) => s.messages[conversationId]) ?? EMPTY;
  const loading = useApp((s) => s.loadingMessages[conversationId] ?? false);
  const loadingOlder = useApp((s) => s.loadingOlder[conversationId] ?? false);
  const firstItemIndex = useFirstItemIndex(messages);
  const hasOlder = (messages.find((m) => m.seq !== null)?.seq ?? 1) > 1;
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

  // After the agent sends, show their message even if they had scrolled up (only the list on show).
  useEffect(() => (active ? deckEvents.on('scrollToLatest', jumpToEnd) : undefined), [active, jumpToEnd]);

  const itemContent = useCallback(
    (absoluteIndex: number, m: MessageView) => {
      const index = absoluteIndex - firstItemIndex;
      const prev = index > 0 ? messages[index - 1] : undefined;
      const newDay = !prev || dayKey(prev.at) !== dayKey(m.at);
      return <MessageItem message={m} daySeparator={newDay} showMeta={newDay || !continues(prev, m)} />;
    },
    [messages, firstItemIndex],
  );

  // Only the list on show fetches older pages, and only when the agent has really scrolled to the top: a list that was
  // hidden (measured as empty) may report "top reached" when it is shown again while it sits at the bottom.
  const scroller = useRef<HTMLElement | null>(null);
  const setScroller = useCallback((el: HTMLElement | Window | null) => {
    scroller.current = el instanceof HTMLElement ? el : null;
  }, []);
  // Nor while the list is still taking its first position: Virtuoso starts at the top before it jumps to the newest
  // message, and a "top reached" then would pull in the whole history page after page.
  const settled = useRef(false);
  const loadOlder = useCallback(() => {
    if (!active || !hasOlder || !settled.current || (scroller.current && scroller.current.scrollTop > TOP_SLACK_PX)) return;
    void store.loadOlder(conversationId);
  }, [store, conversationId, hasOlder, active]);
  const context = useMemo(() => ({ typing, loadingOlder, hasOlder }), [typing, loadingOlder, hasOlder]);

  // Only the list on show carries the test id and is reachable; the others are inert and hidden from assistive tech.
  const layer = {
    className: `ws-messages${active ? '' : ' ws-messages-hidden'}`,
    'data-testid': active ? 'message-list' : 'hidden-message-list',
    'data-conversation-id': conversationId,
    'aria-hidden': active ? undefined : true,
    inert: !active,
  };
  if (messages.length === 0) {
    return (
      <div {...layer} className={`${layer.className} ws-center`}>
        {loading ? <Spin /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messages.empty')} />}
      </div>
    );
  }
  return (
    <div {...layer} data-count={messages.length}>
      <Virtuoso
        ref={virtuoso}
        className="ws-virtuoso"
        data={messages}
        firstItemIndex={firstItemIndex}
        computeItemKey={(_i, m) => m.clientMsgId}
        itemContent={itemContent}
        initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
        startReached={loadOlder}
        scrollerRef={setScroller}
        followOutput={(isAtBottom) => (isAtBottom ? 'auto' : false)}
        atBottomStateChange={(bottom) => {
          if (bottom) settled.current = true;
          setAtBottom(bottom);
          if (bottom) setMissed(0);
        }}
        atBottomThreshold={48}
        increaseViewportBy={{ top: 400, bottom: 200 }}
        context={context}
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

interface ListContext {
  typing: boolean;
  loadingOlder: boolean;
  hasOlder: boolean;
}

const LIST_COMPONENTS = {
  Header: ({ context }: { context?: ListContext }) => <HistoryHead loading={context?.loadingOlder ?? false} hasOlder={context?.hasOlder ?? false} />,
  Footer: ({ context }: { context?: ListContext }) => (context?.typing ? <TypingIndicator /> : <div className="ws-list-footer" />),
};

function HistoryHead({ loading, hasOlder }: { loading: boolean; hasOlder: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="ws-history-head ws-muted ws-small" data-testid="history-head">
      {loading ? <Spin size="small" /> : hasOlder ? t('messages.scrollForOlder') : t('messages.historyStart')}
    </div>
  );
}

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
