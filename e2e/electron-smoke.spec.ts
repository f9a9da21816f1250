import { test, expect, _electron as electron } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Finds a runnable Electron binary without trying to download one. */
function electronBinary(): string | null {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('electron/package.json'));
  const rel = existsSync(join(dir, 'path.txt')) ? readFileSync(join(dir, 'path.txt'), 'utf8') : 'electron';
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist');
  const p = join(base, rel);
  return existsSync(p) ? p : null;
}

const binary = electronBinary();
if (!binary) {
  console.log(
    'electron smoke test SKIPPED: no Electron binary on this machine (set ELECTRON_OVERRIDE_DIST_PATH or ELECTRON_MIRROR to run it); ' +
      'the renderer is tested end to end in Chromium in browser mode instead.',
  );
}

test('the Electron window opens hardened and signs in on the embedded hub', async () => {
  test.skip(!binary, 'No Electron binary here (set ELECTRON_OVERRIDE_DIST_PATH or ELECTRON_MIRROR); browser-mode e2e covers the renderer.');
  const app = await electron.launch({ executablePath: binary!, args: ['.'], env: { ...process.env, AGENT_WORKSTATION_HUB_PORT: '0' } });
  const page = await app.firstWindow();
  // Inside the page: no Node (sandbox, contextIsolation, no nodeIntegration), and only the contract's actions exposed.
  const exposed = await page.evaluate(() => {
    const g = globalThis as unknown as { require?: unknown; process?: unknown; workstation?: Record<string, unknown> };
    return { require: typeof g.require, process: typeof g.process, api: Object.keys(g.workstation ?? {}).sort() };
  });
  expect(exposed.require).toBe('undefined');
  expect(exposed.process).toBe('undefined');
  expect(exposed.api).not.toContain('ipcRenderer');
  expect(exposed.api).toContain('sendMessage');
  await expect(page.getByTestId('signin')).toBeVisible();
  await app.close();
});
