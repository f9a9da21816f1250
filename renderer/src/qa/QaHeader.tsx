/** The QA workspace's header: who is signed in (branch or head office), connection, appearance, sign out. */
import { LogoutOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ConnectionBadge } from '../deck/ConnectionBadge';
import { FontScaleSelect, LanguageSwitch, ThemeSwitch } from '../settings/AppearanceControls';
import { SettingsPopover } from '../settings/SettingsPopover';
import { roleColor } from '../signin/roles';
import { useApp, useStore } from '../store/context';

export function QaHeader() {
  const store = useStore();
  const { t } = useTranslation();
  const user = useApp((s) => s.user);
  if (!user) return null;
  return (
    <header className="ws-header">
      <div className="ws-header-left">
        <span className="ws-brand">{t('app.title')}</span>
        <span className="ws-header-user ws-ellipsis" data-testid="current-user">
          {user.displayName}
        </span>
        <Tag color={roleColor(user.role)} className="ws-tag">
          {t(`roles.${user.role}`)}
        </Tag>
        <span className="ws-muted ws-small ws-ellipsis ws-hide-narrow" data-testid="qa-level">
          {user.branchId ? t('qa.level.branch', { branch: user.branchId }) : t('qa.level.headOffice')}
        </span>
      </div>
      <div className="ws-header-right" data-testid="header-controls">
        <ConnectionBadge />
        <LanguageSwitch />
        <FontScaleSelect />
        <ThemeSwitch />
        <SettingsPopover />
        <Tooltip title={t('header.signOut')}>
          <Button type="text" icon={<LogoutOutlined />} onClick={() => void store.signOut()} aria-label={t('header.signOut')} data-testid="sign-out" />
        </Tooltip>
      </div>
    </header>
  );
}
