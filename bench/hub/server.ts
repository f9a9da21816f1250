/**
 * Child process of the hub benchmark: runs the server under test (the real hub, or the plain relay) alone in its
 * process so that its CPU and memory are measured apart from the clients. Started by bench/hub.ts with
 * `node --import tsx bench/hub/server.ts hub|relay DB_PATH SECRET_B64`; answers { type: 'stats' } over IPC.
 */
import { startHub } from '../../server/hub';
import { monotonicMs } from '../../server/simulator/connection';
import { startRelay } from '../relay';
import { readProcessStats, type ParentToServer, type ServerToParent } from './ipc';

const [kind, dbPath, secretB64] = process.argv.slice(2);
const send = (m: ServerToParent) => process.send!(m);

async function main() {
  let close: () => Promise<void>;
  if (kind === 'hub') {
    const hub = await startHub({ dbPath: dbPath!, log: () => {} });
    close = () => hub.close();
    send({ type: 'ready', url: hub.url });
  } else if (kind === 'relay') {
    const relay = await startRelay({ secret: Buffer.from(secretB64!, 'base64') });
    close = () => relay.close();
    send({ type: 'ready', url: relay.url });
  } else {
    throw new Error(`unknown server kind ${kind}`);
  }
  process.on('message', (m: ParentToServer) => {
    if (m.type === 'stats') send({ type: 'stats', stats: readProcessStats(monotonicMs()) });
    if (m.type === 'stop') void close().finally(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
}

main().catch((err: unknown) => {
  send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
