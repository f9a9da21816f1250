/** i18next with both languages bundled (the page cannot fetch files under its CSP, and there are only two). */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from '../../../resources/locales/zh-CN.json';
import en from '../../../resources/locales/en.json';
import { DEFAULT_SETTINGS, type Locale } from '../../../shared/ipc/contract';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: DEFAULT_SETTINGS.locale,
  fallbackLng: 'zh-CN',
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});

export function setLocale(locale: Locale): void {
  if (i18next.language !== locale) void i18next.changeLanguage(locale);
}

export default i18next;
