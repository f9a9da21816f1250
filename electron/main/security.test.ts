/**
 * Electron hardening, asserted on the exact values main applies (security.ts), on the source of main and preload (so a
 * window created without the hardened preferences, or a preload that leaks ipcRenderer, fails the build), on the
 * preload's behaviour with a fake electron, and on the token vault with a fake safeStorage.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY, EXTERNAL_HOST_ALLOW_LIST, HARDENED_WEB_PREFERENCES, isAllowedExternalUrl, isAllowedNavigation } from './security';
import { SafeStorageTokenVault } from './safeStorageVault';
import { pushEventNames, requestNames, requests } from '../../shared/ipc/contract';

const root = fileURLToPath(new URL('../../', import.meta.url));
const source = (path: string) => readFileSync(join(root, path), 'utf8');

/** "a b; c d" → { a: ['b'], c: ['d'] } */
function parseCsp(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), values);
  }
  return out;
}

function expectStrictCsp(policy: string) {
  const csp = parseCsp(policy);
  expect(policy).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic/);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('base-uri')).toEqual(["'none'"]);
  expect(csp.get('form-action')).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  // Network only to the app itself and loopback (the bridge, the embedded hub); never a wildcard or another host.
  for (const value of csp.get('connect-src') ?? []) expect(value).toMatch(/^('self'|(ws|http):\/\/(127\.0\.0\.1|localhost):\*)$/);
  for (const [name, values] of csp) {
    expect(values, name).not.toContain('*');
    if (name !== 'img-src' && name !== 'font-src') expect(values, name).not.toContain('data:');
  }
}

describe('window hardening values', () => {
  it('isolates and sandboxes every renderer, with no Node integration anywhere', () => {
    expect(HARDENED_WEB_PREFERENCES).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('applies a strict content security policy: scripts only from the app, no eval, no plugins, no framing', () => {
    expectStrictCsp(CONTENT_SECURITY_POLICY);
  });

  it('ships the same strict policy in the renderer page itself', () => {
    const html = source('renderer/index.html');
    const meta = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i);
    expect(meta, 'renderer/index.html has a CSP meta tag').not.toBeNull();
    expectStrictCsp(meta![1]!);
    expect(parseCsp(meta![1]!)).toEqual(parseCsp(CONTENT_SECURITY_POLICY));
    // No inline script or inline handler in the page: script-src 'self' would block them, and they should not exist.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });
});

describe('links handed to the OS browser', () => {
  const allowed = EXTERNAL_HOST_ALLOW_LIST[0]!;

  it('opens https links to allow-listed hosts', () => {
    for (const host of EXTERNAL_HOST_ALLOW_LIST) expect(isAllowedExternalUrl(`https://${host}/path?q=1#x`), host).toBe(true);
  });

  it.each([
    ['plain http', `http://${allowed}/`],
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: with the host in it', `javascript://${allowed}/%0aalert(1)`],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['custom scheme', `ms-settings://${allowed}`],
    ['chrome:', 'chrome://settings'],
    ['about:', 'about:blank'],
    ['userinfo before an allowed host', `https://user:pass@${allowed}/`],
    ['allowed host as userinfo', `https://${allowed}@evil.example/`],
    ['allowed host as encoded userinfo', `https://${allowed}%2F@evil.example/`],
    ['look-alike suffix', `https://${allowed}.evil.example/`],
    ['look-alike prefix', `https://evil-${allowed}/`],
    ['parent domain only', 'https://csrc.gov.cn/'],
    ['allowed host in the path', `https://evil.example/${allowed}`],
    ['allowed host in the query', `https://evil.example/?u=https://${allowed}`],
    ['IDN homograph (Cyrillic о)', 'https://www.csrc.g\u043ev.cn/'],
    ['IDN punycode', 'https://www.xn--csrc-9za.gov.cn/'],
    ['trailing-dot host', `https://${allowed}./`],
    ['IP literal', 'https://127.0.0.1/'],
    ['IPv6 literal', 'https://[::1]/'],
    ['not a URL', 'not a url'],
    ['empty', ''],
  ])('refuses %s', (_name, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('refuses everything when the allow-list is empty', () => {
    expect(isAllowedExternalUrl(`https://${allowed}/`, [])).toBe(false);
  });
});

describe('navigation inside the window', () => {
  const packaged = 'file:///opt/app/resources/app.asar/out/renderer/index.html';
  const dev = 'http://localhost:5173/';

  it('allows reloading the app page itself (query and hash included)', () => {
    expect(isAllowedNavigation(packaged, packaged)).toBe(true);
    expect(isAllowedNavigation(`${packaged}?reload=1#deck`, packaged)).toBe(true);
    expect(isAllowedNavigation(`${dev}#x`, dev)).toBe(true);
  });

  it.each([
    ['another local file', 'file:///etc/passwd', packaged],
    ['a path traversal out of the app', 'file:///opt/app/resources/app.asar/out/renderer/index.html/../../../../etc/passwd', packaged],
    ['a sibling file', 'file:///opt/app/resources/app.asar/out/renderer/other.html', packaged],
    ['the web', 'https://evil.example/', packaged],
    ['javascript:', 'javascript:alert(1)', packaged],
    ['data:', 'data:text/html,hi', packaged],
    ['another dev port', 'http://localhost:5174/', dev],
    ['another host on the dev port', 'http://127.0.0.1:5173/', dev],
    ['https instead of http', 'https://localhost:5173/', dev],
    ['garbage', '::::', dev],
  ])('refuses %s', (_name, target, app) => {
    expect(isAllowedNavigation(target, app)).toBe(false);
  });
});

describe('main process source: every window and every web contents is hardened', () => {
  const main = source('electron/main/index.ts');
  const preload = source('electron/preload/index.ts');

  it('creates every BrowserWindow with the hardened preferences', () => {
    const creations = [...main.matchAll(/new BrowserWindow\(/g)];
    expect(creations.length).toBeGreaterThan(0);
    for (const c of creations) {
      const options = main.slice(c.index, c.index + 800);
      expect(options).toMatch(/webPreferences:\s*\{\s*\.\.\.HARDENED_WEB_PREFERENCES/);
      // Nothing after the spread may switch a hardened preference back.
      const prefs = options.slice(options.indexOf('webPreferences'), options.indexOf('}', options.indexOf('webPreferences')));
      for (const key of Object.keys(HARDENED_WEB_PREFERENCES)) expect(prefs, key).not.toMatch(new RegExp(`\\b${key}\\s*:`));
    }
    for (const file of [main, preload]) {
      expect(file).not.toMatch(/nodeIntegration\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false|webSecurity\s*:\s*false|webviewTag\s*:\s*true/);
    }
    expect(main).toMatch(/app\.enableSandbox\(\)/);
  });

  it('denies every window.open, for its own window and for any web contents created later', () => {
    const handlers = [...main.matchAll(/setWindowOpenHandler\(/g)];
    expect(handlers.length).toBeGreaterThanOrEqual(2);
    for (const h of handlers) {
      const body = main.slice(h.index, h.index + 300);
      expect(body).toMatch(/action:\s*'deny'/);
      expect(body).not.toMatch(/action:\s*'allow'/);
    }
    expect(main).toMatch(/app\.on\('web-contents-created'[\s\S]{0,200}setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    // Links the app itself opens go to the OS browser only after the allow-list check.
    expect(main).toMatch(/if \(isAllowedExternalUrl\(url\)\) void shell\.openExternal\(url\)/);
    expect([...main.matchAll(/shell\.openExternal\(/g)]).toHaveLength(1);
  });

  it('guards navigation, webviews, permissions and response headers', () => {
    expect(main).toMatch(/on\('will-navigate',[\s\S]{0,160}if \(!isAllowedNavigation\(url, rendererUrl\)\) event\.preventDefault\(\)/);
    expect(main).toMatch(/on\('will-attach-webview', \(event\) => event\.preventDefault\(\)\)/);
    expect(main).toMatch(/setPermissionRequestHandler\(\(_wc, permission, callback\) => callback\(permission === 'notifications'\)\)/);
    expect(main).toMatch(/'Content-Security-Policy': \[CONTENT_SECURITY_POLICY\]/);
    expect(main).toMatch(/registerIpcHandlers\(ipcMain, [\s\S]{0,80}createSenderGuard\(/);
  });

  it('keeps ipcRenderer inside the preload: only contract actions and contract events are exposed', () => {
    expect([...preload.matchAll(/exposeInMainWorld\(/g)]).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\('workstation', Object\.freeze\(api\)\)/);
    expect(preload).not.toMatch(/ipcRenderer\.send(Sync|ToHost)?\(/);
    expect(preload).not.toMatch(/api\.(send|invoke|ipcRenderer|ipc)\s*=/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
    // invoke is reachable only with a channel read from the contract
    for (const call of preload.matchAll(/ipcRenderer\.invoke\(([^,]+),/g)) expect(call[1]).toBe('channel');
    expect(preload).toMatch(/const channel = requests\[name\]\.channel;/);
    expect(preload).toMatch(/for \(const name of requestNames\)/);
  });
});

describe('preload behaviour with a fake electron', () => {
  it('exposes one frozen function per contract request and a contract-only subscription', async () => {
    const invoked: [string, unknown][] = [];
    const listeners: string[] = [];
    const exposed: Record<string, unknown> = {};
    const fakeIpcRenderer = {
      invoke: (channel: string, input: unknown) => (invoked.push([channel, input]), Promise.resolve({ ok: true, value: null })),
      on: (channel: string) => void listeners.push(channel),
      removeListener: () => {},
      send: () => {
        throw new Error('send must never be reachable');
      },
    };
    vi.resetModules();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
      ipcRenderer: fakeIpcRenderer,
    }));
    await import('../preload/index');
    vi.doUnmock('electron');

    expect(Object.keys(exposed)).toEqual(['workstation']);
    const api = exposed.workstation as Record<string, unknown>;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual([...requestNames, 'on'].sort());
    for (const value of Object.values(api)) {
      expect(value).not.toBe(fakeIpcRenderer);
      expect(typeof value).toBe('function');
    }
    for (const name of requestNames) {
      await (api[name] as (i: unknown) => Promise<unknown>)({ probe: name });
      expect(invoked.at(-1)).toEqual([requests[name].channel, { probe: name }]);
    }
    expect(new Set(invoked.map(([c]) => c)).size).toBe(requestNames.length);

    const on = api.on as (event: string, l: (p: unknown) => void) => () => void;
    for (const event of pushEventNames) expect(typeof on(event, () => {})).toBe('function');
    expect(listeners).toEqual(pushEventNames.map((e) => `push:${e}`));
    for (const bad of ['ipc', 'push:connection.changed', '__proto__', 'messages.changed\u0000', 'auth.signIn']) {
      expect(() => on(bad, () => {}), bad).toThrow();
    }
    expect(() => on('connection.changed', 'not a function' as never)).toThrow();
  });
});

describe('token vault on safeStorage (fake)', () => {
  let dir: string;
  const token = 'eyJzdWIiOiJhZ2VudDAxIn0.c2lnbmF0dXJlLXZhbHVlLWZvci10ZXN0';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Reversible "encryption" whose output shares nothing readable with the input. */
  const fakeSafeStorage = (available: boolean, backend?: string) => ({
    isEncryptionAvailable: () => available,
    encryptString: (plain: string) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0xa5).reverse()),
    decryptString: (enc: Buffer) => {
      if (enc.length === 0 || enc[0] === 0x00) throw new Error('cannot decrypt');
      return Buffer.from([...enc].reverse().map((b) => b ^ 0xa5)).toString('utf8');
    },
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  });

  it('writes only ciphertext, readable back, with owner-only permissions', () => {
    const file = join(dir, 'hub-token.bin');
    const vault = new SafeStorageTokenVault(fakeSafeStorage(true, 'gnome_libsecret'), file);
    expect(vault.secure).toBe(true);
    vault.save(token);
    const bytes = readFileSync(file);
    for (const form of [token, Buffer.from(token).toString('base64'), Buffer.from(token).toString('hex'), token.split('.')[0]!, token.split('.')[1]!]) {
      expect(bytes.includes(Buffer.from(form)), form).toBe(false);
    }
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
    expect(new SafeStorageTokenVault(fakeSafeStorage(true, 'gnome_libsecret'), file).load()).toBe(token);
    vault.clear();
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    ['encryption unavailable', false, undefined],
    ['Linux basic_text backend', true, 'basic_text'],
  ])('with %s: writes nothing to disk, keeps the token in memory and says it is not secure', (_name, available, backend) => {
    const file = join(dir, 'hub-token.bin');
    const vault = new SafeStorageTokenVault(fakeSafeStorage(available, backend), file);
    expect(vault.secure).toBe(false);
    expect(vault.description).toMatch(/memory only/);
    vault.save(token);
    expect(readdirSync(dir)).toEqual([]);
    expect(vault.load()).toBe(token);
    // A new process (restart) has nothing to resume from.
    expect(new SafeStorageTokenVault(fakeSafeStorage(available, backend), file).load()).toBeNull();
    vault.clear();
    expect(vault.load()).toBeNull();
  });

  it('treats an undecryptable file as no token rather than failing', () => {
    const file = join(dir, 'hub-token.bin');
    writeFileSync(file, Buffer.from([0x00, 0x01, 0x02]));
    expect(new SafeStorageTokenVault(fakeSafeStorage(true, 'kwallet5'), file).load()).toBeNull();
  });
});
