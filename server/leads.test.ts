import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub, type HubOptions } from './hub';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from './testing/clients';
import type { ConversationSummary, CustomerHello, Message } from '../shared/protocol/hub';
import type { TeamBoard } from '../shared/protocol/leads';
import type { DashboardFigures } from './leads/dashboard';

let dir: string;
let hub: Hub;
const sockets: Socket[] = [];

async function start(extra: Partial<HubOptions> = {}) {
  dir = mkdtempSync(join(tmpdir(), 'leads-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {}, ...extra });
}
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

/** Demo customer C0005 belongs to BR-SH01, whose agents are agent01–03 and whose lead is lead-sh. */
async function shCustomer(customerId = 'C0005') {
  const session = await customerSession(hub.url, { customerId });
  const socket = connectSocket(hub.url, session.token);
  sockets.push(socket);
  await waitConnected(socket);
  const hello = await request<CustomerHello>(socket, 'customer.hello', {});
  if (!hello.ok) throw new Error(hello.error.message);
  let n = 0;
  const say = (text: string) => request(socket, 'msg.send', { conversationId: hello.value.conversationId, clientMsgId: `cust-${customerId}-${n++}-x`, text });
  return { socket, conversationId: hello.value.conversationId, say };
}

const stateOf = (id: string) => (hub.db.prepare('SELECT state FROM conversations WHERE id = ?').get(id) as { state: string }).state;
const escalationReason = (id: string) =>
  (hub.db.prepare("SELECT reason FROM ticket_transitions WHERE conversation_id = ? AND to_state = 'escalated' ORDER BY id DESC").get(id) as { reason: string } | undefined)?.reason;

async function until(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('automatic escalation', () => {
  it('escalates when the customer writes complaint words, even before an agent was assigned', async () => {
    await start();
    const c = await shCustomer();
    await c.say('我要投诉到12386');
    await staff('agent01');
    await until(() => escalationReason(c.conversationId) !== undefined);
    expect(escalationReason(c.conversationId)).toMatch(/autoEscalation.*投诉/);
  });

  it('escalates when the customer asks for a supervisor, but not on a negated complaint', async () => {
    await start();
    await staff('agent01');
    const calm = await shCustomer('C0011');
    await calm.say('我不是要投诉,就是想问问创业板怎么开');
    await new Promise((r) => setTimeout(r, 300));
    expect(stateOf(calm.conversationId)).not.toBe('escalated');
    await calm.say('算了,叫你们经理来');
    await until(() => stateOf(calm.conversationId) === 'escalated');
  });

  it('escalates after repeated blocked sends by the agent', async () => {
    await start();
    const agent = await staff('agent01');
    const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (s) => s.ownerId === 'agent01');
    const c = await shCustomer();
    await c.say('请问有什么稳健的产品');
    const { id } = await assigned;
    for (let i = 0; i < 3; i++) await request(agent, 'msg.send', { conversationId: id, clientMsgId: `blocked-${i}-xxxx`, text: '保本保收益,稳赚不赔' });
    await until(() => escalationReason(id) !== undefined);
    expect(escalationReason(id)).toContain('autoEscalation');
  });

  it('escalates when the first-response SLA has been breached beyond the threshold', async () => {
    let offsetMs = 0;
    await start({ now: () => Date.now() + offsetMs, routing: { ticket: { firstResponseSlaMs: 150 } } });
    const agent = await staff('agent01');
    const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (s) => s.ownerId === 'agent01');
    const c = await shCustomer();
    await c.say('在吗');
    const { id } = await assigned;
    await new Promise((r) => setTimeout(r, 400)); // the SLA timer fires: breached, no state change
    expect(stateOf(id)).toBe('assigned');
    offsetMs = 130_000; // 130 s later: beyond the 120 s threshold
    await until(() => stateOf(id) === 'escalated', 6000);
  });
});

describe('branch leads', () => {
  it('monitor read-only, whisper to the agent only, take over with one continuous conversation, and see it on the dashboard', async () => {
    await start();
    const agent = await staff('agent01');
    const lead = await staff('lead-sh');
    const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (s) => s.ownerId === 'agent01');
    const c = await shCustomer();
    await c.say('我要投诉到12386');
    const { id } = await assigned;
    await until(() => stateOf(id) === 'escalated');

    // the lead's list shows the escalation with its reason
    const list = await request<ConversationSummary[]>(lead, 'conv.list', {});
    const escalated = list.ok ? list.value.find((x) => x.id === id) : undefined;
    expect(escalated?.state).toBe('escalated');
    expect((escalated?.ticket?.context as { escalation: { reason: string; auto: boolean } }).escalation).toMatchObject({ auto: true, reason: expect.stringContaining('投诉') });

    // monitoring: live customer messages reach the lead; the lead cannot write to the customer
    expect(await request(lead, 'lead.monitor', { conversationId: id, on: true })).toMatchObject({ ok: true });
    const leadSaw = nextEvent<Message>(lead, 'msg.new', (m) => m.text === '你们到底管不管');
    await c.say('你们到底管不管');
    await leadSaw;
    expect(await request(lead, 'msg.send', { conversationId: id, clientMsgId: 'lead-before-takeover', text: '您好' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // whisper: the agent sees it, the customer never does
    const customerGot: Message[] = [];
    c.socket.on('msg.new', (m: Message) => customerGot.push(m));
    const agentSaw = nextEvent<Message>(agent, 'msg.new', (m) => m.kind === 'whisper');
    expect(await request(lead, 'whisper.send', { conversationId: id, clientMsgId: 'whisper-00001', text: '先安抚情绪,我来接管' })).toMatchObject({ ok: true });
    expect((await agentSaw).text).toBe('先安抚情绪,我来接管');

    // take over: the customer sees one continuous conversation
    expect(await request(lead, 'lead.takeOver', { conversationId: id })).toMatchObject({ ok: true });
    expect(await request(lead, 'msg.send', { conversationId: id, clientMsgId: 'lead-after-takeover', text: '您好,我是营业部负责人,这个问题我来处理' })).toMatchObject({ ok: true });
    expect(await request(lead, 'ticket.resolve', { conversationId: id, summary: '负责人接管并解决' })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 200));
    const transcript = await request<Message[]>(c.socket, 'conv.sync', { conversationId: id, afterSeq: 0 });
    const seqs = transcript.ok ? transcript.value.map((m) => m.seq) : [];
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(transcript.ok && transcript.value.some((m) => m.kind === 'whisper' || m.text.includes('先安抚'))).toBe(false);
    expect(customerGot.some((m) => m.kind === 'whisper')).toBe(false);
    expect(transcript.ok && transcript.value.map((m) => m.text)).toEqual(expect.arrayContaining(['我要投诉到12386', '你们到底管不管', '您好,我是营业部负责人,这个问题我来处理']));

    const dashboard = await request<DashboardFigures>(lead, 'dashboard.get', { range: 'today' });
    expect(dashboard.ok).toBe(true);
    if (!dashboard.ok) return;
    expect(dashboard.value.volumes.total).toBeGreaterThanOrEqual(1);
    expect(dashboard.value.escalationRate).toBeGreaterThan(0);
    expect(dashboard.value.hotTopics.map((t) => t.term)).toContain('投诉');
  });

  it('limits a lead to their own branch', async () => {
    await start();
    await staff('agent01');
    const other = await staff('lead-bj');
    const c = await shCustomer();
    await c.say('我要投诉');
    await until(() => stateOf(c.conversationId) === 'escalated');
    const id = c.conversationId;
    const list = await request<ConversationSummary[]>(other, 'conv.list', {});
    expect(list.ok && list.value.map((x) => x.id)).not.toContain(id);
    for (const [event, payload] of [
      ['lead.monitor', { conversationId: id, on: true }],
      ['lead.takeOver', { conversationId: id }],
      ['lead.reassign', { conversationId: id, toAgentId: 'agent04' }],
      ['lead.return', { conversationId: id, guidance: '请继续服务' }],
      ['whisper.send', { conversationId: id, clientMsgId: 'bj-whisper-01', text: 'x' }],
      ['conv.sync', { conversationId: id, afterSeq: 0 }],
      ['customer.profile', { customerId: 'C0005' }],
    ] as const) {
      expect(await request(other, event, payload), event).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const board = await request<TeamBoard>(other, 'team.board', {});
    expect(board.ok && board.value.agents.every((a) => ['agent04', 'agent05', 'agent06'].includes(a.id))).toBe(true);
    const dash = await request<DashboardFigures>(other, 'dashboard.get', { range: '30d' });
    expect(dash.ok && dash.value.volumes.total).toBe(0);
  });

  it('pushes a live team board with status, load and queues to the branch lead', async () => {
    await start();
    const lead = await staff('lead-sh');
    const agent = await staff('agent01');
    await request(agent, 'agent.status', { status: 'busy' });
    const board = await nextEvent<TeamBoard>(lead, 'team.updated', (b) => b.agents.some((a) => a.id === 'agent01' && a.status === 'busy'), 6000);
    expect(board.branchId).toBe('BR-SH01');
    expect(board.queues.map((q) => q.skillGroup)).toContain('开户');
  });
});
