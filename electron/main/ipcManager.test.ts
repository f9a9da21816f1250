import { describe, expect, it } from 'vitest';
import { createSenderGuard, registerIpcHandlers, type FrameLike, type IpcMainLike, type InvokeEventLike } from './ipcManager';
import { requests, requestNames, type WorkstationHandlers } from '../../shared/ipc/contract';
import { DEFAULT_SETTINGS } from '../../shared/ipc/contract';

function fakeIpcMain() {
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipc, handlers };
}

const calls: string[] = [];
const services = new Proxy({} as WorkstationHandlers, {
  get: (_t, name: string) => (input: unknown) => {
    calls.push(name);
    return name === 'getSettings' ? DEFAULT_SETTINGS : input;
  },
});

describe('IPC manager', () => {
  const appFrame: FrameLike = { url: 'file:///app/out/renderer/index.html' };
  const guard = createSenderGuard({ isAppFrame: (f) => f === appFrame, appUrlPrefixes: ['file:///app/out/renderer/'] });

  it('registers exactly one handler per contract request', () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpcHandlers(ipc, services, guard);
    expect([...handlers.keys()].sort()).toEqual(requestNames.map((n) => requests[n].channel).sort());
  });

  it('answers the app window and refuses any other frame, without calling the service', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpcHandlers(ipc, services, guard);
    const handle = handlers.get('settings.get')!;
    calls.length = 0;
    await expect(handle({ senderFrame: appFrame }, {})).resolves.toEqual({ ok: true, value: DEFAULT_SETTINGS });
    expect(calls).toEqual(['getSettings']);

    const impostors: (FrameLike | null)[] = [
      null,
      { url: 'https://evil.example/' },
      // same URL as the app but a different frame (an iframe or a second, foreign window)
      { url: 'file:///app/out/renderer/index.html' },
    ];
    for (const frame of impostors) {
      const result = (await handle({ senderFrame: frame }, {})) as { ok: boolean; error?: { code: string } };
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls).toEqual(['getSettings']);
  });

  it('refuses the app frame once it has navigated away from the app', async () => {
    const { ipc, handlers } = fakeIpcMain();
    const navigated: FrameLike = { url: 'file:///app/out/renderer/index.html' };
    const g = createSenderGuard({ isAppFrame: (f) => f === navigated, appUrlPrefixes: ['file:///app/out/renderer/'] });
    registerIpcHandlers(ipc, services, g);
    navigated.url = 'https://evil.example/phish';
    const result = await handlers.get('settings.get')!({ senderFrame: navigated }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('validates payloads from the trusted frame with the contract schema', async () => {
    const { ipc, handlers } = fakeIpcMain();
    registerIpcHandlers(ipc, services, guard);
    const result = await handlers.get('drafts.save')!({ senderFrame: appFrame }, { conversationId: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
