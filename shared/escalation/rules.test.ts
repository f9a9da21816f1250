import { describe, expect, it } from 'vitest';
import { AppFailure } from '../result';
import { defaultEscalationRules as rules, parseEscalationRules } from './defaults';
import { normalizeClauses, normalizeTerm } from './normalize';
import { EscalationRulesSchema, detectComplaint, detectSupervisorRequest, shouldAutoEscalate, type EscalationRules } from './rules';
import shippedRules from '../../resources/escalation/rules.json';

describe('normalisation', () => {
  it('folds full-width, case, traditional characters and inserted spaces / zero-width characters', () => {
    expect(normalizeTerm('ＳＵＰＥＲ visor')).toBe('supervisor');
    expect(normalizeClauses('我要投訴，找證監會')).toEqual(['我要投诉', '找证监会']);
    expect(normalizeClauses('投 诉\u200b啊')).toEqual(['投诉啊']);
    expect(normalizeClauses('１２３８６')).toEqual(['12386']);
  });
});

describe('detectComplaint', () => {
  it('finds complaint words in order of first occurrence', () => {
    expect(detectComplaint('我要投诉你们', rules)).toEqual({ matched: ['投诉'] });
    expect(detectComplaint('我要去证监会投诉，还要找媒体曝光', rules)).toEqual({ matched: ['证监会', '投诉', '媒体', '曝光'] });
  });

  it('returns null for ordinary questions', () => {
    expect(detectComplaint('请问怎么开通创业板权限？', rules)).toBeNull();
    expect(detectComplaint('', rules)).toBeNull();
  });

  it('matches through full-width digits, traditional characters, spaces and zero-width characters', () => {
    expect(detectComplaint('我要打１２３８６', rules)).toEqual({ matched: ['12386'] });
    expect(detectComplaint('再不處理我就去消協和證監會', rules)).toEqual({ matched: ['消协', '证监会'] });
    expect(detectComplaint('我要 投 诉', rules)).toEqual({ matched: ['投诉'] });
    expect(detectComplaint('我要投\u200b诉', rules)).toEqual({ matched: ['投诉'] });
    expect(detectComplaint('I will COMPLAIN to the Regulator', rules)).toEqual({ matched: ['complain', 'regulator'] });
  });

  it('does not escalate simple negations', () => {
    expect(detectComplaint('我不是要投诉，就问问', rules)).toBeNull();
    expect(detectComplaint('我没有要投诉的意思', rules)).toBeNull();
    expect(detectComplaint('放心，我不会去投诉的', rules)).toBeNull();
    expect(detectComplaint('我没说要投诉', rules)).toBeNull();
    expect(detectComplaint("I'm not going to complain", rules)).toBeNull();
  });

  it('still escalates when the negation belongs to something else', () => {
    expect(detectComplaint('我不满意，我要投诉', rules)).toEqual({ matched: ['投诉'] });
    expect(detectComplaint('不处理就投诉', rules)).toEqual({ matched: ['投诉'] });
    expect(detectComplaint('我不得不投诉了', rules)).toEqual({ matched: ['投诉'] });
    expect(detectComplaint('不然我就起诉', rules)).toEqual({ matched: ['起诉'] });
    expect(detectComplaint('我不投诉个人，只投诉公司', rules)).toEqual({ matched: ['投诉'] });
    expect(detectComplaint('我不是要投诉你，但我要打12386', rules)).toEqual({ matched: ['12386'] });
  });
});

describe('detectSupervisorRequest', () => {
  it('finds supervisor requests, in Chinese and English, negation-aware', () => {
    expect(detectSupervisorRequest('叫你们经理来', rules)).toEqual({ matched: ['叫你们经理'] });
    expect(detectSupervisorRequest('你说不清楚，换个人吧', rules)).toEqual({ matched: ['换个人'] });
    expect(detectSupervisorRequest('Let me talk to your MANAGER', rules)).toEqual({ matched: ['manager'] });
    expect(detectSupervisorRequest('I want someone  else', rules)).toEqual({ matched: ['someone else'] });
    expect(detectSupervisorRequest('不用找主管，你帮我查就行', rules)).toBeNull();
    expect(detectSupervisorRequest('谢谢，已经解决了', rules)).toBeNull();
  });
});

describe('shouldAutoEscalate', () => {
  const { slaBreachedSeconds, blockedSendsPerSession } = rules.thresholds;

  it('does not escalate a calm, on-time session', () => {
    expect(shouldAutoEscalate({ customerText: '好的谢谢', slaBreachedForMs: 0, blockedSends: 0 }, rules)).toEqual({ escalate: false, reasons: [] });
    expect(shouldAutoEscalate({}, rules)).toEqual({ escalate: false, reasons: [] });
  });

  it('escalates on complaint words with a bilingual reason naming the words', () => {
    const d = shouldAutoEscalate({ customerText: '再这样我就打12386投诉' }, rules);
    expect(d.escalate).toBe(true);
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]?.code).toBe('complaint');
    expect(d.reasons[0]?.zh).toContain('12386');
    expect(d.reasons[0]?.en).toContain('投诉');
  });

  it('does not escalate a negated complaint', () => {
    expect(shouldAutoEscalate({ customerText: '我不是要投诉，只是问一下' }, rules).escalate).toBe(false);
  });

  it('escalates on a supervisor request', () => {
    expect(shouldAutoEscalate({ customerText: '我要找主管' }, rules).reasons.map((r) => r.code)).toEqual(['supervisor_request']);
  });

  it('escalates once the SLA has been breached for the threshold, not before', () => {
    const limitMs = slaBreachedSeconds * 1000;
    expect(shouldAutoEscalate({ slaBreachedForMs: limitMs - 1 }, rules).escalate).toBe(false);
    const d = shouldAutoEscalate({ slaBreachedForMs: limitMs }, rules);
    expect(d.reasons.map((r) => r.code)).toEqual(['sla_breached']);
    expect(d.reasons[0]?.zh).toContain(`${slaBreachedSeconds} 秒`);
  });

  it('escalates on repeated blocked sends at the threshold, not before', () => {
    expect(shouldAutoEscalate({ blockedSends: blockedSendsPerSession - 1 }, rules).escalate).toBe(false);
    const d = shouldAutoEscalate({ blockedSends: blockedSendsPerSession }, rules);
    expect(d.reasons.map((r) => r.code)).toEqual(['repeated_blocked_sends']);
    expect(d.reasons[0]?.en).toContain(`${blockedSendsPerSession} blocked sends`);
  });

  it('lists every rule that fires, in a fixed order', () => {
    const d = shouldAutoEscalate(
      { customerText: '叫你们经理来，不然我去证监会投诉', slaBreachedForMs: 10 * 60_000, blockedSends: 9 },
      rules,
    );
    expect(d.reasons.map((r) => r.code)).toEqual(['complaint', 'supervisor_request', 'sla_breached', 'repeated_blocked_sends']);
  });

  it('follows the rule set it is given (thresholds and words are data)', () => {
    const strict: EscalationRules = { ...rules, complaintWords: ['差评'], thresholds: { slaBreachedSeconds: 10, blockedSendsPerSession: 1 } };
    expect(shouldAutoEscalate({ slaBreachedForMs: 10_000, blockedSends: 1, customerText: '给你差评' }, strict).reasons.map((r) => r.code)).toEqual([
      'complaint',
      'sla_breached',
      'repeated_blocked_sends',
    ]);
    expect(shouldAutoEscalate({ customerText: '我要投诉' }, strict).escalate).toBe(false);
  });

  it('rejects impossible facts clearly', () => {
    expect(() => shouldAutoEscalate({ blockedSends: -1 }, rules)).toThrow(AppFailure);
    expect(() => shouldAutoEscalate({ slaBreachedForMs: Number.NaN }, rules)).toThrow(/slaBreachedForMs/);
  });
});

describe('shipped escalation rules', () => {
  it('validate against the schema and hold the required words', () => {
    const parsed = EscalationRulesSchema.parse(shippedRules);
    for (const word of ['投诉', '12386', '监管', '曝光', '起诉', '找你们领导', '证监会', '消协', '媒体', '律师']) expect(parsed.complaintWords).toContain(word);
    for (const word of ['找主管', '叫你们经理', '换个人', 'supervisor', 'manager']) expect(parsed.supervisorRequests).toContain(word);
  });

  it('an edited file with a mistake is rejected with its line number', () => {
    const text = JSON.stringify(shippedRules, null, 2).replace('"blockedSendsPerSession": 3', '"blockedSendsPerSession": 0');
    const line = text.split('\n').findIndex((l) => l.includes('"blockedSendsPerSession"')) + 1;
    try {
      parseEscalationRules(text);
      expect.unreachable('a threshold of 0 must be rejected');
    } catch (err) {
      expect(err).toBeInstanceOf(AppFailure);
      expect((err as AppFailure).message).toContain(`rules.json:${line} thresholds.blockedSendsPerSession`);
    }
  });
});
