/** Renders the registered side-panel tabs; Ctrl+K switches to the knowledge tab and focuses its search box. */
import { Tabs } from 'antd';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/context';
import { deckEvents } from './deckEvents';
import { KNOWLEDGE_SEARCH_ID, onSidePanelTabsChanged, orderedSidePanelTabs, sidePanelTabsVersion, type SidePanelContext } from './sidePanel';

export function SidePanelHost() {
  const { t } = useTranslation();
  const user = useApp((s) => s.user);
  const conversation = useApp((s) => (s.activeId ? (s.conversations.find((c) => c.id === s.activeId) ?? null) : null));
  const tabsVersion = useSyncExternalStore(onSidePanelTabsChanged, sidePanelTabsVersion);
  // The version stands for the registry's content: recompute the order only when a tab was registered.
  const tabs = useMemo(() => (tabsVersion >= 0 ? orderedSidePanelTabs() : []), [tabsVersion]);
  const [activeKey, setActiveKey] = useState(tabs[0]?.key ?? 'customer');

  useEffect(
    () =>
      deckEvents.on('focusKnowledgeSearch', () => {
        setActiveKey('knowledge');
        // The tab content mounts on activation; focus once it is in the DOM.
        requestAnimationFrame(() => (document.getElementById(KNOWLEDGE_SEARCH_ID) as HTMLInputElement | null)?.focus());
      }),
    [],
  );

  if (!user) return null;
  const context: SidePanelContext = { conversation, user, insertIntoComposer: (text) => deckEvents.emit('insertIntoComposer', text) };
  return (
    <aside className="ws-side" data-testid="side-panel">
      <Tabs
        size="small"
        tabBarGutter={12}
        activeKey={activeKey}
        onChange={setActiveKey}
        className="ws-side-tabs"
        items={tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`side-tab-${tab.key}`}>{t(tab.labelKey)}</span>,
          children: <div className="ws-side-body">{tab.render(context)}</div>,
        }))}
      />
    </aside>
  );
}
