import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { CustomerSessionSchema, LoginSchema, type DemoAccount, type Health, type LoginResponse } from '../shared/protocol/hub';
import type { z } from 'zod';

const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRoutes {
  health(): Health;
  demoAccounts(): DemoAccount[] | null;
  login(input: z.output<typeof LoginSchema>): LoginResponse | null;
  customerSession(input: z.output<typeof CustomerSessionSchema>): { token: string; customerId: string; displayName: string };
}

/** The customer H5 page is static; it talks to the hub over socket.io like every other client. */
function customerPageDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [process.env.AGENT_WORKSTATION_CUSTOMER_PAGE ?? '', join(here, 'customer-page'), join(here, '..', 'server', 'customer-page'), join(process.cwd(), 'server', 'customer-page')];
  return candidates.find((d) => d && existsSync(join(d, 'index.html'))) ?? candidates[1]!;
}

const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/chat': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/chat.js': { file: 'chat.js', type: 'text/javascript; charset=utf-8' },
  '/chat.css': { file: 'chat.css', type: 'text/css; charset=utf-8' },
};

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function createHttpHandler(routes: HttpRoutes) {
  const pageDir = customerPageDir();
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { code: 'INTERNAL', message: 'Internal error' } });
      else res.end();
      console.error('http error', err);
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/healthz') return json(res, 200, routes.health());
    if (req.method === 'GET' && url.pathname === '/api/demo-accounts') {
      const accounts = routes.demoAccounts();
      return accounts ? json(res, 200, accounts) : json(res, 404, { error: { code: 'NOT_FOUND', message: 'This hub has no demo accounts' } });
    }
    if (req.method === 'POST' && url.pathname === '/api/login') {
      const body = LoginSchema.safeParse(await readJson(req));
      if (!body.success) return json(res, 400, { error: { code: 'BAD_REQUEST', message: 'username and password are required' } });
      const session = routes.login(body.data);
      return session ? json(res, 200, session) : json(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'Wrong username or password' } });
    }
    if (req.method === 'POST' && url.pathname === '/api/customer/session') {
      const body = CustomerSessionSchema.safeParse(await readJson(req));
      if (!body.success) return json(res, 400, { error: { code: 'BAD_REQUEST', message: 'invalid session request' } });
      return json(res, 200, routes.customerSession(body.data));
    }
    const page = req.method === 'GET' ? STATIC_FILES[url.pathname] : undefined;
    if (page) {
      const content = await readFile(join(pageDir, page.file));
      res.writeHead(200, { 'Content-Type': page.type, 'Cache-Control': 'no-cache', ...SECURITY_HEADERS });
      res.end(content);
      return;
    }
    json(res, 404, { error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${url.pathname}` } });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}
