import { describe, expect, it } from 'vitest';
import { AppFailure } from '../result';
import { appealDeadline, canAppeal, decideAppeal, fileAppeal, publishResult, type AppealCase } from './appeal';

const policy = { appealWindowDays: 3 };
const lead = { userId: 'lead-b1', role: 'branch_lead', branchId: 'b1' };

function published(): AppealCase {
  return publishResult({ sessionId: 's1', agentId: 'agent-7', branchId: 'b1', score: { total: 72, passed: false }, at: '2025-03-03T10:00:00+08:00', by: 'qa-1' });
}

function expectFailure(fn: () => unknown, code: string, message?: RegExp) {
  try {
    fn();
    expect.unreachable('expected a failure');
  } catch (err) {
    expect(err).toBeInstanceOf(AppFailure);
    expect((err as AppFailure).code).toBe(code);
    if (message) expect((err as AppFailure).message).toMatch(message);
  }
}

describe('appeals', () => {
  it('publish → appeal → uphold keeps the score and the whole history', () => {
    const appealed = fileAppeal(published(), { agentId: 'agent-7', reason: '  客户问题已按知识库解答，准确性不应扣分  ', at: '2025-03-04T09:00:00+08:00' }, policy);
    expect(appealed.status).toBe('appealed');
    const decided = decideAppeal(appealed, lead, { decision: 'uphold', notes: '解答遗漏费率说明，维持原判' }, '2025-03-05T09:00:00+08:00');
    expect(decided.status).toBe('upheld');
    expect(decided.score).toEqual({ total: 72, passed: false });
    expect(decided.events.map((e) => e.type)).toEqual(['published', 'appealed', 'upheld']);
    expect(decided.events[1]).toMatchObject({ by: 'agent-7', reason: '客户问题已按知识库解答，准确性不应扣分' });
    expect(decided.events[2]).toMatchObject({ by: 'lead-b1', notes: '解答遗漏费率说明，维持原判' });
  });

  it('overturn replaces the score and records both old and new', () => {
    const appealed = fileAppeal(published(), { agentId: 'agent-7', reason: '合规项误判', at: '2025-03-04T09:00:00+08:00' }, policy);
    const decided = decideAppeal(appealed, lead, { decision: 'overturn', notes: '复核录音，已做风险提示', newScore: { total: 86, passed: true } }, '2025-03-05T09:00:00+08:00');
    expect(decided.status).toBe('overturned');
    expect(decided.score).toEqual({ total: 86, passed: true });
    expect(decided.events.at(-1)).toMatchObject({ type: 'overturned', previousScore: { total: 72, passed: false }, newScore: { total: 86, passed: true } });
  });

  it('never changes the case it is given', () => {
    const original = published();
    const snapshot = structuredClone(original);
    fileAppeal(original, { agentId: 'agent-7', reason: '理由', at: '2025-03-04T09:00:00+08:00' }, policy);
    expect(original).toEqual(snapshot);
  });

  it('allows one appeal only', () => {
    const appealed = fileAppeal(published(), { agentId: 'agent-7', reason: '理由', at: '2025-03-04T09:00:00+08:00' }, policy);
    expectFailure(() => fileAppeal(appealed, { agentId: 'agent-7', reason: '再次申诉', at: '2025-03-04T10:00:00+08:00' }, policy), 'INVALID_TRANSITION', /只能申诉一次/);
    const upheld = decideAppeal(appealed, lead, { decision: 'uphold', notes: '维持' }, '2025-03-04T11:00:00+08:00');
    expect(canAppeal(upheld, 'agent-7', '2025-03-04T12:00:00+08:00', policy)).toEqual({ allowed: false, reason: 'already_appealed' });
  });

  it('allows appeals within N days of publication, the last instant included', () => {
    const c = published();
    expect(appealDeadline(c, policy)).toBe('2025-03-06T02:00:00.000Z'); // 10:00 +08 on 3 March + 72 h
    expect(canAppeal(c, 'agent-7', '2025-03-06T10:00:00+08:00', policy)).toEqual({ allowed: true });
    expect(canAppeal(c, 'agent-7', '2025-03-06T10:00:01+08:00', policy)).toEqual({ allowed: false, reason: 'window_closed' });
    expectFailure(() => fileAppeal(c, { agentId: 'agent-7', reason: '理由', at: '2025-03-07T09:00:00+08:00' }, policy), 'INVALID_TRANSITION', /申诉期限/);
    expect(canAppeal(c, 'agent-7', '2025-03-02T10:00:00+08:00', policy)).toEqual({ allowed: false, reason: 'before_publication' });
  });

  it('lets only the session\'s own agent appeal, and needs a reason', () => {
    expectFailure(() => fileAppeal(published(), { agentId: 'agent-8', reason: '理由', at: '2025-03-04T09:00:00+08:00' }, policy), 'FORBIDDEN');
    expectFailure(() => fileAppeal(published(), { agentId: 'agent-7', reason: '   ', at: '2025-03-04T09:00:00+08:00' }, policy), 'BAD_REQUEST', /申诉理由/);
    expectFailure(() => fileAppeal(published(), { agentId: 'agent-7', reason: 'x'.repeat(2001), at: '2025-03-04T09:00:00+08:00' }, policy), 'BAD_REQUEST', /longer/);
  });

  it('lets only the lead of the session\'s branch decide, only an appealed case, and never their own appeal', () => {
    expectFailure(() => decideAppeal(published(), lead, { decision: 'uphold', notes: '维持' }, '2025-03-04T09:00:00+08:00'), 'INVALID_TRANSITION');
    const appealed = fileAppeal(published(), { agentId: 'agent-7', reason: '理由', at: '2025-03-04T09:00:00+08:00' }, policy);
    const at = '2025-03-05T09:00:00+08:00';
    expectFailure(() => decideAppeal(appealed, { ...lead, branchId: 'b2' }, { decision: 'uphold', notes: '维持' }, at), 'FORBIDDEN');
    expectFailure(() => decideAppeal(appealed, { ...lead, role: 'qa_reviewer' }, { decision: 'uphold', notes: '维持' }, at), 'FORBIDDEN');
    expectFailure(() => decideAppeal(appealed, { ...lead, userId: 'agent-7' }, { decision: 'uphold', notes: '维持' }, at), 'FORBIDDEN');
    expectFailure(() => decideAppeal(appealed, lead, { decision: 'uphold', notes: '' }, at), 'BAD_REQUEST', /处理意见/);
    expectFailure(() => decideAppeal(appealed, lead, { decision: 'uphold', notes: '维持' }, '2025-03-04T08:00:00+08:00'), 'BAD_REQUEST', /before the appeal/);
  });

  it('needs a valid new score to overturn', () => {
    const appealed = fileAppeal(published(), { agentId: 'agent-7', reason: '理由', at: '2025-03-04T09:00:00+08:00' }, policy);
    const at = '2025-03-05T09:00:00+08:00';
    expectFailure(() => decideAppeal(appealed, lead, { decision: 'overturn', notes: '改判' } as never, at), 'BAD_REQUEST', /new score/);
    expectFailure(() => decideAppeal(appealed, lead, { decision: 'overturn', notes: '改判', newScore: { total: 101, passed: true } }, at), 'BAD_REQUEST', /0–100/);
  });

  it('rejects an unreadable timestamp', () => {
    expectFailure(() => fileAppeal(published(), { agentId: 'agent-7', reason: '理由', at: 'tomorrow' }, policy), 'BAD_REQUEST', /timestamp/);
  });
});
