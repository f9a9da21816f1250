/**
 * Window hardening kept as data and pure functions, so that tests can assert on exactly what main applies.
 */
export const HARDENED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

export { CONTENT_SECURITY_POLICY } from '../../shared/security/csp';

/** Hosts the app may hand to the OS browser (documents of products, regulators' pages). https only. */
export const EXTERNAL_HOST_ALLOW_LIST = ['www.csrc.gov.cn', 'www.sse.com.cn', 'www.szse.cn', 'www.sipf.com.cn', 'www.cninfo.com.cn'];

export function isAllowedExternalUrl(raw: string, allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && allowList.includes(url.hostname);
}

/** Navigation inside the window is allowed only to the app's own page (a reload); everything else is denied. */
export function isAllowedNavigation(target: string, appUrl: string): boolean {
  try {
    const t = new URL(target);
    const a = new URL(appUrl);
    return t.protocol === a.protocol && t.host === a.host && t.pathname === a.pathname;
  } catch {
    return false;
  }
}
