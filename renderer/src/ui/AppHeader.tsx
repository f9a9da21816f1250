/**
 * The header every workspace shows: who is signed in and where they work on the left; live status, appearance,
 * settings and sign-out on the right. Each workspace supplies what is its own (the deck its status switch and unread
 * total, QA its review level).
 */
import { LogoutOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/protocol/hub';
import { FontScaleSelect, LanguageSwitch, ThemeSwitch } from '../settings/AppearanceControls';
import { SettingsPopover } from '../settings/SettingsPopover';
import { roleColor } from '../signin/roles';
import { useStore } from '../store/context';

interface Props {
  user: User;
  /** After the role: the branch, or the review level. */
  scope: ReactNode;
  /** The first controls on the right (connection, status, counters). */
  status: ReactNode;
  /** Shows the shortcuts button when given. */
  onHelp?(): void;
}

export function AppHeader({ user, scope, status, onHelp }: Props) {
  const store = useStore();
  const { t } = useTranslation();
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
        {scope}
      </div>
      <div className="ws-header-right" data-testid="header-controls">
        {status}
        <LanguageSwitch />
        <FontScaleSelect />
        <ThemeSwitch />
        <SettingsPopover />
        {onHelp && (
          <Tooltip title={t('shortcuts.title')}>
            <Button type="text" icon={<QuestionCircleOutlined />} onClick={onHelp} aria-label={t('shortcuts.title')} data-testid="shortcuts-button" />
          </Tooltip>
        )}
        <Tooltip title={t('header.signOut')}>
          <Button type="text" icon={<LogoutOutlined />} onClick={() => void store.signOut()} aria-label={t('header.signOut')} data-testid="sign-out" />
        </Tooltip>
      </div>
    </header>
  );
}
