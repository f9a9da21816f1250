#!/usr/bin/env node
// Validates electron-builder.yml without a real Electron: packages the built app for Linux (dir target) around a
// stand-in Electron binary that carries a fuse wire, then checks what a release would ship:
// the fuses flipped as configured, the app inside an asar, and the SQLite native module unpacked beside it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = ['RunAsNode', 'EnableCookieEncryption', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar', 'LoadBrowserProcessSpecificV8Snapshot', 'GrantFileProtocolExtraPrivileges'];
// What a release must end up with ('1' on, '0' off).
const EXPECTED = { RunAsNode: '0', EnableNodeOptionsEnvironmentVariable: '0', EnableNodeCliInspectArguments: '0', EnableEmbeddedAsarIntegrityValidation: '1', OnlyLoadAppFromAsar: '1', EnableCookieEncryption: '1' };

if (!existsSync('out/main/index.js')) {
  console.error('package-check: run `npm run build` first');
  process.exit(2);
}
const standIn = join(tmpdir(), `electron-stand-in-${process.pid}`);
mkdirSync(standIn, { recursive: true });
// Electron's own defaults on the wire: RunAsNode, NODE_OPTIONS and inspect on; integrity and asar-only off.
const wire = Buffer.concat([Buffer.from('#!/bin/sh\necho stand-in electron\nexit 0\n'), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]);
writeFileSync(join(standIn, 'electron'), wire, { mode: 0o755 });
writeFileSync(join(standIn, 'LICENSE'), 'stand-in');
writeFileSync(join(standIn, 'version'), '45.4.1');
mkdirSync(join(standIn, 'resources'), { recursive: true });

const outDir = join(tmpdir(), `aw-package-${process.pid}`);
const version = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const r = spawnSync('npx', ['electron-builder', '--linux', 'dir', '--config', 'electron-builder.yml',
  `-c.electronDist=${standIn}`, `-c.electronVersion=${version}`, `-c.directories.output=${outDir}`], { encoding: 'utf8' });
if (r.status !== 0) {
  console.error(r.stdout, r.stderr);
  console.error('package-check: electron-builder failed');
  process.exit(1);
}
const app = join(outDir, 'linux-unpacked');
const failures = [];
const exe = readdirSync(app).find((f) => f === 'agent-workstation');
if (!exe) failures.push('no agent-workstation executable in the package');
else {
  const bin = readFileSync(join(app, exe));
  const at = bin.indexOf(SENTINEL) + SENTINEL.length;
  const states = bin.subarray(at + 2, at + 2 + 8).toString();
  FUSES.forEach((name, i) => {
    const want = EXPECTED[name];
    if (want !== undefined && states[i] !== want) failures.push(`fuse ${name} is ${states[i]}, expected ${want}`);
  });
  console.log(`fuses: ${FUSES.map((n, i) => `${n}=${states[i]}`).join(' ')}`);
}
if (!existsSync(join(app, 'resources', 'app.asar'))) failures.push('app.asar missing');
const unpacked = join(app, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
if (!existsSync(unpacked)) failures.push('better-sqlite3 is not unpacked from the asar');
if (!existsSync(join(app, 'resources', 'resources', 'demo', 'org.json'))) failures.push('demo resources missing');
if (!existsSync(join(app, 'resources', 'customer-page', 'index.html'))) failures.push('customer page missing');
rmSync(standIn, { recursive: true, force: true });
rmSync(outDir, { recursive: true, force: true });
if (failures.length) {
  console.error(`package-check FAILED:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('package-check: OK (linux dir target with a stand-in Electron; fuses, asar and unpacked native modules verified)');
