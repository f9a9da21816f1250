/**
 * Applies the appearance settings to the document: language, root font size (so rem-based layout scales with the
 * font scale), colour scheme, and the unread count in the window title.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { setLocale } from '../i18n';
import { useApp } from '../store/context';

/** Base sizes at 100%; antd's tokens and the root font size are scaled from these. */
export const BASE_FONT_SIZE = 14;
export const BASE_CONTROL_HEIGHT = 32;

export function useAppearance(): void {
  const settings = useApp((s) => s.settings);
  const unreadTotal = useApp((s) => s.unreadTotal);
  const signedIn = useApp((s) => s.user !== null);
  const { t } = useTranslation();

  useEffect(() => {
    setLocale(settings.locale);
    document.documentElement.lang = settings.locale;
  }, [settings.locale]);

  useEffect(() => {
    const root = document.documentElement;
    root.style.fontSize = `${(BASE_FONT_SIZE * settings.fontScale) / 100}px`;
    root.dataset.theme = settings.theme;
    root.style.colorScheme = settings.theme;
  }, [settings.fontScale, settings.theme]);

  useEffect(() => {
    const name = t('app.title');
    document.title = signedIn && unreadTotal > 0 ? `(${unreadTotal}) ${name}` : name;
  }, [t, unreadTotal, signedIn, settings.locale]);
}
