/** Every request across a process or network boundary answers with this shape. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'ALREADY_TAKEN'
  | 'CAPACITY_FULL'
  | 'INVALID_TRANSITION'
  | 'COMPLIANCE_BLOCKED'
  | 'SUITABILITY_DENIED'
  | 'ACK_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNKNOWN_EVENT'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Optional structured detail (for example the compliance hits or zod issues). */
  details?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: unknown): { ok: false; error: AppError } => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** Thrown inside services; transports turn it into `{ ok: false, error }`. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppFailure) return err.details === undefined ? { code: err.code, message: err.message } : { code: err.code, message: err.message, details: err.details };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
