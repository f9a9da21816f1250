import type { WorkstationApi } from '../../shared/ipc/contract';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in browser mode. Typed from the contract, not by hand. */
    workstation?: WorkstationApi;
  }
}

export {};
