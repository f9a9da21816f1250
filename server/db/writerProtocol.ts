import type { WriteOp } from './writerOps';

/** Main thread → writer worker. Batches are committed in the order they are posted. */
export type WriterRequest = { type: 'batch'; id: number; ops: readonly WriteOp[] } | { type: 'close' };

/** A failed batch's error, as plain data (an AppFailure keeps its code and details). */
export interface WriterError {
  message: string;
  code?: string;
  details?: unknown;
  appFailure?: boolean;
}

/** Writer worker → main thread. `committed` is sent only after the transaction's commit returned. */
export type WriterReply =
  | { type: 'ready' }
  | { type: 'committed'; id: number }
  | { type: 'failed'; id: number; error: WriterError }
  | { type: 'closed' };
