/** The agent's main screen: header; sessions | conversation | side panel. */
import { useCallback, useRef, useState } from 'react';
import { useUnreadAlerts } from './alerts';
import { ConversationPane } from './conversation/ConversationPane';
import { DeckHeader } from './DeckHeader';
import { SessionList } from './SessionList';
import { ShortcutOverlay } from './ShortcutOverlay';
import { SidePanelHost } from './SidePanelHost';
import { useAutoMarkRead } from './useAutoMarkRead';
import { useDeckShortcuts } from './useDeckShortcuts';

export function Deck() {
  const order = useRef<string[]>([]);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useDeckShortcuts(order, openHelp);
  useUnreadAlerts();
  useAutoMarkRead();
  return (
    <div className="ws-deck" data-testid="deck">
      <DeckHeader onHelp={openHelp} />
      <div className="ws-deck-body">
        <SessionList orderRef={order} />
        <ConversationPane />
        <SidePanelHost />
      </div>
      <ShortcutOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
