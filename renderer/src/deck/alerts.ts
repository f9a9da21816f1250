/**
 * Gentle attention cues when unread messages grow: a short chime (if sound is on) and a desktop notification when
 * the window is hidden (if notifications are on). No audio files: the chime is synthesised, which the CSP allows.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../store/context';

let audio: AudioContext | null = null;

function chime(): void {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.15, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.3);
  } catch {
    /* audio unavailable (no device, autoplay policy): the badge and title still show the unread count */
  }
}

export function useUnreadAlerts(): void {
  const { t } = useTranslation();
  const unreadTotal = useApp((s) => s.unreadTotal);
  const sound = useApp((s) => s.settings.sound);
  const notifications = useApp((s) => s.settings.notifications);
  const previous = useRef(unreadTotal);

  useEffect(() => {
    const grew = unreadTotal > previous.current;
    previous.current = unreadTotal;
    if (!grew) return;
    if (sound) chime();
    if (notifications && document.visibilityState === 'hidden' && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification(t('app.title'), { body: t('alerts.unread', { count: unreadTotal }), tag: 'unread', silent: true });
    }
  }, [unreadTotal, sound, notifications, t]);
}
