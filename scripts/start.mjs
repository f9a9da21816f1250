#!/usr/bin/env node
// `npm start`: build, then open the workstation in Electron on the embedded default.
// Where no Electron binary can be had, say so plainly and name the fixes and the browser-mode alternative.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Node ${process.versions.node} is too old: Agent Workstation needs Node 22.12 or newer.`);
  process.exit(1);
}

function electronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const p = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative ?? 'electron');
    return existsSync(p) ? p : null;
  }
  if (relative && existsSync(join(pkgDir, 'dist', relative))) return join(pkgDir, 'dist', relative);
  // Electron ≥ 42 downloads its binary on first use; try once, bounded, honouring ELECTRON_MIRROR.
  console.log('Fetching the Electron binary (first run)…');
  const r = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: 'inherit', timeout: 120_000 });
  if (r.status === 0 && existsSync(pathFile)) {
    const rel = readFileSync(pathFile, 'utf8');
    if (existsSync(join(pkgDir, 'dist', rel))) return join(pkgDir, 'dist', rel);
  }
  return null;
}

const binary = electronBinary();
if (!binary) {
  console.error(`
The Electron binary is not available on this machine, and it could not be downloaded.

Fix one of these, then run \`npm start\` again:
  • ELECTRON_MIRROR=<a mirror you can reach>/   (for example https://npmmirror.com/mirrors/electron/)
  • ELECTRON_OVERRIDE_DIST_PATH=<folder that contains an unpacked Electron ${require('electron/package.json').version}>

Or use the same workstation in a browser, with its embedded hub and demo data:
  npm run web      (prints the URL to open)
`);
  process.exit(1);
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(binary, ['.'], { stdio: 'inherit' });
process.exit(run.status ?? 0);
