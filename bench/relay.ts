/**
 * The anchor for the hub benchmark: a plain socket.io relay that speaks just enough of the hub protocol for the same
 * client driver (token auth, customer.hello, conv.list/conv.sync answered empty, conv.updated on pairing, msg.send
 * acknowledged and pushed as msg.new to the conversation room) but does no validation, persistence, sequencing
 * store or dispatch: a customer is paired with the next connected agent round-robin, in memory.
 * Whatever the hub does beyond this is what the hub costs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Server, type Socket } from 'socket.io';
import { TokenSigner, type Claims } from '../server/auth';

export interface Relay {
  url: string;
  close(): Promise<void>;
}

type Ack = (r: unknown) => void;

export async function startRelay(options: { secret: Buffer; port?: number; host?: string }): Promise<Relay> {
  const signer = new TokenSigner(options.secret);
  const http = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const io = new Server(http, { cors: { origin: false } });
  const agents: string[] = [];
  let nextAgent = 0;
  const seqs = new Map<string, number>();

  io.use((socket, next) => {
    const verdict = signer.verify((socket.handshake.auth as { token?: unknown } | undefined)?.token);
    if (!verdict.ok) return next(new Error(`UNAUTHENTICATED: ${verdict.reason}`));
    socket.data.claims = verdict.claims;
    next();
  });

  io.on('connection', (socket: Socket) => {
    const claims = socket.data.claims as Claims;
    void socket.join(`user:${claims.sub}`);
    if (claims.role !== 'customer' && !agents.includes(claims.sub)) agents.push(claims.sub);
    let conversationId: string | null = null;

    socket.on('customer.hello', (_p: unknown, ack: Ack) => {
      if (!conversationId) {
        conversationId = `RC-${claims.sub}`;
        const owner = agents[nextAgent++ % Math.max(agents.length, 1)];
        if (owner) {
          io.in(`user:${owner}`).socketsJoin(`conv:${conversationId}`);
          io.to(`user:${owner}`).emit('conv.updated', { id: conversationId, ownerId: owner, state: 'assigned' });
        }
      }
      void socket.join(`conv:${conversationId}`);
      ack({ ok: true, value: { conversationId, customerId: claims.sub, displayName: claims.name, messages: [] } });
    });
    socket.on('conv.list', (_p: unknown, ack: Ack) => ack({ ok: true, value: [] }));
    socket.on('conv.sync', (_p: unknown, ack: Ack) => ack({ ok: true, value: [] }));
    socket.on('msg.send', (p: { conversationId: string; clientMsgId: string; text: string }, ack: Ack) => {
      const seq = (seqs.get(p.conversationId) ?? 0) + 1;
      seqs.set(p.conversationId, seq);
      const at = new Date().toISOString();
      const message = {
        id: randomUUID(),
        conversationId: p.conversationId,
        seq,
        clientMsgId: p.clientMsgId,
        senderKind: claims.role === 'customer' ? 'customer' : 'agent',
        senderId: claims.sub,
        senderName: claims.name,
        kind: 'text',
        text: p.text,
        at,
      };
      io.to(`conv:${p.conversationId}`).emit('msg.new', message);
      ack({ ok: true, value: { messageId: message.id, seq, at, duplicate: false } });
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve((http.address() as AddressInfo).port));
  });
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
