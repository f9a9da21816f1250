import { Alert, App as AntApp, ConfigProvider, Spin, theme as antTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useLayoutEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Workspace } from './Workspace';
import { BASE_CONTROL_HEIGHT, BASE_FONT_SIZE, useAppearance } from './settings/useAppearance';
import { SignIn } from './signin/SignIn';
import type { AppStore } from './store/appStore';
import { StoreProvider, useApp, useStore } from './store/context';

export function App({ store }: { store: AppStore }) {
  return (
    <StoreProvider store={store}>
      <ThemedShell />
    </StoreProvider>
  );
}

function ThemedShell() {
  const settings = useApp((s) => s.settings);
  const scale = settings.fontScale / 100;
  const themeConfig = useMemo(
    () => ({
      algorithm: settings.theme === 'dark' ? antTheme.darkAlgorithm : antTheme.defaultAlgorithm,
      token: {
        fontSize: Math.round(BASE_FONT_SIZE * scale),
        controlHeight: Math.round(BASE_CONTROL_HEIGHT * scale),
        colorPrimary: '#1f6feb',
        borderRadius: 6,
      },
    }),
    [settings.theme, scale],
  );
  return (
    <ConfigProvider locale={settings.locale === 'en' ? enUS : zhCN} theme={themeConfig}>
      <AntApp className="app-root">
        <Root />
      </AntApp>
    </ConfigProvider>
  );
}

function Root() {
  useAppearance();
  useErrorNotifications();
  const boot = useApp((s) => s.boot);
  const signedIn = useApp((s) => s.user !== null);
  useThemeVariables();
  return (
    <div className="ws-app">
      <StartupNotice />
      {boot === 'loading' ? (
        <div className="ws-center">
          <Spin size="large" />
        </div>
      ) : signedIn ? (
        <Workspace />
      ) : (
        <SignIn />
      )}
    </div>
  );
}

/** Tells the agent, once, what the services repaired at start (e.g. a damaged local database rebuilt from the hub). */
function StartupNotice() {
  const store = useStore();
  const notice = useApp((s) => s.startupNotice);
  const locale = useApp((s) => s.settings.locale);
  const { t } = useTranslation();
  if (!notice) return null;
  return (
    <Alert
      type="warning"
      showIcon
      banner
      closable={{ 'aria-label': t('common.close') }}
      onClose={() => store.dismissStartupNotice()}
      title={locale === 'en' ? notice.en : notice.zh}
      data-testid="startup-notice"
    />
  );
}

/**
 * Exposes a few antd theme tokens as CSS variables on the document root, so the plain stylesheet follows light/dark
 * everywhere, including popups that antd portals outside the app's element.
 */
function useThemeVariables() {
  const { token } = antTheme.useToken();
  useLayoutEffect(() => {
    const vars: Record<string, string> = {
      '--ws-bg': token.colorBgLayout,
      '--ws-panel': token.colorBgContainer,
      '--ws-elevated': token.colorBgElevated,
      '--ws-border': token.colorBorderSecondary,
      '--ws-text': token.colorText,
      '--ws-text-2': token.colorTextSecondary,
      '--ws-text-3': token.colorTextTertiary,
      '--ws-primary': token.colorPrimary,
      '--ws-primary-bg': token.colorPrimaryBg,
      '--ws-hover': token.colorFillTertiary,
      '--ws-selected': token.controlItemBgActive,
      '--ws-fill': token.colorFillSecondary,
      '--ws-success': token.colorSuccess,
      '--ws-warning': token.colorWarning,
      '--ws-error': token.colorError,
      '--ws-error-bg': token.colorErrorBg,
      '--ws-agent-bubble': token.colorPrimaryBg,
      '--ws-customer-bubble': token.colorBgContainer,
    };
    const style = document.documentElement.style;
    for (const [name, value] of Object.entries(vars)) style.setProperty(name, value);
  }, [token]);
}

/** Every failed request reaches the agent as a notification with the service's message; nothing is swallowed. */
function useErrorNotifications() {
  const store = useStore();
  const { notification } = AntApp.useApp();
  const { t } = useTranslation();
  useEffect(
    () =>
      store.onError((error, context) => {
        notification.error({
          key: `${context}:${error.code}:${error.message}`,
          title: t(`errors.context.${context}`, { defaultValue: t('errors.context.generic') }),
          description: `${error.message}${error.code ? ` (${error.code})` : ''}`,
          placement: 'topRight',
          duration: 6,
        });
      }),
    [store, notification, t],
  );
}
