/** Renders the registered side-panel tabs; Ctrl+K switches to the knowledge tab and focuses its search box. */
import { Tabs } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/context';
import { deckEvents } from './deckEvents';
import { KNOWLEDGE_SEARCH_ID, sidePanelTabs, type SidePanelContext } from './sidePanel';

export function SidePanelHost() {
  const { t } = useTranslation();
  const user = useApp((s) => s.user);
  const conversation = useApp((s) => (s.activeId ? (s.conversations.find((c) => c.id === s.activeId) ?? null) : null));
  const [activeKey, setActiveKey] = useState(sidePanelTabs[0]?.key ?? 'customer');

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
        tabBarGutter={16}
        activeKey={activeKey}
        onChange={setActiveKey}
        className="ws-side-tabs"
        items={sidePanelTabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`side-tab-${tab.key}`}>{t(tab.labelKey)}</span>,
          children: <div className="ws-side-body">{tab.render(context)}</div>,
        }))}
      />
    </aside>
  );
}
