/**
 * Browser mode: `npm run web` serves the same workstation (renderer + main-process services + embedded hub) to a
 * browser on 127.0.0.1, with the IPC contract carried over a loopback WebSocket guarded by a per-run token.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { z } from 'zod';
import { startWorkstationHost } from './services/host';
import { defaultDataDir } from './services/paths';

const ArgsSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(5174),
  'data-dir': z.string().min(1).optional(),
  hub: z.string().url().optional(),
  'no-build': z.boolean().default(false),
});

async function main() {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, hub: { type: 'string' }, 'no-build': { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: npm run web -- [--port 5174] [--data-dir DIR] [--hub URL] [--no-build]`);
    process.exit(2);
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`Invalid arguments: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const args = parsed.data;
  const rendererDir = resolve('out/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    if (args['no-build']) {
      console.error('out/renderer is missing: run `npm run build` first.');
      process.exit(2);
    }
    console.log('building the renderer (npm run build)…');
    const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const host = await startWorkstationHost({
    dataDir: args['data-dir'] ?? defaultDataDir(),
    rendererDir,
    port: args.port,
    hubUrl: args.hub,
    log: (line) => console.log(line),
  });
  console.log(`workstation (browser mode) at ${host.bridge.url}`);
  if (host.embeddedHubUrl) console.log(`embedded hub at ${host.embeddedHubUrl} — customer chat page: ${host.embeddedHubUrl}/`);
  const stop = () => {
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
