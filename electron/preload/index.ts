/**
 * The preload exposes actions, one function per contract request, and a subscription limited to the contract's push
 * events. Never ipcRenderer itself, never a generic send or invoke.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { pushEventNames, requestNames, requests, type PushEventName } from '../../shared/ipc/contract';

const api: Record<string, unknown> = {};
for (const name of requestNames) {
  const channel = requests[name].channel;
  api[name] = (input: unknown) => ipcRenderer.invoke(channel, input ?? {});
}
api.on = (event: PushEventName, listener: (payload: unknown) => void) => {
  if (!pushEventNames.includes(event) || typeof listener !== 'function') throw new Error(`Unknown event ${String(event)}`);
  const channel = `push:${event}`;
  const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => ipcRenderer.removeListener(channel, wrapped);
};

contextBridge.exposeInMainWorld('workstation', Object.freeze(api));
