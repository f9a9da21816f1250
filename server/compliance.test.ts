import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from './hub';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from './testing/clients';
import { verifyLedger } from './audit/ledger';
import type { ConversationSummary, CustomerHello, Message, SendAck } from '../shared/protocol/hub';

let dir: string;
let hub: Hub;
const sockets: Socket[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'compliance-hub-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {} });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A demo customer of BR-SH01 (C0005: ordinary, C5) or a visitor writes; agent01 of BR-SH01 gets the chat. */
async function servedChat(customerId?: string) {
  const { token } = await loginStaff(hub.url, 'agent01');
  const agent = connectSocket(hub.url, token);
  sockets.push(agent);
  await waitConnected(agent);
  const session = await customerSession(hub.url, customerId ? { customerId } : {});
  const customer = connectSocket(hub.url, session.token);
  sockets.push(customer);
  await waitConnected(customer);
  const hello = await request<CustomerHello>(customer, 'customer.hello', {});
  if (!hello.ok) throw new Error(hello.error.message);
  const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (s) => s.ownerId === 'agent01');
  await request(customer, 'msg.send', { conversationId: hello.value.conversationId, clientMsgId: 'first-question', text: '我想了解一下理财产品' });
  const { id } = await assigned;
  return { agent, customer, conversationId: id };
}

const ledgerKinds = () => (hub.db.prepare('SELECT kind FROM audit_ledger ORDER BY seq').all() as { kind: string }[]).map((r) => r.kind);

describe('hub compliance enforcement', () => {
  it('refuses a blocked message from a modified client; the customer never receives it; the refusal is in the ledger', async () => {
    const { agent, customer, conversationId } = await servedChat();
    const received: Message[] = [];
    customer.on('msg.new', (m: Message) => received.push(m));
    const r = await request<SendAck>(agent, 'msg.send', { conversationId, clientMsgId: 'blocked-0001', text: '这款产品保本保收益,稳赚不赔!' });
    expect(r).toMatchObject({ ok: false, error: { code: 'COMPLIANCE_BLOCKED' } });
    // evasion: full-width, spaces and traditional characters are caught by the hub too
    const evaded = await request<SendAck>(agent, 'msg.send', { conversationId, clientMsgId: 'blocked-0002', text: '穩 賺 不 賠,ｂａｏ本' });
    expect(evaded).toMatchObject({ ok: false, error: { code: 'COMPLIANCE_BLOCKED' } });
    await new Promise((res) => setTimeout(res, 200));
    expect(received.filter((m) => m.senderKind === 'agent')).toHaveLength(0);
    const stored = hub.db.prepare("SELECT COUNT(*) AS n FROM messages WHERE client_msg_id LIKE 'blocked-%'").get() as { n: number };
    expect(stored.n).toBe(0);
    expect(ledgerKinds().filter((k) => k === 'compliance.blocked')).toHaveLength(2);
    expect(hub.service.compliance.blockedSends(conversationId)).toBe(2);
  });

  it('needs an acknowledgement for a warned message, sends it with one and records it', async () => {
    const { agent, conversationId } = await servedChat();
    const text = '现在是加仓的好时机,建议您赶紧买入';
    const without = await request<SendAck>(agent, 'msg.send', { conversationId, clientMsgId: 'warn-000001', text });
    expect(without).toMatchObject({ ok: false, error: { code: 'ACK_REQUIRED', details: { missing: ['induce.urgency'] } } });
    const wrongAck = await request<SendAck>(agent, 'msg.send', { conversationId, clientMsgId: 'warn-000001', text, ack: { ruleIds: ['some.other.rule'] } });
    expect(wrongAck).toMatchObject({ ok: false, error: { code: 'ACK_REQUIRED' } });
    const acked = await request<SendAck>(agent, 'msg.send', { conversationId, clientMsgId: 'warn-000001', text, ack: { ruleIds: ['induce.urgency'], reason: '客户主动询问' } });
    expect(acked.ok).toBe(true);
    expect(ledgerKinds()).toContain('compliance.acknowledged');
    const stored = hub.db.prepare("SELECT payload FROM messages WHERE client_msg_id = 'warn-000001'").get() as { payload: string };
    expect(JSON.parse(stored.payload)).toMatchObject({ compliance: { verdict: 'warn', acknowledged: ['induce.urgency'] } });
  });

  it('passes negated and compliant wording', async () => {
    const { agent, conversationId } = await servedChat();
    for (const [i, text] of ['该产品不保本,投资需谨慎。', '我们不能承诺收益,请您理性投资。', '稳赚不赔的产品是不存在的。'].entries()) {
      expect(await request(agent, 'msg.send', { conversationId, clientMsgId: `clean-${i}-00000`, text }), text).toMatchObject({ ok: true });
    }
  });
});

describe('suitability-checked product pushes', () => {
  it('denies every product to a visitor without a profile (rule 1), and records the decision', async () => {
    const { agent, conversationId } = await servedChat();
    const r = await request(agent, 'product.push', { conversationId, clientMsgId: 'push-visitor-1', productCode: 'MMF001', customerInitiated: false });
    expect(r).toMatchObject({ ok: false, error: { code: 'SUITABILITY_DENIED' } });
    expect(ledgerKinds()).toContain('suitability.denied');
  });

  it('shows the decision before sending, pushes an allowed product, and requires the customer to confirm a "confirm" push', async () => {
    const { agent, customer, conversationId } = await servedChat('C0022'); // ordinary C5, aged 79: R4 needs confirmation
    const preview = await request<{ decision: string; reasons: { zh: string }[] }>(agent, 'product.check', { conversationId, productCode: 'EQ001', customerInitiated: false });
    expect(preview).toMatchObject({ ok: true, value: { decision: 'confirm' } });

    const card = nextEvent<Message>(customer, 'msg.new', (m) => m.kind === 'card');
    const pushed = await request<{ decision: string }>(agent, 'product.push', { conversationId, clientMsgId: 'push-eq001-01', productCode: 'EQ001', customerInitiated: false });
    expect(pushed).toMatchObject({ ok: true, value: { decision: 'confirm' } });
    const m = await card;
    const payload = m.payload as { pushId: string; requiresConfirmation: boolean; riskWarning: string };
    expect(payload.requiresConfirmation).toBe(true);
    expect(payload.riskWarning).toContain('特别风险揭示');

    const confirmed = await request<{ confirmedAt: string }>(customer, 'push.confirm', { conversationId, pushId: payload.pushId });
    expect(confirmed.ok).toBe(true);
    const row = hub.db.prepare('SELECT confirmed_at FROM product_pushes WHERE id = ?').get(payload.pushId) as { confirmed_at: string | null };
    expect(row.confirmed_at).not.toBeNull();
    expect(ledgerKinds()).toEqual(expect.arrayContaining(['suitability.pushed', 'suitability.customer_confirmed']));
    expect(verifyLedger(hub.db)).toMatchObject({ ok: true });
  });

  it('sends business cards that render as structured cards on the customer side', async () => {
    const { agent, customer, conversationId } = await servedChat('C0005');
    const card = nextEvent<Message>(customer, 'msg.new', (m) => m.kind === 'card');
    const catalog = await request<{ cards: { id: string }[] }>(agent, 'catalog.get', {});
    const cardId = catalog.ok ? catalog.value.cards[0]!.id : '';
    expect(await request(agent, 'card.send', { conversationId, clientMsgId: 'card-000001', cardId })).toMatchObject({ ok: true });
    expect(((await card).payload as { type: string; card: { steps: unknown[] } }).card.steps.length).toBeGreaterThan(0);
  });
});

describe('customer profiles and reveal', () => {
  it('gives the owner agent the masked profile of their customer and refuses everyone else', async () => {
    const { agent, conversationId: _c } = await servedChat('C0005');
    const mine = await request<{ profile: { maskedName: string; maskedPhone: string } & Record<string, unknown> }>(agent, 'customer.profile', { customerId: 'C0005' });
    expect(mine.ok).toBe(true);
    const text = JSON.stringify(mine);
    const raw = hub.db.prepare("SELECT profile FROM customers WHERE id = 'C0005'").get() as { profile: string };
    const { name, phone, idNumber } = JSON.parse(raw.profile) as { name: string; phone: string; idNumber: string };
    for (const secret of [name, phone, idNumber]) expect(text).not.toContain(secret);
    expect(await request(agent, 'customer.profile', { customerId: 'C0006' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('reveals a field with a reason, records it in the ledger first, and refuses QA', async () => {
    const { agent } = await servedChat('C0005');
    const revealed = await request<{ value: string; expiresInMs: number }>(agent, 'customer.reveal', { customerId: 'C0005', field: 'phone', reason: '客户要求核对预留手机号' });
    expect(revealed).toMatchObject({ ok: true, value: { value: expect.stringMatching(/^1\d{10}$/), expiresInMs: 30_000 } });
    const audit = hub.db.prepare("SELECT payload FROM audit_ledger WHERE kind = 'pii.reveal'").all() as { payload: string }[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.payload)).toMatchObject({ field: 'phone', reason: '客户要求核对预留手机号' });

    const { token } = await loginStaff(hub.url, 'qa01');
    const qa = connectSocket(hub.url, token);
    sockets.push(qa);
    await waitConnected(qa);
    expect(await request(qa, 'customer.reveal', { customerId: 'C0005', field: 'phone', reason: '质检核对' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(qa, 'customer.profile', { customerId: 'C0005' })).toMatchObject({ ok: true });
  });
});
