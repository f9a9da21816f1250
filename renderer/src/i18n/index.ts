/** i18next with both languages bundled (the page cannot fetch files under its CSP, and there are only two). */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from '../../../resources/locales/zh-CN.json';
import en from '../../../resources/locales/en.json';
import { DEFAULT_SETTINGS, type Locale } from '../../../shared/ipc/contract';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/**
 * Feature texts live in their own files, `resources/locales/<locale>/<feature>.json`, each merged under the key
 * `<feature>` (so `knowledge.json` provides `t('knowledge.…')`): features add texts without editing one shared file.
 */
const featureFiles = import.meta.glob<{ default: Record<string, unknown> }>('../../../resources/locales/*/*.json', { eager: true });
function withFeatures(locale: Locale, base: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [path, mod] of Object.entries(featureFiles)) {
    const match = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (match && match[1] === locale) merged[match[2]!] = mod.default;
  }
  return merged;
}

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: withFeatures('zh-CN', zhCN) }, en: { translation: withFeatures('en', en) } },
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
