/**
 * The writer worker: owns the hub's write connection and commits each batch it is sent in one transaction, in the
 * order the batches arrive, reporting only after the commit returned (synchronous=FULL: the WAL is fsynced by then).
 * Waiting for the disk happens here, so the hub's event loop keeps serving sockets meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { applyOps, openWriterConnection } from './writerOps';
import type { WriterError, WriterReply, WriterRequest } from './writerProtocol';
import { AppFailure } from '../../shared/result';

const port = parentPort;
if (!port) throw new Error('writerWorker.ts runs as a worker thread');

const { file } = workerData as { file: string };
const db = openWriterConnection(file);

port.on('message', (msg: WriterRequest) => {
  if (msg.type === 'batch') {
    let reply: WriterReply;
    try {
      db.transaction(() => applyOps(db, msg.ops))();
      reply = { type: 'committed', id: msg.id };
    } catch (err) {
      reply = { type: 'failed', id: msg.id, error: describe(err) };
    }
    port.postMessage(reply);
  } else {
    db.close();
    port.postMessage({ type: 'closed' } satisfies WriterReply);
    port.close();
  }
});
port.postMessage({ type: 'ready' } satisfies WriterReply);

function describe(err: unknown): WriterError {
  if (!(err instanceof Error)) return { message: String(err) };
  const { code, details } = err as Error & { code?: unknown; details?: unknown };
  return {
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(details === undefined ? {} : { details: safeClone(details) }),
    ...(err instanceof AppFailure ? { appFailure: true } : {}),
  };
}

function safeClone(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return undefined;
  }
}
