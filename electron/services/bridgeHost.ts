import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatchRequest } from '../../shared/ipc/dispatch';
import { pushEventNames } from '../../shared/ipc/contract';
import type { Workstation } from './workstation';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/csp';

const MAX_FRAME_BYTES = 1_000_000;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface BridgeHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Browser mode: serves the built renderer and carries the IPC contract over a loopback WebSocket. Only a client that
 * presents this run's random token, from this host's own origin, is let in; every request goes through the same
 * validated dispatch as Electron's IPC.
 */
export async function startBridgeHost(options: {
  workstation: Workstation;
  rendererDir: string;
  port?: number;
  token?: string;
  log?: (line: string) => void;
}): Promise<BridgeHost> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const log = options.log ?? (() => {});
  const { workstation } = options;

  const http = createServer((req, res) => {
    serveStatic(options.rendererDir, req, res).catch(() => {
      res.writeHead(500).end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const clients = new Set<WebSocket>();

  let port = 0;
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const allowedOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (url.pathname !== '/bridge' || !tokenMatches(url.searchParams.get('token'), token) || (origin && !allowedOrigins.includes(origin))) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      void handleFrame(ws, isBinary ? null : data.toString());
    });
  });

  async function handleFrame(ws: WebSocket, text: string | null) {
    let frame: unknown;
    try {
      frame = text === null ? null : JSON.parse(text);
    } catch {
      frame = null;
    }
    const f = frame as { id?: unknown; method?: unknown; input?: unknown } | null;
    const id = f && (typeof f.id === 'number' || typeof f.id === 'string') ? f.id : null;
    const result =
      !f || typeof f !== 'object' || typeof f.method !== 'string'
        ? { ok: false as const, error: { code: 'BAD_REQUEST' as const, message: 'A bridge frame is JSON { id, method, input }' } }
        : await dispatchRequest(workstation.handlers, f.method, f.input);
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
  }

  for (const event of pushEventNames) {
    workstation.events.on(event, (payload: unknown) => {
      const text = JSON.stringify({ event, payload });
      for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
    });
  }

  port = await new Promise<number>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port));
  });
  log(`bridge on 127.0.0.1:${port}`);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const ws of clients) ws.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
  const file = normalize(join(root, path));
  if (!file.startsWith(normalize(root) + sep) || req.method !== 'GET') {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Same policy as the Electron window (frame-ancestors only works as a header, not in the page's meta tag).
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}
