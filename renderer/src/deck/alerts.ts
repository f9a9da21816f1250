/**
 * Delivers the attention cues decided in `attention.ts`: a short synthesised beep (if sound is on; no audio files,
 * which the CSP would not allow anyway), a desktop notification when the window is not focused (if notifications are
 * on), and an in-app notice for an SLA breach while the agent is looking. The unread total is in the window title
 * (useAppearance). Runs outside React renders: it watches the store and a one-second clock, so it never re-renders
 * the deck.
 */
import { App as AntApp } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppStore } from '../store/appStore';
import { useStore } from '../store/context';
import { FRESH_MEMORY, look, type AttentionMemory, type Cue } from './attention';

let audio: AudioContext | null = null;

/** Two quick tones for an SLA breach, one for everything else. */
export function beep(urgent = false): void {
  try {
    audio ??= new AudioContext();
    const ctx = audio;
    const tones = urgent ? [988, 784] : [880];
    tones.forEach((frequency, i) => {
      const start = ctx.currentTime + i * 0.16;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.14);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.15);
    });
  } catch {
    /* audio unavailable (no device, autoplay policy): the badge and title still show what is new */
  }
}

/**
 * In Electron the main process already shows a notification for customer messages while the window is unfocused
 * (electron/main); the renderer adds only the ones main does not know about, so nothing is announced twice.
 */
const mainNotifiesMessages = () => typeof window !== 'undefined' && window.workstation !== undefined;

export function useAttentionCues(): void {
  const store = useStore();
  const { t } = useTranslation();
  const { notification } = AntApp.useApp();

  useEffect(() => {
    let memory: AttentionMemory = FRESH_MEMORY;
    let lastConversations: unknown = null;
    const check = (force: boolean) => {
      const st = store.state.get();
      if (!st.user) {
        memory = FRESH_MEMORY;
        return;
      }
      // Between ticks only a changed list can bring news; the tick itself catches timers turning red.
      if (!force && st.conversations === lastConversations) return;
      lastConversations = st.conversations;
      const focused = document.hasFocus();
      const result = look(memory, st.conversations, { activeId: st.activeId, focused, now: Date.now() });
      memory = result.memory;
      if (result.cues.length > 0) deliver(store, result.cues, focused, { t, inApp: notification });
    };
    const unsubscribe = store.state.subscribe(() => check(false));
    const timer = setInterval(() => check(true), 1000);
    check(true);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [store, t, notification]);
}

interface Presenters {
  t: TFunction;
  inApp: ReturnType<typeof AntApp.useApp>['notification'];
}

function deliver(store: AppStore, cues: readonly Cue[], focused: boolean, { t, inApp }: Presenters): void {
  const { settings } = store.state.get();
  if (settings.sound) beep(cues.some((c) => c.kind === 'sla'));
  for (const cue of cues) {
    const title = t(`alerts.${cue.kind}.title`, { name: cue.customerName });
    const body =
      cue.kind === 'sla' ? t(cue.overdue ? 'alerts.sla.overdue' : 'alerts.sla.body') : cue.preview || t(`alerts.${cue.kind}.body`);
    if (focused) {
      // The agent is here: only a breach earns an in-app notice (sorting already lifts the chat to the top).
      if (cue.kind === 'sla') {
        inApp.warning({
          key: `sla:${cue.conversationId}`,
          title,
          description: body,
          placement: 'topRight',
          duration: 8,
          onClick: () => void store.select(cue.conversationId),
        });
      }
      continue;
    }
    if (!settings.notifications || typeof Notification === 'undefined' || Notification.permission !== 'granted') continue;
    if (cue.kind === 'message' && mainNotifiesMessages()) continue;
    const shown = new Notification(title, { body, tag: `${cue.kind}:${cue.conversationId}`, silent: true });
    shown.onclick = () => {
      window.focus();
      void store.select(cue.conversationId);
      shown.close();
    };
  }
}
