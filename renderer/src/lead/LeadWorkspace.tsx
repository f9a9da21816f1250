/**
 * The branch lead's workspace: the deck's header, then five tabs — escalations and live monitoring, the team board,
 * the dashboard, QA appeals, and "my chats" (the agent's deck, showing the chats the lead took over). Only the tab on
 * show is mounted, so monitoring stops and the deck's shortcuts are off when the lead is elsewhere.
 * Alt+1…5 switch tabs.
 */
import { AuditOutlined, BarChartOutlined, CustomerServiceOutlined, RiseOutlined, TeamOutlined } from '@ant-design/icons';
import { Badge, Tabs } from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Deck } from '../deck/Deck';
import { DeckHeader } from '../deck/DeckHeader';
import { ShortcutOverlay } from '../deck/ShortcutOverlay';
import { ContributionReview, ContributionReviewLabel, KNOWLEDGE_REVIEW_TAB } from '../knowledge/ContributionReview';
import { StoreProvider, useApp, useStore } from '../store/context';
import { AppealsView } from './AppealsView';
import { DashboardView } from './DashboardView';
import { EscalationsView } from './EscalationsView';
import { ownedConversationsStore } from './ownedStore';
import { LEAD_TABS, tabForKey, type LeadTab } from './tabs';
import { TeamBoardView } from './TeamBoardView';
import { ViewBoundary } from './ViewBoundary';
import './lead.css';

const ICONS: Record<LeadTab, ReactNode> = {
  escalations: <RiseOutlined />,
  team: <TeamOutlined />,
  dashboard: <BarChartOutlined />,
  appeals: <AuditOutlined />,
  mine: <CustomerServiceOutlined />,
};

export function LeadWorkspace() {
  const { t } = useTranslation();
  const store = useStore();
  const userId = useApp((s) => s.user?.id ?? '');
  const [tab, setTab] = useState<LeadTab | typeof KNOWLEDGE_REVIEW_TAB>('escalations');
  const [followed, setFollowed] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  const mineStore = useMemo(() => ownedConversationsStore(store, userId), [store, userId]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const next = tabForKey(e);
      if (!next) return;
      e.preventDefault();
      setTab(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const onTakenOver = useCallback(
    (conversationId: string) => {
      void store.select(conversationId);
      setTab('mine');
    },
    [store],
  );

  const view = (key: LeadTab): ReactNode => {
    switch (key) {
      case 'escalations':
        return <EscalationsView selectedId={followed} onSelect={setFollowed} onTakenOver={onTakenOver} />;
      case 'team':
        return <TeamBoardView />;
      case 'dashboard':
        return <DashboardView />;
      case 'appeals':
        return <AppealsView />;
      case 'mine':
        return (
          <div className="ws-lead-mine">
            <StoreProvider store={mineStore}>
              <Deck />
            </StoreProvider>
          </div>
        );
    }
  };
  const items = LEAD_TABS.map((key, i) => ({
    key,
    label: <TabLabel tab={key} index={i + 1} />,
    children: <ViewBoundary>{view(key)}</ViewBoundary>,
  }));

  return (
    <div className="ws-lead" data-testid="lead-workspace" data-tab={tab}>
      {/* The header's unread total counts the lead's own chats, not every chat of the branch they may follow. */}
      <StoreProvider store={mineStore}>
        <DeckHeader onHelp={openHelp} />
      </StoreProvider>
      <Tabs
        className="ws-lead-tabs"
        activeKey={tab}
        onChange={(key) => setTab(key as LeadTab | typeof KNOWLEDGE_REVIEW_TAB)}
        items={[...items, { key: KNOWLEDGE_REVIEW_TAB, label: <ContributionReviewLabel />, children: <ViewBoundary><ContributionReview /></ViewBoundary> }]}
        destroyOnHidden
        size="small"
        tabBarGutter={20}
        aria-label={t('lead.tabs.label')}
      />
      <ShortcutOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

function TabLabel({ tab, index }: { tab: LeadTab; index: number }) {
  const { t } = useTranslation();
  const count = useApp((s) =>
    tab === 'escalations' ? s.conversations.filter((c) => c.state === 'escalated').length : tab === 'mine' ? s.conversations.filter((c) => c.ownerId === s.user?.id).length : 0,
  );
  return (
    <span className="ws-lead-tab" data-testid={`lead-tab-${tab}`} title={t('lead.tabs.shortcut', { n: index })} aria-keyshortcuts={`Alt+${index}`}>
      {ICONS[tab]}
      <span>{t(`lead.tabs.${tab}`)}</span>
      {count > 0 && <Badge count={count} size="small" color={tab === 'escalations' ? 'magenta' : 'blue'} data-testid={`lead-tab-${tab}-count`} />}
    </span>
  );
}
