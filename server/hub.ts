import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Server, type Socket } from 'socket.io';
import { openHubDb, type HubDb } from './db/open';
import { TokenSigner, newSecret, verifyPassword, type Claims } from './auth';
import { getOrCreateMeta } from './repos/meta';
import { findStaffByUsername, getStaff } from './repos/staff';
import { bindRequests } from './socketEvents';
import { demoAccounts, loadDemoOrg, seedDemoOrg, type Org } from './org';
import { createHttpHandler } from './http';
import { QaService } from './qa/service';
import { KnowledgeService } from './knowledge/service';
import { HubService, DEFAULT_ROUTING, type HubNotifier, type Principal, type RoutingOptions } from './service';
import { answerAfterCommit } from './db/groupCommit';
import { customerRequests, staffRequests, type CustomerHello, type User } from '../shared/protocol/hub';
import { countCustomers, getCustomer, importCustomersJsonl } from './customers/repository';
import { maskName } from '../shared/masking/mask';
import { resourcePath } from './resources';
import { readFileSync } from 'node:fs';

/** Demo mode loads the demo customer profiles once, into an empty customers table. */
function seedDemoCustomers(db: HubDb, log: (line: string) => void): void {
  if (countCustomers(db) > 0) return;
  const report = importCustomersJsonl(db, readFileSync(resourcePath('customers/customers.jsonl'), 'utf8'));
  if (report.errors.length) log(`demo customers: ${report.errors.length} lines rejected, first: ${report.errors[0]!.message}`);
}

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
  routing?: Partial<RoutingOptions>;
  log?: (line: string) => void;
  now?: () => number;
}

export interface Hub {
  url: string;
  port: number;
  db: HubDb;
  service: HubService;
  close(): Promise<void>;
  /** Test and tooling access to the running pieces. */
  internals: { io: Server; signer: TokenSigner };
}

const principalOf = (c: Claims): Principal => ({ id: c.sub, role: c.role, name: c.name, branchId: c.branchId });

export async function startHub(options: HubOptions): Promise<Hub> {
  const log = options.log ?? ((line: string) => console.log(line));
  const startedAt = Date.now();
  const db = openHubDb(options.dbPath);
  const signer = new TokenSigner(Buffer.from(getOrCreateMeta(db, 'token_secret', newSecret), 'base64'));
  let org: Org | null = null;
  if (options.demo) {
    org = loadDemoOrg();
    seedDemoOrg(db, org);
    seedDemoCustomers(db, log);
  }

  const httpHandler = createHttpHandler({
    health: () => ({ status: 'ok', version: HUB_VERSION, uptimeS: Math.round((Date.now() - startedAt) / 1000) }),
    demoAccounts: () => (org ? demoAccounts(org) : null),
    login: ({ username, password }) => {
      const staff = findStaffByUsername(db, username);
      if (!staff || !verifyPassword(password, staff.passwordHash)) return null;
      const user: User = { id: staff.id, role: staff.role, displayName: staff.displayName, branchId: staff.branchId };
      return {
        token: signer.sign({ sub: staff.id, role: staff.role, name: staff.displayName, branchId: staff.branchId }, STAFF_TOKEN_TTL_S),
        user,
      };
    },
    customerSession: ({ resumeToken, customerId: asked }) => {
      const resumed = resumeToken ? signer.verify(resumeToken) : null;
      if (resumed?.ok && resumed.claims.role === 'customer') {
        return { token: resumeToken!, customerId: resumed.claims.sub, displayName: resumed.claims.name };
      }
      // Demo only: the chat page may name a demo customer (?customer=C0001) to play a known profile.
      const profile = options.demo && asked ? getCustomer(db, asked) : undefined;
      if (profile) {
        const masked = maskName(profile.name);
        return {
          token: signer.sign({ sub: profile.id, role: 'customer', name: masked, branchId: profile.branchId }, CUSTOMER_TOKEN_TTL_S),
          customerId: profile.id,
          displayName: masked,
        };
      }
      // Random enough that visitors never collide (two visitors sharing an id would share a conversation).
      const customerId = `V-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
      const displayName = `访客${customerId.slice(-4).toUpperCase()}`;
      return {
        token: signer.sign({ sub: customerId, role: 'customer', name: displayName, branchId: null }, CUSTOMER_TOKEN_TTL_S),
        customerId,
        displayName,
      };
    },
  });

  const http: HttpServer = createServer(httpHandler);
  const io = new Server(http, { maxHttpBufferSize: MAX_FRAME_BYTES, cors: { origin: false } });

  const room = {
    user: (id: string) => `user:${id}`,
    staff: (conversationId: string) => `conv:${conversationId}:staff`,
    customer: (conversationId: string) => `conv:${conversationId}:customer`,
    leads: (branchId: string) => `leads:${branchId}`,
  };
  // socket.io encodes a packet before it looks for the room's members: a push to nobody (a branch without a lead
  // online, an agent who disconnected) is skipped here instead of being serialised for nothing. The hub is one
  // process with socket.io's in-memory adapter, so the local room table knows every member.
  const occupied = (name: string) => (io.sockets.adapter.rooms.get(name)?.size ?? 0) > 0;
  const notifier: HubNotifier = {
    toConversation(conversationId, audience, event, payload) {
      const rooms = (audience === 'all' ? [room.staff(conversationId), room.customer(conversationId)] : [audience === 'staff' ? room.staff(conversationId) : room.customer(conversationId)]).filter(occupied);
      if (rooms.length > 0) io.to(rooms).emit(event, payload);
    },
    toUser(userId, event, payload) {
      const name = room.user(userId);
      if (occupied(name)) io.to(name).emit(event, payload);
    },
    toBranchLeads(branchId, event, payload) {
      const name = room.leads(branchId);
      if (occupied(name)) io.to(name).emit(event, payload);
    },
    follow(userId, conversationId, audience) {
      io.in(room.user(userId)).socketsJoin(audience === 'customer' ? room.customer(conversationId) : room.staff(conversationId));
    },
    unfollow(userId, conversationId) {
      io.in(room.user(userId)).socketsLeave(room.staff(conversationId));
    },
  };
  const service = new HubService(db, notifier, { ...DEFAULT_ROUTING, ...options.routing }, options.now, log);
  const knowledge = new KnowledgeService(db);
  if (options.demo) knowledge.seedDemo(log);
  const qa = new QaService(db, service.commit, () => new Date((options.now ?? Date.now)()).toISOString());

  // ---- socket authentication ----
  io.use((socket, next) => {
    const verdict = signer.verify((socket.handshake.auth as { token?: unknown } | undefined)?.token);
    const refuse = (message: string) => {
      const err = new Error(`UNAUTHENTICATED: ${message}`) as Error & { data?: unknown };
      err.data = { code: 'UNAUTHENTICATED', message };
      next(err);
    };
    if (!verdict.ok) return refuse(verdict.reason);
    if (verdict.claims.role !== 'customer' && !getStaff(db, verdict.claims.sub)) return refuse('unknown staff member');
    socket.data.claims = verdict.claims;
    next();
  });

  const reportError = (event: string, err: unknown) => log(`error handling ${event}: ${err instanceof Error ? err.stack : String(err)}`);

  io.on('connection', (socket: Socket) => {
    const claims = socket.data.claims as Claims;
    void socket.join(room.user(claims.sub));
    if (claims.role === 'customer') bindCustomer(socket, principalOf(claims));
    else bindStaff(socket, principalOf(claims));
  });

  function bindStaff(socket: Socket, me: Principal): void {
    if (me.role === 'lead' && me.branchId) void socket.join(room.leads(me.branchId));
    if (me.role !== 'qa') {
      service.agentConnected(me);
      socket.on('disconnect', () => service.agentDisconnected(me));
    }
    bindRequests(
      socket,
      staffRequests,
      answerAfterCommit(service.commit, {
        'conv.list': () => service.listFor(me),
        'conv.sync': ({ conversationId, afterSeq }) => service.syncFor(me, conversationId, afterSeq),
        'conv.history': ({ conversationId }) => service.historyFor(me, conversationId),
        'msg.send': (input) => service.staffSend(me, input),
        typing: ({ conversationId, typing }) => {
          // Only the staff member serving the customer shows as typing to them (not a monitoring lead).
          service.assertOwner(me, conversationId);
          socket.to(room.customer(conversationId)).emit('typing', { conversationId, senderKind: 'agent', typing });
          return null;
        },
        'agent.status': ({ status }) => service.setStatus(me, status),
        'pool.list': () => service.poolFor(me),
        'ticket.grab': ({ conversationId }) => service.grab(me, conversationId),
        'ticket.transfer': (input) => service.transfer(me, input),
        'ticket.escalate': (input) => service.escalate(me, input),
        'ticket.resolve': (input) => service.resolve(me, input),
        'ticket.close': (input) => service.closeTicket(me, input),
        'lead.takeOver': ({ conversationId }) => service.leadAction(me, { kind: 'takeOver', conversationId }),
        'lead.reassign': (input) => service.leadAction(me, { kind: 'reassign', ...input }),
        'lead.return': (input) => service.leadAction(me, { kind: 'return', ...input }),
        'directory.list': () => service.directory(),
        'compliance.shown': (input) => service.reportWarningsShown(me, input),
        'customer.profile': ({ customerId }) => service.profileFor(me, customerId),
        'customer.reveal': (input) => service.reveal(me, input),
        'catalog.get': () => service.catalogView(),
        'product.check': (input) => service.checkPush(me, input),
        'product.push': (input) => service.pushProduct(me, input),
        'card.send': (input) => service.sendCard(me, input),
        'lead.monitor': (input) => service.monitor(me, input),
        'whisper.send': (input) => service.whisper(me, input),
        'team.board': () => service.teamBoard(me),
        'dashboard.get': ({ range }) => service.dashboard(me, range),
        'kb.changes': ({ cursor }) => knowledge.changes(me, cursor),
        'kb.like': ({ articleId }) => knowledge.like(me, articleId),
        'kb.quoted': ({ articleId }) => knowledge.quoted(me, articleId),
        'kb.propose': (input) => knowledge.propose(me, input),
        'kb.insight': (input) => knowledge.insight(me, input),
        'kb.pending': () => knowledge.pending(me),
        'kb.decide': (input) => knowledge.decide(me, input),
        'qa.plans': () => qa.plans(),
        'qa.sample.draw': (input) => qa.draw(me, input),
        'qa.samples': () => qa.samples(me),
        'qa.replay': ({ conversationId }) => qa.replay(me, conversationId),
        'qa.comment': (input) => qa.comment(me, input),
        'qa.review': (input) => qa.review(me, input),
        'qa.spotchecks': (input) => qa.spotChecks(me, input),
        'qa.disagreements': (input) => qa.disagreements(me, input),
        'qa.myResults': () => qa.myResults(me),
        'qa.appeal': (input) => qa.appeal(me, input),
        'qa.appeals': () => qa.appeals(me),
        'qa.decide': (input) => qa.decide(me, input),
        'qa.report': (input) => qa.report(me, input),
      }),
      reportError,
    );
  }

  function bindCustomer(socket: Socket, me: Principal): void {
    bindRequests(
      socket,
      customerRequests,
      answerAfterCommit(service.commit, {
        'customer.hello': ({ entryPoint }): CustomerHello => {
          const { conversation, messages } = service.customerHello(me, entryPoint);
          return { conversationId: conversation.id, customerId: me.id, displayName: me.name, messages };
        },
        'conv.sync': ({ conversationId, afterSeq }) => service.customerSync(me, conversationId, afterSeq),
        'msg.send': (input) => service.customerSend(me, input),
        typing: ({ conversationId, typing }) => {
          service.customerSync(me, conversationId, Number.MAX_SAFE_INTEGER); // access check
          socket.to(room.staff(conversationId)).emit('typing', { conversationId, senderKind: 'customer', typing });
          return null;
        },
        'customer.leave': ({ conversationId }) => service.customerLeave(me, conversationId),
        'csat.submit': (input) => service.customerRate(me, input),
        'push.confirm': (input) => service.confirmPush(me, input),
      }),
      reportError,
    );
  }

  const port = await new Promise<number>((resolvePort, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolvePort((http.address() as AddressInfo).port));
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url,
    port,
    db,
    service,
    internals: { io, signer },
    async close() {
      await service.close();
      await new Promise<void>((r) => io.close(() => r()));
      db.close();
    },
  };
}
