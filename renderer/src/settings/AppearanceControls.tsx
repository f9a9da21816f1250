/** Language, theme and font-scale controls, shared by the sign-in screen and the deck header. */
import { MoonOutlined, SunOutlined } from '@ant-design/icons';
import { Button, Segmented, Select, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../shared/ipc/contract';
import { useApp, useStore } from '../store/context';

export const FONT_SCALES = [100, 110, 120, 130, 140, 150] as const;

export function LanguageSwitch() {
  const store = useStore();
  const locale = useApp((s) => s.settings.locale);
  const { t } = useTranslation();
  return (
    <Tooltip title={t('settings.language')}>
      <Segmented<Locale>
        size="small"
        data-testid="language-switch"
        value={locale}
        options={[
          { label: '中文', value: 'zh-CN' },
          { label: 'EN', value: 'en' },
        ]}
        onChange={(value) => void store.updateSettings({ locale: value })}
      />
    </Tooltip>
  );
}

export function ThemeSwitch() {
  const store = useStore();
  const theme = useApp((s) => s.settings.theme);
  const { t } = useTranslation();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip title={t(next === 'dark' ? 'settings.themeDark' : 'settings.themeLight')}>
      <Button
        type="text"
        data-testid="theme-switch"
        aria-label={t(next === 'dark' ? 'settings.themeDark' : 'settings.themeLight')}
        icon={theme === 'dark' ? <SunOutlined /> : <MoonOutlined />}
        onClick={() => void store.updateSettings({ theme: next })}
      />
    </Tooltip>
  );
}

export function FontScaleSelect() {
  const store = useStore();
  const fontScale = useApp((s) => s.settings.fontScale);
  const { t } = useTranslation();
  return (
    <Tooltip title={t('settings.fontScale')}>
      <Select
        size="small"
        data-testid="font-scale"
        aria-label={t('settings.fontScale')}
        value={fontScale}
        style={{ width: '6.5em' }}
        popupMatchSelectWidth={false}
        options={FONT_SCALES.map((v) => ({ value: v, label: `${v}%` }))}
        onChange={(value) => void store.updateSettings({ fontScale: value })}
      />
    </Tooltip>
  );
}
