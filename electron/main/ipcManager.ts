/**
 * The one place IPC handlers are registered. Written against tiny interfaces rather than 'electron' itself so that
 * the sender check can be tested under Node with fakes.
 */
import { requests, requestNames, type WorkstationHandlers } from '../../shared/ipc/contract';
import { dispatchRequest } from '../../shared/ipc/dispatch';
import { fail, type Result } from '../../shared/result';

export interface FrameLike {
  url: string;
}
export interface InvokeEventLike {
  senderFrame: FrameLike | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/**
 * A frame is trusted when it is the top frame of one of the app's own windows and shows the app's own page.
 * `isAppFrame` answers the first half (identity, not URL, so an iframe or a navigated page cannot pass by URL alone).
 */
export function createSenderGuard(options: { isAppFrame: (frame: FrameLike) => boolean; appUrlPrefixes: readonly string[] }) {
  return (frame: FrameLike | null): boolean =>
    !!frame && options.isAppFrame(frame) && options.appUrlPrefixes.some((prefix) => frame.url.startsWith(prefix));
}

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: WorkstationHandlers,
  isTrustedSender: (frame: FrameLike | null) => boolean,
  log: (line: string) => void = () => {},
): () => void {
  for (const name of requestNames) {
    const { channel } = requests[name];
    ipcMain.handle(channel, async (event, input): Promise<Result<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        log(`refused ${channel} from untrusted frame ${event.senderFrame?.url ?? '(none)'}`);
        return fail('FORBIDDEN', 'This request did not come from the workstation window');
      }
      return dispatchRequest(handlers, name, input);
    });
  }
  return () => {
    for (const name of requestNames) ipcMain.removeHandler(requests[name].channel);
  };
}
