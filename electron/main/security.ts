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

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // antd's CSS-in-JS injects <style> elements at run time
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:* http://127.0.0.1:* http://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

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
