import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID, randomInt } from 'node:crypto';
import { Server, type Socket } from 'socket.io';
import { openHubDb, type HubDb } from './db/open';
import { TokenSigner, newSecret, verifyPassword, type Claims } from './auth';
import { getOrCreateMeta } from './repos/meta';
import { findStaffByUsername, getStaff, listStaff } from './repos/staff';
import {
  findOpenConversationOfCustomer,
  getConversation,
  insertConversation,
  listConversationsOwnedBy,
  listOpenConversations,
  updateConversationRouting,
  type ConversationRecord,
} from './repos/conversations';
import { listMessagesAfter } from './repos/messages';
import { MessageStore } from './messageStore';
import { bindRequests } from './socketEvents';
import { demoAccounts, loadDemoOrg, seedDemoOrg, type Org } from './org';
import { createHttpHandler } from './http';
import {
  customerRequests,
  staffRequests,
  type ConversationSummary,
  type CustomerHello,
  type Message,
  type SendAck,
  type User,
} from '../shared/protocol/hub';
import { AppFailure } from '../shared/result';

export const HUB_VERSION = '0.1.0';
const STAFF_TOKEN_TTL_S = 12 * 3600;
const CUSTOMER_TOKEN_TTL_S = 7 * 24 * 3600;
/** socket.io refuses frames above this; below it, zod limits give a typed error. */
const MAX_FRAME_BYTES = 2_000_000;

export interface HubOptions {
  port?: number;
  host?: string;
  dbPath: string;
  demo?: boolean;
  log?: (line: string) => void;
}

export interface Hub {
  url: string;
  port: number;
  db: HubDb;
  close(): Promise<void>;
  /** Test and tooling access to the running pieces. */
  internals: { io: Server; store: MessageStore; signer: TokenSigner };
}

export async function startHub(options: HubOptions): Promise<Hub> {
  const log = options.log ?? ((line: string) => console.log(line));
  const startedAt = Date.now();
  const db = openHubDb(options.dbPath);
  const signer = new TokenSigner(Buffer.from(getOrCreateMeta(db, 'token_secret', newSecret), 'base64'));
  let org: Org | null = null;
  if (options.demo) {
    org = loadDemoOrg();
    seedDemoOrg(db, org);
  }

  // ---- HTTP ----
  const httpHandler = createHttpHandler({
      health: () => ({ status: 'ok', version: HUB_VERSION, uptimeS: Math.round((Date.now() - startedAt) / 1000) }),
      demoAccounts: () => (org ? demoAccounts(org) : null),
      login: ({ username, password }) => {
        const staff = findStaffByUsername(db, username);
        if (!staff || !verifyPassword(password, staff.passwordHash)) return null;
        const user: User = { id: staff.id, role: staff.role, displayName: staff.displayName, branchId: staff.branchId };
        return { token: signer.sign({ sub: staff.id, role: staff.role, name: staff.displayName, branchId: staff.branchId }, STAFF_TOKEN_TTL_S), user };
      },
      customerSession: ({ resumeToken }) => {
        const resumed = resumeToken ? signer.verify(resumeToken) : null;
        if (resumed?.ok && resumed.claims.role === 'customer') {
          return { token: resumeToken!, customerId: resumed.claims.sub, displayName: resumed.claims.name };
        }
        const customerId = `V-${randomInt(100000, 999999)}`;
        const displayName = `访客${customerId.slice(-4)}`;
        return {
          token: signer.sign({ sub: customerId, role: 'customer', name: displayName, branchId: null }, CUSTOMER_TOKEN_TTL_S),
          customerId,
          displayName,
        };
      },
    });


  const http: HttpServer = createServer(httpHandler);
  const io = new Server(http, {
    maxHttpBufferSize: MAX_FRAME_BYTES,
    cors: { origin: false },
    connectionStateRecovery: undefined,
  });

  const store = new MessageStore(db, (messages) => {
    for (const m of messages) {
      io.to(`conv:${m.conversationId}`).emit('msg.new', m);
      const conv = getConversation(db, m.conversationId);
      if (conv) pushConversation(conv);
    }
  });

  /** Connected staff: id → number of live sockets (an agent may have the app open twice). */
  const onlineStaff = new Map<string, number>();

  const toSummary = (c: ConversationRecord): ConversationSummary => ({
    id: c.id,
    customerId: c.customerId,
    customerName: c.customerName,
    branchId: c.branchId,
    channel: c.channel,
    skillGroup: c.skillGroup,
    state: c.state,
    ownerId: c.ownerId,
    lastSeq: c.lastSeq,
    lastMessagePreview: c.lastMessagePreview,
    lastMessageAt: c.lastMessageAt,
    createdAt: c.createdAt,
    firstResponseDueAt: null,
    replyDueAt: null,
  });

  function pushConversation(c: ConversationRecord): void {
    if (c.ownerId) io.to(`user:${c.ownerId}`).emit('conv.updated', toSummary(c));
  }

  /** Foundation routing: the least-loaded online agent, own branch first. Replaced by the dispatch policy. */
  function routeWaiting(): void {
    for (const conv of listOpenConversations(db)) {
      if (conv.ownerId) continue;
      const candidates = listStaff(db)
        .filter((s) => s.role === 'agent' && onlineStaff.has(s.id))
        .map((s) => ({ s, load: listConversationsOwnedBy(db, s.id).length }))
        .filter(({ s, load }) => load < s.capacity)
        .sort((a, b) => Number(b.s.branchId === conv.branchId) - Number(a.s.branchId === conv.branchId) || a.load - b.load);
      const chosen = candidates[0];
      if (!chosen) continue;
      assign(conv, chosen.s.id);
    }
  }

  function assign(conv: ConversationRecord, agentId: string): void {
    updateConversationRouting(db, conv.id, { state: 'assigned', ownerId: agentId });
    io.in(`user:${agentId}`).socketsJoin(`conv:${conv.id}`);
    const updated = getConversation(db, conv.id)!;
    pushConversation(updated);
    log(`assigned ${conv.id} to ${agentId}`);
  }

  function requireConversation(id: string): ConversationRecord {
    const c = getConversation(db, id);
    if (!c) throw new AppFailure('NOT_FOUND', `Conversation ${id} not found`);
    return c;
  }

  function staffMayRead(claims: Claims, c: ConversationRecord): boolean {
    if (claims.role === 'agent') return c.ownerId === claims.sub;
    if (claims.role === 'lead') return c.branchId === claims.branchId || c.ownerId === claims.sub;
    return false;
  }

  // ---- socket authentication ----
  io.use((socket, next) => {
    const verdict = signer.verify((socket.handshake.auth as { token?: unknown } | undefined)?.token);
    if (!verdict.ok) {
      const err = new Error(`UNAUTHENTICATED: ${verdict.reason}`) as Error & { data?: unknown };
      err.data = { code: 'UNAUTHENTICATED', message: verdict.reason };
      return next(err);
    }
    if (verdict.claims.role !== 'customer' && !getStaff(db, verdict.claims.sub)) {
      const err = new Error('UNAUTHENTICATED: unknown staff member') as Error & { data?: unknown };
      err.data = { code: 'UNAUTHENTICATED', message: 'unknown staff member' };
      return next(err);
    }
    socket.data.claims = verdict.claims;
    next();
  });

  const reportError = (event: string, err: unknown) => log(`error handling ${event}: ${err instanceof Error ? err.stack : String(err)}`);

  io.on('connection', (socket: Socket) => {
    const claims = socket.data.claims as Claims;
    if (claims.role === 'customer') bindCustomer(socket, claims);
    else bindStaff(socket, claims);
  });

  function bindStaff(socket: Socket, claims: Claims): void {
    void socket.join(`user:${claims.sub}`);
    for (const c of listConversationsOwnedBy(db, claims.sub)) void socket.join(`conv:${c.id}`);
    if (claims.role === 'agent') {
      onlineStaff.set(claims.sub, (onlineStaff.get(claims.sub) ?? 0) + 1);
      socket.on('disconnect', () => {
        const n = (onlineStaff.get(claims.sub) ?? 1) - 1;
        if (n <= 0) onlineStaff.delete(claims.sub);
        else onlineStaff.set(claims.sub, n);
      });
      setImmediate(routeWaiting);
    }

    bindRequests(
      socket,
      staffRequests,
      {
        'conv.list': () => listOpenConversations(db).filter((c) => staffMayRead(claims, c)).map(toSummary),
        'conv.sync': ({ conversationId, afterSeq }) => {
          const c = requireConversation(conversationId);
          if (!staffMayRead(claims, c)) throw new AppFailure('FORBIDDEN', 'Not your conversation');
          return listMessagesAfter(db, conversationId, afterSeq);
        },
        'msg.send': async ({ conversationId, clientMsgId, text }): Promise<SendAck> => {
          const c = requireConversation(conversationId);
          if (claims.role === 'qa') throw new AppFailure('FORBIDDEN', 'QA reviewers cannot send messages');
          if (c.ownerId !== claims.sub) throw new AppFailure('FORBIDDEN', 'Only the owner of a conversation may write to the customer');
          if (c.closedAt) throw new AppFailure('INVALID_TRANSITION', 'The conversation is closed');
          const staff = getStaff(db, claims.sub)!;
          const { message, duplicate } = await store.append({
            conversationId,
            clientMsgId,
            senderKind: claims.role === 'lead' ? 'lead' : 'agent',
            senderId: claims.sub,
            senderName: staff.displayName,
            kind: 'text',
            text,
          });
          if (!duplicate && c.state === 'assigned') {
            updateConversationRouting(db, c.id, { state: 'active', ownerId: c.ownerId });
            pushConversation(getConversation(db, c.id)!);
          }
          return { messageId: message.id, seq: message.seq, at: message.at, duplicate };
        },
        typing: ({ conversationId, typing }) => {
          const c = requireConversation(conversationId);
          if (c.ownerId !== claims.sub) throw new AppFailure('FORBIDDEN', 'Not your conversation');
          socket.to(`conv:${conversationId}`).emit('typing', { conversationId, senderKind: 'agent', typing });
          return null;
        },
      },
      reportError,
    );
  }

  function bindCustomer(socket: Socket, claims: Claims): void {
    const ensureConversation = (): ConversationRecord => {
      const open = findOpenConversationOfCustomer(db, claims.sub);
      if (open) return open;
      const conv: ConversationRecord = {
        id: `CV-${randomUUID()}`,
        customerId: claims.sub,
        customerName: claims.name,
        branchId: claims.branchId,
        channel: 'h5',
        skillGroup: '开户',
        state: 'queued',
        ownerId: null,
        lastSeq: 0,
        lastMessagePreview: '',
        lastMessageAt: null,
        createdAt: new Date().toISOString(),
        closedAt: null,
      };
      insertConversation(db, conv);
      setImmediate(routeWaiting);
      return conv;
    };
    const ownConversation = (id: string): ConversationRecord => {
      const c = requireConversation(id);
      if (c.customerId !== claims.sub) throw new AppFailure('FORBIDDEN', 'Not your conversation');
      return c;
    };

    bindRequests(
      socket,
      customerRequests,
      {
        'customer.hello': (): CustomerHello => {
          const conv = ensureConversation();
          void socket.join(`conv:${conv.id}`);
          return {
            conversationId: conv.id,
            customerId: claims.sub,
            displayName: claims.name,
            messages: listMessagesAfter(db, conv.id, 0, 500).filter(customerVisible),
          };
        },
        'conv.sync': ({ conversationId, afterSeq }) =>
          listMessagesAfter(db, ownConversation(conversationId).id, afterSeq).filter(customerVisible),
        'msg.send': async ({ conversationId, clientMsgId, text }): Promise<SendAck> => {
          const c = ownConversation(conversationId);
          if (c.closedAt) throw new AppFailure('INVALID_TRANSITION', 'This conversation has ended; please start a new one');
          void socket.join(`conv:${c.id}`);
          const { message, duplicate } = await store.append({
            conversationId,
            clientMsgId,
            senderKind: 'customer',
            senderId: claims.sub,
            senderName: claims.name,
            kind: 'text',
            text,
          });
          return { messageId: message.id, seq: message.seq, at: message.at, duplicate };
        },
        typing: ({ conversationId, typing }) => {
          const c = ownConversation(conversationId);
          socket.to(`conv:${c.id}`).emit('typing', { conversationId, senderKind: 'customer', typing });
          return null;
        },
      },
      reportError,
    );
  }

  const port = await new Promise<number>((resolvePort, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolvePort((http.address() as AddressInfo).port));
  });
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host}:${port}`;

  return {
    url,
    port,
    db,
    internals: { io, store, signer },
    async close() {
      store.flushNow();
      await new Promise<void>((r) => io.close(() => r()));
      db.close();
    },
  };
}

function customerVisible(m: Message): boolean {
  return m.kind !== 'whisper';
}
