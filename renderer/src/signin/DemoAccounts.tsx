/** Demo accounts offered by the hub: one click signs in, each shows role and branch. */
import { LoadingOutlined, ReloadOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Skeleton, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DemoAccount } from '../../../shared/protocol/hub';
import type { AppError } from '../../../shared/result';
import { roleColor } from './roles';

interface Props {
  accounts: DemoAccount[] | null;
  loadError: AppError | null;
  busyUsername: string | null;
  disabled: boolean;
  onPick(account: DemoAccount): void;
  onReload(): void;
}

export function DemoAccounts({ accounts, loadError, busyUsername, disabled, onPick, onReload }: Props) {
  const { t } = useTranslation();
  if (loadError) {
    return (
      <Alert
        type="warning"
        showIcon
        title={t('signin.demoLoadFailed')}
        description={`${loadError.message} (${loadError.code})`}
        action={
          <Button size="small" icon={<ReloadOutlined />} onClick={onReload}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!accounts) return <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  if (accounts.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('signin.noDemoAccounts')} />;
  return (
    <div className="ws-demo-list" role="list">
      {accounts.map((a) => (
        <button
          type="button"
          role="listitem"
          key={a.username}
          className="ws-demo-item"
          data-testid={`demo-account-${a.username}`}
          disabled={disabled}
          onClick={() => onPick(a)}
        >
          <span className="ws-demo-avatar">{busyUsername === a.username ? <LoadingOutlined /> : <UserOutlined />}</span>
          <span className="ws-demo-main">
            <span className="ws-demo-name">{a.displayName}</span>
            <span className="ws-muted ws-small">{a.username}</span>
          </span>
          <span className="ws-demo-tags">
            <Tag color={roleColor(a.role)}>{t(`roles.${a.role}`)}</Tag>
            <span className="ws-muted ws-small">{a.branchId ? t('signin.branch', { branch: a.branchId }) : t('signin.headOffice')}</span>
          </span>
        </button>
      ))}
    </div>
  );
}
