/**
 * The renderer's only door to the services. In Electron the preload exposes `window.workstation`; in browser mode the
 * same `WorkstationApi` is carried over a WebSocket to the Node host (`npm run web`). Components never know which.
 */
import type { WorkstationApi } from '../../shared/ipc/contract';
import { createSocketApi, type BridgeLink, type LinkState } from './bridge/socketApi';

export type { BridgeLink, LinkState };

const TOKEN_KEY = 'workstation.bridgeToken';

let cached: { api: WorkstationApi; link: BridgeLink } | null = null;

/** An always-open link for Electron, where IPC does not drop. */
const electronLink: BridgeLink = {
  getState: () => 'open',
  getDetail: () => undefined,
  subscribe: () => () => {},
  onReconnected: () => () => {},
  close: () => {},
};

/**
 * Reads the per-run token from `?token=`, keeps it in sessionStorage so a reload still works, and removes it from the
 * address bar so it does not end up in screenshots, history or a copied link.
 */
export function takeBridgeToken(): string | null {
  const url = new URL(window.location.href);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromQuery);
    } catch {
      /* storage disabled: the token still works for this page load */
    }
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromQuery;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function connect(): { api: WorkstationApi; link: BridgeLink } {
  if (window.workstation) return { api: window.workstation, link: electronLink };
  const token = takeBridgeToken() ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/bridge?token=${encodeURIComponent(token)}`;
  return createSocketApi({ url });
}

export function getApi(): WorkstationApi {
  cached ??= connect();
  return cached.api;
}

export function getBridgeLink(): BridgeLink {
  cached ??= connect();
  return cached.link;
}
