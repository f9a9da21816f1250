/**
 * Registration point for the right-hand side panel. A feature adds its tab from its own module with
 * `registerSidePanelTab({ key, labelKey, order, render })`, without touching the deck layout; registering a key that
 * exists (the placeholders below: customer, knowledge, products) replaces that tab in place.
 *
 * A tab receives the current conversation and user, and can insert text into the composer (for quoting).
 */
import type { ReactNode } from 'react';
import type { ConversationView } from '../../../shared/ipc/contract';
import type { User } from '../../../shared/protocol/hub';
import { CustomerPanel } from '../customer/CustomerPanel';
import { KnowledgePanel } from '../knowledge/KnowledgePanel';
import { ProductsPanel } from '../products/ProductsPanel';

export interface SidePanelContext {
  conversation: ConversationView | null;
  user: User;
  /** Inserts text at the composer's cursor (no-op when no conversation is open). */
  insertIntoComposer(text: string): void;
}

export interface SidePanelTab {
  key: string;
  /** i18n key of the tab label (resources/locales). Keep labels short: three tabs share a narrow column. */
  labelKey: string;
  /** Position among the tabs, lowest first; a replacement keeps the order of the tab it replaces unless it sets one. */
  order?: number;
  render(context: SidePanelContext): ReactNode;
}

export const KNOWLEDGE_SEARCH_ID = 'knowledge-search';

/**
 * The tabs, in place: a feature may also edit this array directly at module load (before the deck renders);
 * `registerSidePanelTab` changes it in place too and tells the host to re-render.
 */
export const sidePanelTabs: SidePanelTab[] = [
  {
    key: 'customer',
    labelKey: 'side.customer',
    order: 10,
    render: ({ conversation, user }) => <CustomerPanel conversation={conversation} user={user} />,
  },
  { key: 'knowledge', labelKey: 'side.knowledge', order: 20, render: (context) => <KnowledgePanel context={context} searchInputId={KNOWLEDGE_SEARCH_ID} /> },
  { key: 'products', labelKey: 'side.products', order: 30, render: ({ conversation, user }) => <ProductsPanel conversation={conversation} user={user} /> },
];
const listeners = new Set<() => void>();
let version = 0;

const changed = () => {
  version++;
  for (const l of [...listeners]) l();
};

/** Adds a tab, or replaces the tab with the same key (keeping its place unless `order` is given); returns an undo. */
export function registerSidePanelTab(tab: SidePanelTab): () => void {
  const at = sidePanelTabs.findIndex((t) => t.key === tab.key);
  const entry: SidePanelTab = { ...tab, order: tab.order ?? (at >= 0 ? sidePanelTabs[at]!.order : undefined) ?? 100 };
  if (at >= 0) sidePanelTabs.splice(at, 1, entry);
  else sidePanelTabs.push(entry);
  changed();
  return () => {
    const i = sidePanelTabs.indexOf(entry);
    if (i >= 0) sidePanelTabs.splice(i, 1);
    changed();
  };
}

/** The tabs in display order (by `order`, then as listed). */
export function orderedSidePanelTabs(): SidePanelTab[] {
  return sidePanelTabs.map((t, i) => ({ t, i })).sort((a, b) => (a.t.order ?? 100) - (b.t.order ?? 100) || a.i - b.i).map((x) => x.t);
}

/** For useSyncExternalStore: a number that changes with every registration. */
export const sidePanelTabsVersion = () => version;

export function onSidePanelTabsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
