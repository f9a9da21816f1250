/** The sign-in screen: a demo account in one click, or username/password with an optional hub URL. */
import { Alert, Button, Card, Collapse, Divider, Form, Input, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DemoAccount } from '../../../shared/protocol/hub';
import type { AppError } from '../../../shared/result';
import { ConnectionBadge } from '../deck/ConnectionBadge';
import { FontScaleSelect, LanguageSwitch, ThemeSwitch } from '../settings/AppearanceControls';
import { useApp, useStore } from '../store/context';
import { DemoAccounts } from './DemoAccounts';

interface FormValues {
  username: string;
  password: string;
  hubUrl?: string;
}

const isHttpUrl = (value: string) => {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

export function SignIn() {
  const store = useStore();
  const { t } = useTranslation();
  const [form] = Form.useForm<FormValues>();
  const [accounts, setAccounts] = useState<DemoAccount[] | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const linkState = useApp((s) => s.link.state);
  const hubUrlValue = Form.useWatch('hubUrl', form);
  const errorRef = useRef<HTMLDivElement>(null);
  // The form may be scrolled past the top (large font scale): bring a new error into view.
  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [error]);
  const hubUrl = hubUrlValue?.trim() && isHttpUrl(hubUrlValue.trim()) ? hubUrlValue.trim() : undefined;

  const loadAccounts = useCallback(async () => {
    setLoadError(null);
    setAccounts(null);
    const result = await store.api.listDemoAccounts(hubUrl ? { hubUrl } : {});
    if (result.ok) setAccounts(result.value);
    else setLoadError(result.error);
  }, [store, hubUrl]);

  // Load when the page opens, when the hub URL changes, and again once the services link comes back.
  useEffect(() => {
    if (linkState === 'open') void loadAccounts();
  }, [loadAccounts, linkState]);

  const signIn = async (username: string, password: string, key: string) => {
    setBusy(key);
    setError(null);
    const result = await store.signIn({ username, password, ...(hubUrl ? { hubUrl } : {}) });
    setBusy(null);
    if (!result.ok) setError(result.error);
  };

  return (
    <div className="ws-signin">
      <div className="ws-signin-toolbar">
        <ConnectionBadge />
        <LanguageSwitch />
        <FontScaleSelect />
        <ThemeSwitch />
      </div>
      <Card className="ws-signin-card" data-testid="signin">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('signin.subtitle')}</Typography.Paragraph>

        {error && (
          <div ref={errorRef}>
            <Alert
              type="error"
              showIcon
              data-testid="signin-error"
              style={{ marginBottom: '1em' }}
              title={t(`signin.errors.${error.code}`, { defaultValue: t('signin.errors.generic') })}
              description={error.message !== t(`signin.errors.${error.code}`, { defaultValue: '' }) ? `${error.message} (${error.code})` : undefined}
              closable={{ onClose: () => setError(null) }}
            />
          </div>
        )}

        <Typography.Text strong>{t('signin.demoAccounts')}</Typography.Text>
        <div className="ws-signin-section">
          <DemoAccounts
            accounts={accounts}
            loadError={loadError}
            busyUsername={busy}
            disabled={busy !== null}
            onPick={(a) => void signIn(a.username, a.password, a.username)}
            onReload={() => void loadAccounts()}
          />
        </div>

        <Divider plain>{t('signin.orPassword')}</Divider>

        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => void signIn(v.username.trim(), v.password, '__form__')}
        >
          <Form.Item name="username" label={t('signin.username')} rules={[{ required: true, whitespace: true, message: t('signin.usernameRequired') }]}>
            <Input autoComplete="username" data-testid="signin-username" />
          </Form.Item>
          <Form.Item name="password" label={t('signin.password')} rules={[{ required: true, message: t('signin.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" data-testid="signin-password" />
          </Form.Item>
          <Collapse
            ghost
            size="small"
            items={[
              {
                key: 'advanced',
                label: t('signin.advanced'),
                children: (
                  <Form.Item
                    name="hubUrl"
                    label={t('signin.hubUrl')}
                    extra={t('signin.hubUrlHint')}
                    rules={[{ validator: (_r, v: string | undefined) => (!v?.trim() || isHttpUrl(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('signin.hubUrlInvalid')))) }]}
                  >
                    <Input placeholder={t('signin.hubUrlPlaceholder')} data-testid="signin-hub-url" />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Button type="primary" htmlType="submit" block loading={busy === '__form__'} disabled={busy !== null && busy !== '__form__'} data-testid="signin-submit" style={{ marginTop: '0.75em' }}>
            {t('signin.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
