import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from './hub';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from './testing/clients';
import type { ConversationSummary, CustomerHello, Message, SendAck } from '../shared/protocol/hub';

let dir: string;
let hub: Hub;
const sockets: Socket[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lifecycle-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {} });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

async function staff(username: string) {
  const { token } = await loginStaff(hub.url, username);
  const s = connectSocket(hub.url, token);
  sockets.push(s);
  await waitConnected(s);
  return s;
}

/** The hub writes lifecycle changes in its next group commit: give it that moment before reading the database. */
const settled = () => new Promise((r) => setTimeout(r, 50));

async function customer(first: string | null = '你好,我想开通创业板', entryPoint?: string, customerId?: string) {
  const session = await customerSession(hub.url, customerId ? { customerId } : {});
  const socket = connectSocket(hub.url, session.token);
  sockets.push(socket);
  await waitConnected(socket);
  const hello = await request<CustomerHello>(socket, 'customer.hello', entryPoint ? { entryPoint } : {});
  if (!hello.ok) throw new Error(hello.error.message);
  const conversationId = hello.value.conversationId;
  if (first) await request<SendAck>(socket, 'msg.send', { conversationId, clientMsgId: `first-${Math.random().toString(36).slice(2, 10)}`, text: first });
  return { socket, conversationId };
}

const transitions = (conversationId: string) =>
  (hub.db.prepare('SELECT from_state, to_state, actor_kind, event FROM ticket_transitions WHERE conversation_id = ? ORDER BY id').all(conversationId) as {
    from_state: string;
    to_state: string;
    actor_kind: string;
    event: string;
  }[]).map((t) => `${t.from_state}>${t.to_state}`);

describe('ticket lifecycle through the hub', () => {
  it('classifies by entry point and by keywords of the first message', async () => {
    const a = await customer(null, 'margin');
    const b = await customer('How do I open a Hong Kong Stock Connect account?');
    const c = await customer('两融利率多少');
    await settled();
    const group = (id: string) => (hub.db.prepare('SELECT skill_group FROM conversations WHERE id = ?').get(id) as { skill_group: string }).skill_group;
    expect(group(a.conversationId)).toBe('两融');
    expect(['english', '港股通']).toContain(group(b.conversationId));
    expect(group(c.conversationId)).toBe('两融');
  });

  it("previews the customer's question, not the hub's own notes, when a chat is assigned", async () => {
    const agent = await staff('agent01');
    const updates: ConversationSummary[] = [];
    agent.on('conv.updated', (s: ConversationSummary) => updates.push(s));
    const c = await customer('请问两融怎么开通');
    // The assignment writes a system note ("… 为您服务") into the transcript; wait until it is stored.
    const systemNotes = () => (hub.db.prepare("SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ? AND sender_kind = 'system'").get(c.conversationId) as { n: number }).n;
    await expect.poll(systemNotes).toBeGreaterThan(0);
    await settled();
    const mine = updates.filter((u) => u.id === c.conversationId && u.ownerId === 'agent01');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.at(-1)!.lastMessagePreview).toBe('请问两融怎么开通');
  });

  it('resolves, asks the customer for a rating and records it; a closed ticket accepts no message', async () => {
    const agent = await staff('agent01');
    const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (s) => s.ownerId === 'agent01');
    const c = await customer();
    const { id } = await assigned;
    await request(agent, 'msg.send', { conversationId: id, clientMsgId: 'reply-00001', text: '您好,已为您查询。' });
    const csatAsked = nextEvent<{ conversationId: string }>(c.socket, 'csat.request');
    expect(await request(agent, 'ticket.resolve', { conversationId: id, summary: '已解答创业板开通条件' })).toMatchObject({ ok: true });
    expect((await csatAsked).conversationId).toBe(id);
    expect(await request(c.socket, 'csat.submit', { conversationId: id, score: 5, comment: '很专业' })).toMatchObject({ ok: true });
    // The rating changes no state, yet it must be stored at once: a hub restart before the close keeps it.
    await settled();
    const storedCsat = () => JSON.parse((hub.db.prepare('SELECT snapshot FROM tickets WHERE conversation_id = ?').get(id) as { snapshot: string }).snapshot).snapshot.context.csat;
    expect(storedCsat()).toMatchObject({ score: 5 });
    const ended = nextEvent(c.socket, 'conv.ended');
    expect(await request(agent, 'ticket.close', { conversationId: id })).toMatchObject({ ok: true });
    await ended;
    await settled();
    const late = await request(agent, 'msg.send', { conversationId: id, clientMsgId: 'too-late-001', text: '还在吗' });
    expect(late).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(transitions(id)).toEqual(['bot>queued', 'queued>assigned', 'assigned>awaitingCustomer', 'awaitingCustomer>resolved', 'resolved>closed']);
    const snapshot = JSON.parse((hub.db.prepare('SELECT snapshot FROM tickets WHERE conversation_id = ?').get(id) as { snapshot: string }).snapshot);
    expect(snapshot.snapshot.context.csat).toMatchObject({ score: 5, comment: '很专业' });
  });

  it('transfers a chat to another agent with its history, and the first owner can no longer write', async () => {
    const a1 = await staff('agent01');
    const assigned = nextEvent<ConversationSummary>(a1, 'conv.updated', (s) => s.ownerId === 'agent01');
    await customer('我要开户');
    const { id } = await assigned;
    await request(a1, 'msg.send', { conversationId: id, clientMsgId: 'a1-msg-0001', text: '请稍等' });
    const a2 = await staff('agent02');
    const arrived = nextEvent<ConversationSummary>(a2, 'conv.updated', (s) => s.id === id && s.ownerId === 'agent02');
    expect(await request(a1, 'ticket.transfer', { conversationId: id, toAgentId: 'agent02', note: '客户咨询两融,转专席' })).toMatchObject({ ok: true });
    await arrived;
    const history = await request<Message[]>(a2, 'conv.sync', { conversationId: id, afterSeq: 0 });
    expect(history.ok && history.value.map((m) => m.text)).toEqual(expect.arrayContaining(['我要开户', '请稍等', expect.stringContaining('客户咨询两融')]));
    expect(await request(a1, 'msg.send', { conversationId: id, clientMsgId: 'a1-msg-0002', text: '还是我' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(a1, 'conv.sync', { conversationId: id, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('rejects an action the lifecycle does not allow with a clear error naming the state', async () => {
    const agent = await staff('agent01');
    const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (s) => s.ownerId === 'agent01');
    await customer();
    const { id } = await assigned;
    const r = await request(agent, 'ticket.resolve', { conversationId: id });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION', message: expect.stringContaining('"assigned"') } });
  });

  it('marks a chat abandoned when the customer leaves while queued', async () => {
    const c = await customer();
    expect(await request(c.socket, 'customer.leave', { conversationId: c.conversationId })).toMatchObject({ ok: true });
    await settled();
    expect(transitions(c.conversationId)).toEqual(['bot>queued', 'queued>abandoned']);
    const again = await request<CustomerHello>(c.socket, 'customer.hello', {});
    expect(again.ok && again.value.conversationId).not.toBe(c.conversationId);
  });

  it('escalates to the branch lead, who takes over; the customer sees one continuous conversation', async () => {
    const agent = await staff('agent01');
    const lead = await staff('lead-sh');
    const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (s) => s.ownerId === 'agent01');
    const c = await customer('开户问题', undefined, 'C0005'); // a demo customer of the lead's branch
    const { id } = await assigned;
    expect(await request(agent, 'ticket.escalate', { conversationId: id, reason: '客户情绪激动,要求找负责人' })).toMatchObject({ ok: true });
    expect(await request(lead, 'lead.takeOver', { conversationId: id })).toMatchObject({ ok: true });
    const seen = nextEvent<Message>(c.socket, 'msg.new', (m) => m.senderKind === 'lead');
    expect(await request(lead, 'msg.send', { conversationId: id, clientMsgId: 'lead-msg-001', text: '您好,我是营业部负责人' })).toMatchObject({ ok: true });
    expect((await seen).text).toBe('您好,我是营业部负责人');
    const customerView = await request<Message[]>(c.socket, 'conv.sync', { conversationId: id, afterSeq: 0 });
    // internal lifecycle notes (the escalation reason) never reach the customer
    expect(customerView.ok && customerView.value.some((m) => m.text.includes('情绪激动'))).toBe(false);
  });
});
