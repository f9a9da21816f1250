/**
 * One place where a raw request from any transport is validated and handed to the services. Electron's IPC manager
 * and the browser-mode bridge both call this, so validation and error shape cannot drift between them.
 */
import { requests, type RequestName, type WorkstationHandlers } from './contract';
import { fail, ok, toAppError, type Result } from '../result';

export async function dispatchRequest(
  handlers: WorkstationHandlers,
  name: string,
  rawInput: unknown,
): Promise<Result<unknown>> {
  if (!Object.prototype.hasOwnProperty.call(requests, name)) {
    return fail('UNKNOWN_EVENT', `Unknown request "${String(name).slice(0, 80)}"`);
  }
  const request = requests[name as RequestName];
  let parsed: ReturnType<typeof request.input.safeParse>;
  try {
    parsed = request.input.safeParse(rawInput ?? {});
  } catch (err) {
    // A hostile object (a getter that throws) must still get a typed answer, not a rejected promise.
    return fail('BAD_REQUEST', `Invalid input for ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!parsed.success) {
    return fail('BAD_REQUEST', `Invalid input for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, parsed.error.issues);
  }
  try {
    const handler = handlers[name as RequestName] as (input: unknown) => unknown;
    return ok(await handler(parsed.data));
  } catch (err) {
    return { ok: false, error: toAppError(err) };
  }
}
