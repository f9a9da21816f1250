/**
 * Registration point for the right-hand side panel. Other features add their panel here (or push onto
 * `sidePanelTabs` from their own module imported by the deck) without touching the deck layout.
 *
 * A tab receives the current conversation and user, and can insert text into the composer (for quoting).
 */
import { SearchOutlined } from '@ant-design/icons';
import { Empty, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../shared/ipc/contract';
import type { User } from '../../../shared/protocol/hub';

export interface SidePanelContext {
  conversation: ConversationView | null;
  user: User;
  /** Inserts text at the composer's cursor (no-op when no conversation is open). */
  insertIntoComposer(text: string): void;
}

export interface SidePanelTab {
  key: string;
  /** i18n key of the tab label (resources/locales). */
  labelKey: string;
  render(context: SidePanelContext): ReactNode;
}

/** Empty-state placeholder until a feature fills the tab. */
function Placeholder({ textKey }: { textKey: string }) {
  const { t } = useTranslation();
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(textKey)} className="ws-side-empty" />;
}

/** Knowledge tab placeholder: the search box is real (Ctrl+K focuses it) and will be wired to the local index. */
function KnowledgePlaceholder() {
  const { t } = useTranslation();
  return (
    <div className="ws-side-tab">
      <Input
        id="knowledge-search"
        data-testid="knowledge-search"
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('side.knowledgeSearch')}
        aria-label={t('side.knowledgeSearch')}
      />
      <Placeholder textKey="side.knowledgeEmpty" />
    </div>
  );
}

export const KNOWLEDGE_SEARCH_ID = 'knowledge-search';

export const sidePanelTabs: SidePanelTab[] = [
  {
    key: 'customer',
    labelKey: 'side.customer',
    render: ({ conversation }) => <Placeholder textKey={conversation ? 'side.customerEmpty' : 'side.noConversation'} />,
  },
  { key: 'knowledge', labelKey: 'side.knowledge', render: () => <KnowledgePlaceholder /> },
  { key: 'products', labelKey: 'side.products', render: ({ conversation }) => <Placeholder textKey={conversation ? 'side.productsEmpty' : 'side.noConversation'} /> },
];
