/** Working preferences: how Enter behaves, sound and desktop notifications, plus appearance. */
import { SettingOutlined } from '@ant-design/icons';
import { Button, Popover, Switch, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../shared/ipc/contract';
import { useApp, useStore } from '../store/context';
import { FontScaleSelect, LanguageSwitch, ThemeSwitch } from './AppearanceControls';

type BooleanSetting = 'enterToSend' | 'sound' | 'notifications';

export function SettingsPopover() {
  const { t } = useTranslation();
  return (
    <Popover trigger="click" placement="bottomRight" title={t('settings.title')} content={<SettingsForm />}>
      <Tooltip title={t('settings.title')}>
        <Button type="text" icon={<SettingOutlined />} data-testid="settings-button" aria-label={t('settings.title')} />
      </Tooltip>
    </Popover>
  );
}

function SettingsForm() {
  const store = useStore();
  const settings = useApp((s) => s.settings);
  const { t } = useTranslation();
  const toggle = (key: BooleanSetting, value: boolean) => {
    if (key === 'notifications' && value && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      void Notification.requestPermission();
    }
    void store.updateSettings({ [key]: value } as Partial<Settings>);
  };
  const row = (key: BooleanSetting, hint: string) => (
    <label className="ws-setting-row" key={key}>
      <span>
        <div>{t(`settings.${key}`)}</div>
        <div className="ws-muted ws-small">{hint}</div>
      </span>
      <Switch size="small" checked={settings[key]} data-testid={`setting-${key}`} onChange={(v) => toggle(key, v)} />
    </label>
  );
  return (
    <div className="ws-settings">
      {row('enterToSend', t(settings.enterToSend ? 'settings.enterToSendOn' : 'settings.enterToSendOff'))}
      {row('sound', t('settings.soundHint'))}
      {row('notifications', t('settings.notificationsHint'))}
      <div className="ws-setting-row">
        <span>{t('settings.language')}</span>
        <LanguageSwitch />
      </div>
      <div className="ws-setting-row">
        <span>{t('settings.theme')}</span>
        <ThemeSwitch />
      </div>
      <div className="ws-setting-row">
        <span>{t('settings.fontScale')}</span>
        <FontScaleSelect />
      </div>
    </div>
  );
}
