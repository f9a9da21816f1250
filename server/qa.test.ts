import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { startHub, type Hub } from './hub';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from './testing/clients';
import type { ConversationSummary, CustomerHello } from '../shared/protocol/hub';
import type { StoredSample } from './qa/repository';
import type { ReplayView } from './qa/service';
import type { AppealCase, QaReport, QaReview } from '../shared/qa';

let dir: string;
let hub: Hub;
const sockets: Socket[] = [];
const staff: Record<string, Socket> = {};
const sessions: Record<string, string> = {};

async function login(username: string) {
  const { token } = await loginStaff(hub.url, username);
  const s = connectSocket(hub.url, token);
  sockets.push(s);
  await waitConnected(s);
  return (staff[username] = s);
}

/** One finished session of a BR-SH01 demo customer served by agent01, shaped by `script`. */
async function finishedSession(customerId: string, script: { customer: string[]; agent: string[]; blocked?: number; csat?: number }) {
  const agent = staff.agent01!;
  const session = await customerSession(hub.url, { customerId });
  const c = connectSocket(hub.url, session.token);
  sockets.push(c);
  await waitConnected(c);
  const hello = await request<CustomerHello>(c, 'customer.hello', {});
  if (!hello.ok) throw new Error(hello.error.message);
  const id = hello.value.conversationId;
  const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (s) => s.id === id && s.ownerId === 'agent01');
  let n = 0;
  await request(c, 'msg.send', { conversationId: id, clientMsgId: `${customerId}-c-${n++}-x`, text: script.customer[0] });
  await assigned;
  for (let i = 0; i < (script.blocked ?? 0); i++) await request(agent, 'msg.send', { conversationId: id, clientMsgId: `${customerId}-blk-${i}`, text: '保本保收益' });
  for (const text of script.agent) await request(agent, 'msg.send', { conversationId: id, clientMsgId: `${customerId}-a-${n++}-x`, text });
  for (const text of script.customer.slice(1)) await request(c, 'msg.send', { conversationId: id, clientMsgId: `${customerId}-c-${n++}-x`, text });
  if (script.customer.length > 1) await request(agent, 'msg.send', { conversationId: id, clientMsgId: `${customerId}-a-end`, text: '好的,还有其他问题吗?' });
  const state = (hub.db.prepare('SELECT state FROM conversations WHERE id = ?').get(id) as { state: string }).state;
  if (state === 'escalated') await request(staff['lead-sh']!, 'lead.return', { conversationId: id, guidance: '请耐心解释' });
  expect(await request(agent, 'ticket.resolve', { conversationId: id }), `resolve ${customerId}`).toMatchObject({ ok: true });
  if (script.csat) await request(c, 'csat.submit', { conversationId: id, score: script.csat });
  expect(await request(agent, 'ticket.close', { conversationId: id })).toMatchObject({ ok: true });
  c.close();
  return id;
}

const fullMarks = { points: { greeting: 5, accuracy: 10, compliance: 10, empathy: 5, resolution: 5, efficiency: 5 }, critical: { promised_returns: 'pass', privacy_leak: 'pass', missing_suitability_notice: 'pass', abusive_language: 'pass' } } as const;
const period = () => ({ from: new Date(Date.now() - 3600_000).toISOString(), to: new Date(Date.now() + 3600_000).toISOString() });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qa-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {} });
  for (const u of ['agent01', 'lead-sh', 'qa01', 'qa-hq', 'qa02']) await login(u);
  sessions.blocked = await finishedSession('C0005', { customer: ['有没有稳健的理财'], agent: ['您好,我们有多款理财产品'], blocked: 1, csat: 4 });
  sessions.lowCsat = await finishedSession('C0011', { customer: ['怎么开通创业板'], agent: ['需要两年经验'], csat: 1 });
  sessions.complaint = await finishedSession('C0022', { customer: ['你们系统太差了', '我要投诉'], agent: ['非常抱歉给您带来不便'], csat: 3 });
  sessions.plain = await finishedSession('C0031', { customer: ['交易密码忘了'], agent: ['您可以在App上重置'], csat: 5 });
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('QA sampling mode through the hub', () => {
  let sample: StoredSample;

  it('draws a reproducible sample that says why each session is in it', async () => {
    const drawn = await request<StoredSample>(staff.qa01!, 'qa.sample.draw', { planId: 'daily_service', seed: 'week-47', ...period() });
    expect(drawn.ok).toBe(true);
    if (!drawn.ok) return;
    sample = drawn.value;
    const reasons = new Map(sample.result.items.map((i) => [i.sessionId, i.reasons]));
    expect(reasons.get(sessions.blocked!)).toContain('compliance_block');
    expect(reasons.get(sessions.lowCsat!)).toContain('low_csat');
    expect(reasons.get(sessions.complaint!)).toContain('complaint_words');
    expect(sample.result.drawn).toBe(sample.result.items.length);
    const again = await request<StoredSample>(staff.qa01!, 'qa.sample.draw', { planId: 'daily_service', seed: 'week-47', ...period() });
    expect(again.ok && again.value.result.items).toEqual(sample.result.items);
    // another branch's reviewer draws nothing of BR-SH01
    const other = await request<StoredSample>(staff.qa02!, 'qa.sample.draw', { planId: 'daily_service', seed: 'week-47', ...period() });
    expect(other.ok && other.value.result.items.some((i) => i.branchId === 'BR-SH01')).toBe(false);
  });

  it('replays a session masked, with its lifecycle and compliance timeline', async () => {
    const replay = await request<ReplayView>(staff.qa01!, 'qa.replay', { conversationId: sessions.blocked! });
    expect(replay.ok).toBe(true);
    if (!replay.ok) return;
    expect(replay.value.transitions.map((t) => t.to)).toEqual(expect.arrayContaining(['queued', 'assigned', 'resolved', 'closed']));
    expect(replay.value.compliance.map((e) => e.kind)).toContain('block');
    expect(replay.value.customerName).toMatch(/\*/);
    expect(replay.value.sampleReasons).toContain('compliance_block');
    const first = replay.value.messages.find((m) => m.senderKind === 'customer')!;
    expect(await request(staff.qa01!, 'qa.comment', { conversationId: sessions.blocked!, messageSeq: first.seq, text: '客户需求识别及时' })).toMatchObject({ ok: true });
  });

  it('scores on the scorecard, with critical items failing the session; head office re-scores blind; disagreements are listed', async () => {
    const failing = { ...fullMarks, critical: { ...fullMarks.critical, promised_returns: 'fail' } };
    const branch = await request<QaReview>(staff.qa01!, 'qa.review', { conversationId: sessions.blocked!, level: 'branch', scorecardId: 'zh_service', answers: fullMarks });
    expect(branch).toMatchObject({ ok: true, value: { result: { total: 100, passed: true } } });
    const blind = await request<ReplayView>(staff['qa-hq']!, 'qa.replay', { conversationId: sessions.blocked! });
    expect(blind.ok && blind.value.branchReview).toBeNull();
    const spot = await request<{ sessionId: string }[]>(staff['qa-hq']!, 'qa.spotchecks', { ...period(), seed: 'ho-1' });
    expect(spot.ok && spot.value.map((s) => s.sessionId)).toContain(sessions.blocked);
    expect(JSON.stringify(spot)).not.toContain('"total"');
    const ho = await request<QaReview>(staff['qa-hq']!, 'qa.review', { conversationId: sessions.blocked!, level: 'head_office', scorecardId: 'zh_service', answers: failing });
    expect(ho).toMatchObject({ ok: true, value: { result: { passed: false, failedCritical: ['promised_returns'] } } });
    const disagreements = await request<{ sessionId: string }[]>(staff.qa01!, 'qa.disagreements', period());
    expect(disagreements.ok && disagreements.value.map((d) => d.sessionId)).toContain(sessions.blocked);
    // a branch reviewer cannot do head-office work, and vice versa
    expect(await request(staff.qa01!, 'qa.review', { conversationId: sessions.lowCsat!, level: 'head_office', scorecardId: 'zh_service', answers: fullMarks })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(staff.qa02!, 'qa.review', { conversationId: sessions.lowCsat!, level: 'branch', scorecardId: 'zh_service', answers: fullMarks })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('lets the agent appeal and the branch lead decide, and the report reflects all of it', async () => {
    const low = { ...fullMarks, points: { ...fullMarks.points, accuracy: 2, empathy: 1 } };
    expect(await request(staff.qa01!, 'qa.review', { conversationId: sessions.lowCsat!, level: 'branch', scorecardId: 'zh_service', answers: low })).toMatchObject({ ok: true, value: { result: { passed: false } } });
    const mine = await request<AppealCase[]>(staff.agent01!, 'qa.myResults', {});
    expect(mine.ok && mine.value.map((c) => c.sessionId)).toEqual(expect.arrayContaining([sessions.blocked, sessions.lowCsat]));
    expect(await request(staff.agent01!, 'qa.appeal', { conversationId: sessions.lowCsat!, reason: '客户问题已准确解答,低分系客户对规则不满' })).toMatchObject({ ok: true, value: { status: 'appealed' } });
    expect(await request(staff.agent01!, 'qa.appeal', { conversationId: sessions.lowCsat!, reason: '再次申诉' })).toMatchObject({ ok: false });
    const decided = await request<AppealCase>(staff['lead-sh']!, 'qa.decide', { conversationId: sessions.lowCsat!, decision: 'overturn', notes: '复核录音,解答准确', newScore: { total: 85, passed: true } });
    expect(decided).toMatchObject({ ok: true, value: { status: 'overturned', score: { total: 85, passed: true } } });
    const report = await request<QaReport>(staff.qa01!, 'qa.report', { ...period(), period: 'day' });
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    const agentRow = report.value.byAgent.find((a) => a.key === 'agent01')!;
    expect(agentRow.count).toBe(2);
    expect(agentRow.passRate).toBe(1); // the overturned session now passes
    expect(report.value.agreement).toMatchObject({ pairs: 1, percentAgreement: 0 });
  });

  it('refuses reviewers any write to a conversation', async () => {
    const qa = staff.qa01!;
    const id = sessions.plain!;
    for (const [event, payload] of [
      ['msg.send', { conversationId: id, clientMsgId: 'qa-write-0001', text: '您好' }],
      ['whisper.send', { conversationId: id, clientMsgId: 'qa-write-0002', text: '注意' }],
      ['ticket.resolve', { conversationId: id }],
      ['ticket.close', { conversationId: id }],
      ['ticket.transfer', { conversationId: id, toSkillGroup: '交易', note: 'x' }],
      ['ticket.escalate', { conversationId: id, reason: 'x' }],
      ['product.push', { conversationId: id, clientMsgId: 'qa-write-0003', productCode: 'MMF001', customerInitiated: false }],
      ['card.send', { conversationId: id, clientMsgId: 'qa-write-0004', cardId: 'gem-open' }],
      ['lead.takeOver', { conversationId: id }],
      ['ticket.grab', { conversationId: id }],
    ] as const) {
      const r = await request(qa, event, payload);
      expect(r.ok, event).toBe(false);
    }
    const stored = hub.db.prepare("SELECT COUNT(*) AS n FROM messages WHERE sender_id = 'qa01'").get() as { n: number };
    expect(stored.n).toBe(0);
  });
});
