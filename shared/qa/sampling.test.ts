import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../result';
import shippedPlans from '../../resources/qa/plans.json';
import { defaultSamplingPlans, parsePlansFile } from './defaults';
import { PlansFileSchema, drawSample, randomQuota, type SamplingPlan, type SessionSummary } from './sampling';

let counter = 0;
function session(overrides: Partial<SessionSummary> = {}): SessionSummary {
  counter++;
  return {
    id: `s${String(counter).padStart(5, '0')}`,
    agentId: 'a1',
    branchId: 'b1',
    endedAt: '2025-03-03T10:00:00+08:00',
    complianceBlocks: 0,
    complianceOverrides: 0,
    suitabilityConfirms: 0,
    customerText: '请问怎么转账',
    ...overrides,
  };
}

function plan(overrides: { include?: Partial<SamplingPlan['include']>; random?: Partial<SamplingPlan['random']> } = {}): SamplingPlan {
  return {
    id: 'test',
    version: 1,
    name: { zh: '测试', en: 'Test' },
    utcOffsetMinutes: 480,
    include: { complianceBlock: true, complianceOverride: true, suitabilityConfirm: true, complaintWords: true, lowCsat: { threshold: 2 }, ...overrides.include },
    random: { randomRate: 0, minPerAgent: 0, period: 'day', ...overrides.random },
  };
}

/** Sessions for agent/day groups: `perGroup` sessions for each agent on each day. */
function population(agents: string[], days: string[], perGroup: number): SessionSummary[] {
  return agents.flatMap((agentId) => days.flatMap((day) => Array.from({ length: perGroup }, () => session({ agentId, endedAt: `${day}T10:00:00+08:00` }))));
}

const reasonsOf = (result: ReturnType<typeof drawSample>) => Object.fromEntries(result.items.map((i) => [i.sessionId, i.reasons]));

describe('shipped plans', () => {
  it('validate, and the daily plan is the documented 5 % / min 2 per agent per day', () => {
    expect(() => PlansFileSchema.parse(shippedPlans)).not.toThrow();
    expect(defaultSamplingPlans[0]?.random).toEqual({ randomRate: 0.05, minPerAgent: 2, period: 'day' });
  });

  it('an edited plans file with a bad period is rejected with its line', () => {
    const text = JSON.stringify(shippedPlans, null, 2).replace('"period": "week"', '"period": "fortnight"');
    const line = text.split('\n').findIndex((l) => l.includes('"fortnight"')) + 1;
    expect(() => parsePlansFile(text)).toThrow(new RegExp(`plans\\.json:${line} plans\\.1\\.random\\.period`));
  });
});

describe('targeted inclusion', () => {
  it('includes every session with a compliance block, override or suitability confirmation', () => {
    const block = session({ complianceBlocks: 2 });
    const override = session({ complianceOverrides: 1 });
    const confirm = session({ suitabilityConfirms: 1 });
    const quiet = session();
    const result = drawSample([block, override, confirm, quiet], plan(), 'seed');
    expect(reasonsOf(result)).toEqual({
      [block.id]: ['compliance_block'],
      [override.id]: ['compliance_override'],
      [confirm.id]: ['suitability_confirm'],
    });
    expect(result.drawn).toBe(3);
    expect(result.population).toBe(4);
  });

  it('includes complaint words (negation-aware) and names the words', () => {
    const angry = session({ customerText: '再不解决我就打12386投诉' });
    const calm = session({ customerText: '我不是要投诉，就是问问' });
    const result = drawSample([angry, calm], plan(), 'seed');
    expect(result.items).toEqual([{ sessionId: angry.id, agentId: 'a1', branchId: 'b1', reasons: ['complaint_words'], complaintWords: ['12386', '投诉'] }]);
  });

  it('includes low CSAT at or below the threshold, and unrated sessions are not "low"', () => {
    const two = session({ csat: 2 });
    const one = session({ csat: 1 });
    const three = session({ csat: 3 });
    const unrated = session();
    expect(drawSample([two, one, three, unrated], plan(), 'seed').items.map((i) => i.sessionId)).toEqual([two.id, one.id]);
  });

  it('leaves out what the plan turns off', () => {
    const sessions = [session({ complianceBlocks: 1 }), session({ suitabilityConfirms: 1 }), session({ csat: 1 }), session({ customerText: '我要投诉' })];
    const off = plan({ include: { complianceBlock: false, complianceOverride: false, suitabilityConfirm: false, complaintWords: false, lowCsat: null } });
    expect(drawSample(sessions, off, 'seed').drawn).toBe(0);
  });

  it('keeps every reason of a session, counts reasons per kind and sessions once', () => {
    const many = session({ complianceBlocks: 1, complianceOverrides: 1, csat: 1, customerText: '我要找媒体曝光' });
    const other = session({ complianceBlocks: 1 });
    const result = drawSample([many, other], plan({ random: { minPerAgent: 2 } }), 'seed');
    expect(reasonsOf(result)[many.id]).toEqual(['compliance_block', 'compliance_override', 'complaint_words', 'low_csat', 'random']);
    expect(result.drawn).toBe(2);
    expect(result.byReason).toEqual({ compliance_block: 2, compliance_override: 1, suitability_confirm: 0, complaint_words: 1, low_csat: 1, random: 2 });
  });
});

describe('random sample per agent per period', () => {
  it('draws ceil(rate × n) per agent with a minimum, capped at what the agent served', () => {
    expect(randomQuota(10, { randomRate: 0.05, minPerAgent: 2, period: 'day' })).toBe(2); // ceil(0.5) = 1 < min 2
    expect(randomQuota(100, { randomRate: 0.05, minPerAgent: 2, period: 'day' })).toBe(5);
    expect(randomQuota(1, { randomRate: 0.05, minPerAgent: 2, period: 'day' })).toBe(1);

    const busy = population(['busy'], ['2025-03-03'], 100);
    const quiet = population(['quiet'], ['2025-03-03'], 10);
    const rare = population(['rare'], ['2025-03-03'], 1);
    const result = drawSample([...busy, ...quiet, ...rare], plan({ random: { randomRate: 0.05, minPerAgent: 2 } }), 'seed');
    const perAgent = (agent: string) => result.items.filter((i) => i.agentId === agent && i.reasons.includes('random')).length;
    expect([perAgent('busy'), perAgent('quiet'), perAgent('rare')]).toEqual([5, 2, 1]);
    expect(result.byReason.random).toBe(8);
  });

  it('applies the minimum in every period: per day gives twice what per week gives for two days of one week', () => {
    const sessions = population(['a1', 'a2'], ['2025-03-03', '2025-03-04'], 6);
    const daily = drawSample(sessions, plan({ random: { minPerAgent: 2, period: 'day' } }), 'seed');
    const weekly = drawSample(sessions, plan({ random: { minPerAgent: 2, period: 'week' } }), 'seed');
    expect(daily.drawn).toBe(8); // 2 agents × 2 days × 2
    expect(weekly.drawn).toBe(4); // 2 agents × 1 week × 2
  });

  it('buckets days in local time (a chat ending at 00:30 Beijing time belongs to the new day)', () => {
    const lateMonday = session({ endedAt: '2025-03-03T15:30:00Z' }); // 23:30 Monday in Beijing
    const earlyTuesday = session({ endedAt: '2025-03-03T16:30:00Z' }); // 00:30 Tuesday in Beijing
    const result = drawSample([lateMonday, earlyTuesday], plan({ random: { minPerAgent: 1, period: 'day' } }), 'seed');
    expect(result.drawn).toBe(2); // two days, one each
    const utc = drawSample([lateMonday, earlyTuesday], { ...plan({ random: { minPerAgent: 1, period: 'day' } }), utcOffsetMinutes: 0 }, 'seed');
    expect(utc.drawn).toBe(1); // same UTC day
  });

  it('gives every session of a group about the same chance over many seeds', () => {
    const sessions = population(['a1'], ['2025-03-03'], 20);
    const hits = new Map(sessions.map((s) => [s.id, 0]));
    for (let i = 0; i < 1000; i++) {
      for (const item of drawSample(sessions, plan({ random: { minPerAgent: 2 } }), `seed-${i}`).items) hits.set(item.sessionId, (hits.get(item.sessionId) ?? 0) + 1);
    }
    // expected 1000 × 2/20 = 100 per session; binomial sd ≈ 9.5
    for (const count of hits.values()) {
      expect(count).toBeGreaterThan(60);
      expect(count).toBeLessThan(140);
    }
  });
});

describe('reproducibility', () => {
  const sessions = [
    ...population(['a1', 'a2', 'a3'], ['2025-03-03', '2025-03-04'], 15),
    session({ complianceBlocks: 1 }),
    session({ customerText: '我要去证监会' }),
  ];
  const thePlan = plan({ random: { randomRate: 0.1, minPerAgent: 2 } });

  it('does not depend on the order of the input (fast-check: any shuffle)', () => {
    const reference = drawSample(sessions, thePlan, 'audit-2025-03');
    fc.assert(
      fc.property(fc.shuffledSubarray(sessions, { minLength: sessions.length, maxLength: sessions.length }), (shuffled) => {
        expect(drawSample(shuffled, thePlan, 'audit-2025-03')).toEqual(reference);
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same sample for the same seed, and a different random part for different seeds', () => {
    expect(drawSample(sessions, thePlan, 'x')).toEqual(drawSample(sessions, thePlan, 'x'));
    const randomIds = (seed: string) => drawSample(sessions, thePlan, seed).items.filter((i) => i.reasons.includes('random')).map((i) => i.sessionId);
    fc.assert(
      fc.property(fc.string(), fc.string(), (s1, s2) => {
        fc.pre(s1 !== s2);
        // 6 groups each choosing 2 of 15: the chance that two seeds agree everywhere is (1/105)^6
        expect(randomIds(s1)).not.toEqual(randomIds(s2));
      }),
      { numRuns: 50 },
    );
  });

  it('echoes the seed and plan so the sample can be redrawn', () => {
    expect(drawSample(sessions, thePlan, 'abc')).toMatchObject({ seed: 'abc', planId: 'test', planVersion: 1 });
  });
});

describe('input validation', () => {
  it('rejects duplicate session ids', () => {
    const s = session();
    expect(() => drawSample([s, { ...s }], plan(), 'seed')).toThrow(/duplicate session id/);
  });

  it('rejects an invalid session, naming its index', () => {
    const bad = { ...session(), endedAt: 'last Tuesday' };
    expect(() => drawSample([session(), bad], plan(), 'seed')).toThrow(/index 1/);
  });

  it('rejects an invalid plan', () => {
    const bad = plan({ random: { randomRate: 1.5 } });
    expect(() => drawSample([], bad, 'seed')).toThrow(AppFailure);
  });
});
