/**
 * The agent's main screen: header; pool + sessions | conversation | side panel. The deck itself subscribes to nothing,
 * so a store change re-renders only the panels that read it (a keystroke in the composer re-renders the composer).
 */
import { useCallback, useRef, useState } from 'react';
import { useApp } from '../store/context';
import { useAttentionCues } from './alerts';
import { ConversationPane } from './conversation/ConversationPane';
import { DeckHeader } from './DeckHeader';
import { PoolPanel } from './pool/PoolPanel';
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
  return (
    <div className="ws-deck" data-testid="deck">
      <DeckEffects />
      <DeckHeader onHelp={openHelp} />
      <div className="ws-deck-body">
        <div className="ws-left">
          <AgentPool />
          <SessionList orderRef={order} />
        </div>
        <ConversationPane />
        <SidePanelHost />
      </div>
      <ShortcutOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

/** Hooks that watch the store; kept in a leaf so their re-renders stay here. */
function DeckEffects() {
  useAttentionCues();
  useAutoMarkRead();
  return null;
}

/** Only agents grab from the pool (leads take escalations; QA only reviews). */
function AgentPool() {
  const isAgent = useApp((s) => s.user?.role === 'agent');
  return isAgent ? <PoolPanel /> : null;
}
