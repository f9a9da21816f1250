/** The deck's header: who is signed in, connection, unread total, appearance and working settings. */
import { LogoutOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { MyQaResultsButton } from '../qa/MyQaResultsButton';
import { FontScaleSelect, LanguageSwitch, ThemeSwitch } from '../settings/AppearanceControls';
import { SettingsPopover } from '../settings/SettingsPopover';
import { roleColor } from '../signin/roles';
import { useApp, useStore } from '../store/context';
import { AgentStatusSwitch } from './AgentStatusSwitch';
import { ConnectionBadge } from './ConnectionBadge';

export function DeckHeader({ onHelp }: { onHelp(): void }) {
  const store = useStore();
  const { t } = useTranslation();
  const user = useApp((s) => s.user);
  const unreadTotal = useApp((s) => s.unreadTotal);
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
        {user.branchId && <span className="ws-muted ws-small ws-ellipsis ws-hide-narrow">{t('signin.branch', { branch: user.branchId })}</span>}
      </div>
      <div className="ws-header-right" data-testid="header-controls">
        {(user.role === 'agent' || user.role === 'lead') && <AgentStatusSwitch />}
        {user.role === 'agent' && <MyQaResultsButton />}
        <ConnectionBadge />
        <Tooltip title={t('header.unreadTotal')}>
          <span className={`ws-unread-total${unreadTotal > 0 ? ' ws-unread-some' : ''}`} data-testid="unread-total" data-count={unreadTotal} aria-label={t('header.unreadTotal')}>
            {unreadTotal > 999 ? '999+' : unreadTotal}
          </span>
        </Tooltip>
        <LanguageSwitch />
        <FontScaleSelect />
        <ThemeSwitch />
        <SettingsPopover />
        <Tooltip title={t('shortcuts.title')}>
          <Button type="text" icon={<QuestionCircleOutlined />} onClick={onHelp} aria-label={t('shortcuts.title')} data-testid="shortcuts-button" />
        </Tooltip>
        <Tooltip title={t('header.signOut')}>
          <Button type="text" icon={<LogoutOutlined />} onClick={() => void store.signOut()} aria-label={t('header.signOut')} data-testid="sign-out" />
        </Tooltip>
      </div>
    </header>
  );
}
