/**
 * Starts the real hub and the real browser-mode workstation host as child processes, the way a person would run them,
 * so that tests can restart or kill them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface Started {
  child: ChildProcess;
  lines: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function startTsx(script: string, args: string[], readyPattern: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Started & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${lines.join('\n')}`)), 30_000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        lines.push(line);
        const match = line.match(readyPattern);
        if (match) {
          clearTimeout(timer);
          resolve({ child, lines, stop, match });
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => lines.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${lines.join('\n')}`));
    });
  });
}

export async function startHubProcess(options: { port: number; db: string }) {
  const started = await startTsx('server/main.ts', ['--port', String(options.port), '--db', options.db, '--demo'], /hub listening on (http:\/\/\S+)/);
  return { ...started, url: started.match[1]! };
}

export async function startWebHost(options: { dataDir: string; hubUrl?: string; port?: number }) {
  const args = ['--no-build', '--data-dir', options.dataDir, '--port', String(options.port ?? 0)];
  if (options.hubUrl) args.push('--hub', options.hubUrl);
  const started = await startTsx('electron/web.ts', args, /workstation \(browser mode\) at (http:\/\/\S+)/);
  return { ...started, url: started.match[1]! };
}
