import { join } from 'node:path';
import { describeRecovery, openLocalDbWithRecovery } from './local/recover';
import { createWorkstation, type Workstation } from './workstation';
import { embeddedHubLauncher } from './embeddedHub';
import { startBridgeHost, type BridgeHost } from './bridgeHost';
import { MemoryTokenVault, type TokenVault } from './tokenVault';

export const WORKSTATION_VERSION = '0.1.0';

export interface WorkstationHost {
  workstation: Workstation;
  bridge: BridgeHost;
  embeddedHubUrl: string | null;
  close(): Promise<void>;
}

/** Everything browser mode runs in one Node process: local DB, services, embedded hub (unless a hub URL is given), bridge. */
export async function startWorkstationHost(options: {
  dataDir: string;
  rendererDir: string;
  port?: number;
  hubUrl?: string;
  token?: string;
  tokenVault?: TokenVault;
  log?: (line: string) => void;
}): Promise<WorkstationHost> {
  const log = options.log ?? (() => {});
  const { db, recovered } = openLocalDbWithRecovery(join(options.dataDir, 'workstation.db'));
  if (recovered) log(`[local db] ${describeRecovery(recovered).en}`);
  const embedded = options.hubUrl ? null : embeddedHubLauncher(options.dataDir, log);
  const embeddedHub = embedded ? await embedded.start() : null;
  const workstation = createWorkstation({
    db,
    mode: 'browser',
    version: WORKSTATION_VERSION,
    dataDir: options.dataDir,
    tokenVault: options.tokenVault ?? new MemoryTokenVault(),
    defaultHubUrl: async () => options.hubUrl ?? (await embedded!.start()).url,
    embeddedHubUrl: () => embedded?.url() ?? null,
    startupNotice: recovered ? describeRecovery(recovered) : null,
  });
  await workstation.ready;
  const bridge = await startBridgeHost({ workstation, rendererDir: options.rendererDir, port: options.port, token: options.token, log });
  return {
    workstation,
    bridge,
    embeddedHubUrl: embeddedHub?.url ?? null,
    async close() {
      await bridge.close();
      workstation.close();
      await embedded?.stop();
      db.close();
    },
  };
}
