import { join } from 'node:path';
import { startHub, type Hub } from '../../server/hub';

/**
 * The embedded default: with no hub configured, the workstation runs a hub of its own on 127.0.0.1 with demo data in
 * its data folder, so a fresh install shows a living deck. Started once, on first use.
 */
export function embeddedHubLauncher(dataDir: string, log: (line: string) => void = () => {}) {
  let starting: Promise<Hub> | null = null;
  let hub: Hub | null = null;
  return {
    url: (): string | null => hub?.url ?? null,
    start(): Promise<Hub> {
      starting ??= startHub({
        dbPath: join(dataDir, 'hub.db'),
        demo: true,
        port: Number(process.env.AGENT_WORKSTATION_HUB_PORT ?? 0),
        // In the demo, new chats wait a few seconds in the pool so that grabbing them can be tried.
        routing: { grabWindowMs: Number(process.env.AGENT_WORKSTATION_GRAB_WINDOW_MS ?? 5000) },
        log,
      }).then((h) => (hub = h));
      return starting;
    },
    async stop(): Promise<void> {
      const h = hub ?? (starting ? await starting : null);
      hub = null;
      starting = null;
      await h?.close();
    },
  };
}
