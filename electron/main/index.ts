/**
 * Electron main process: one hardened window, the IPC manager, tray and badge, and the services (which never import
 * electron themselves; what they need from it is injected here).
 */
import { app, BrowserWindow, ipcMain, Menu, nativeImage, safeStorage, session, shell, Tray } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeRecovery, openLocalDbWithRecovery } from '../services/local/recover';
import { createWorkstation, type Workstation } from '../services/workstation';
import { embeddedHubLauncher } from '../services/embeddedHub';
import { WORKSTATION_VERSION } from '../services/host';
import { pushEventNames } from '../../shared/ipc/contract';
import { createSenderGuard, registerIpcHandlers, type FrameLike } from './ipcManager';
import { SafeStorageTokenVault } from './safeStorageVault';
import { CONTENT_SECURITY_POLICY, HARDENED_WEB_PREFERENCES, isAllowedExternalUrl, isAllowedNavigation } from './security';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(here, '../renderer/index.html')).href;
const appUrlPrefix = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(here, '../renderer/')).href;

// In a packaged build, data files live beside the asar (electron-builder extraResources).
if (app.isPackaged) {
  process.env.AGENT_WORKSTATION_RESOURCES ??= join(process.resourcesPath, 'resources');
  process.env.AGENT_WORKSTATION_CUSTOMER_PAGE ??= join(process.resourcesPath, 'customer-page');
}

// Nothing but our own window may be created, and nothing may leave the app's page.
app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | null = null;
let tray: Tray | null = null;
let workstation: Workstation | null = null;
const embedded = embeddedHubLauncher(join(app.getPath('userData')), (line) => console.log(`[hub] ${line}`));

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: '坐席工作台',
    show: false,
    webPreferences: { ...HARDENED_WEB_PREFERENCES, preload: join(here, '../preload/index.cjs') },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, rendererUrl)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void win.loadURL(rendererUrl);
  return win;
}

function updateUnread(total: number) {
  const title = total > 0 ? `(${total}) 坐席工作台` : '坐席工作台';
  mainWindow?.setTitle(title);
  tray?.setToolTip(title);
  app.setBadgeCount(total);
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permission === 'notifications'));

  const dataDir = app.getPath('userData');
  const { db, recovered } = openLocalDbWithRecovery(join(dataDir, 'workstation.db'));
  if (recovered) console.warn(`[local db] ${describeRecovery(recovered).en}`);
  const vault = new SafeStorageTokenVault(safeStorage, join(dataDir, 'hub-token.bin'));
  if (!vault.secure) console.warn(`[security] ${vault.description}`);
  workstation = createWorkstation({
    db,
    mode: 'electron',
    version: WORKSTATION_VERSION,
    dataDir,
    tokenVault: vault,
    defaultHubUrl: async () => (await embedded.start()).url,
    embeddedHubUrl: () => embedded.url(),
    startupNotice: recovered ? describeRecovery(recovered) : null,
  });

  mainWindow = createWindow();
  const isAppFrame = (frame: FrameLike) => BrowserWindow.getAllWindows().some((w) => w.webContents.mainFrame === frame);
  registerIpcHandlers(ipcMain, workstation.handlers, createSenderGuard({ isAppFrame, appUrlPrefixes: [appUrlPrefix] }), (l) =>
    console.warn(`[ipc] ${l}`),
  );
  for (const event of pushEventNames) {
    workstation.events.on(event, (payload: unknown) => mainWindow?.webContents.send(`push:${event}`, payload));
  }
  workstation.events.on('unread.changed', ({ total }) => updateUnread(total));
  // Desktop notifications come from the renderer, which knows the focused chat and the agent's settings.

  tray = new Tray(nativeImage.createEmpty());
  tray.setToolTip('坐席工作台');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: '显示窗口 / Show', click: () => mainWindow?.show() },
      { label: '退出 / Quit', click: () => app.quit() },
    ]),
  );
});

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});
app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('before-quit', () => {
  workstation?.close();
  void embedded.stop();
});
