/**
 * QA sampling: which finished sessions go to the reviewers, and why.
 *
 * A sample is two things at once:
 * - targeted inclusion: every session with a compliance block or override, a suitability confirmation, complaint
 *   words from the customer (the escalation complaint list, negation-aware) or a low CSAT;
 * - a random baseline: per agent per period, ceil(randomRate × sessions) sessions, at least minPerAgent (or all of
 *   them when the agent had fewer). The random draw is over *all* the agent's sessions, including targeted ones,
 *   so it stays an unbiased estimate of the agent's everyday quality; a session picked both ways lists both reasons.
 *
 * Reproducible: a session's random rank depends only on the seed and its id (mulberry32 over a hash), so the same
 * sessions and seed give the same sample whatever order the sessions arrive in, and an auditor can redraw it.
 */
import { z } from 'zod';
import { AppFailure } from '../result';
import { ceilShare, seededPick } from '../stats/random';
import { defaultEscalationRules, detectComplaint, type EscalationRules } from '../escalation/rules';
import { CHINA_UTC_OFFSET_MINUTES, PeriodSchema, TimestampSchema, periodKey } from './period';

export const SessionSummarySchema = z.object({
  id: z.string().min(1),
  agentId: z.string().min(1),
  branchId: z.string().min(1),
  endedAt: TimestampSchema,
  /** Customer satisfaction rating, usually 1–5; absent when the customer did not rate. */
  csat: z.number().optional(),
  complianceBlocks: z.number().int().nonnegative(),
  complianceOverrides: z.number().int().nonnegative(),
  suitabilityConfirms: z.number().int().nonnegative(),
  /** The customer's messages, joined; scanned for complaint words. */
  customerText: z.string(),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

export const SamplingPlanSchema = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  name: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
  /** Offset of the centre's local time, used to bucket sessions into days/weeks/months. */
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(CHINA_UTC_OFFSET_MINUTES),
  include: z.object({
    complianceBlock: z.boolean(),
    complianceOverride: z.boolean(),
    suitabilityConfirm: z.boolean(),
    complaintWords: z.boolean(),
    /** Include sessions rated at or below the threshold; null turns the rule off. */
    lowCsat: z.object({ threshold: z.number() }).nullable(),
  }),
  random: z.object({
    randomRate: z.number().min(0).max(1),
    minPerAgent: z.number().int().nonnegative(),
    period: PeriodSchema,
  }),
});
export type SamplingPlan = z.infer<typeof SamplingPlanSchema>;
export type SamplingPlanInput = z.input<typeof SamplingPlanSchema>;

/** Settings for the second level of review and appeals, shipped beside the plans. */
export const ReviewPolicySchema = z.object({
  /** Share of each branch's reviewed sessions that head office re-scores blind. */
  spotCheckRate: z.number().min(0).max(1),
  /** Score gap (points on 0–100) from which branch and head office are said to disagree. */
  disagreementThreshold: z.number().positive().max(100),
  /** Days after publication during which an agent may appeal. */
  appealWindowDays: z.number().positive(),
});
export type ReviewPolicy = z.infer<typeof ReviewPolicySchema>;

export const PlansFileSchema = z
  .object({ plans: z.array(SamplingPlanSchema).min(1), review: ReviewPolicySchema })
  .refine((f) => new Set(f.plans.map((p) => p.id)).size === f.plans.length, { message: 'plan ids must be unique' });

export const SAMPLE_REASONS = [
  'compliance_block',
  'compliance_override',
  'suitability_confirm',
  'complaint_words',
  'low_csat',
  'random',
] as const;
export type SampleReason = (typeof SAMPLE_REASONS)[number];

export interface SampleItem {
  sessionId: string;
  agentId: string;
  branchId: string;
  /** In the fixed order of SAMPLE_REASONS. */
  reasons: SampleReason[];
  /** The complaint words found, when complaint_words is a reason (so the reviewer sees why). */
  complaintWords?: string[];
}

export interface SampleResult {
  planId: string;
  planVersion: number;
  seed: string;
  /** Sessions considered. */
  population: number;
  /** Sessions in the sample (each once, whatever its number of reasons). */
  drawn: number;
  /** Ordered by session id. */
  items: SampleItem[];
  /** Sessions per reason; a session with two reasons counts under both, so these can add up to more than drawn. */
  byReason: Record<SampleReason, number>;
}

export interface DrawOptions {
  /** The complaint word list; the shipped escalation rules by default, so QA and escalation agree on "complaint". */
  escalationRules?: EscalationRules;
}

function targetedReasons(
  session: SessionSummary,
  plan: SamplingPlan,
  rules: EscalationRules,
): { reasons: Set<SampleReason>; complaintWords?: string[] } {
  const reasons = new Set<SampleReason>();
  let complaintWords: string[] | undefined;
  if (plan.include.complianceBlock && session.complianceBlocks > 0) reasons.add('compliance_block');
  if (plan.include.complianceOverride && session.complianceOverrides > 0) reasons.add('compliance_override');
  if (plan.include.suitabilityConfirm && session.suitabilityConfirms > 0) reasons.add('suitability_confirm');
  if (plan.include.complaintWords) {
    const complaint = detectComplaint(session.customerText, rules);
    if (complaint) {
      reasons.add('complaint_words');
      complaintWords = complaint.matched;
    }
  }
  const lowCsat = plan.include.lowCsat;
  if (lowCsat && session.csat !== undefined && session.csat <= lowCsat.threshold) reasons.add('low_csat');
  return complaintWords ? { reasons, complaintWords } : { reasons };
}

/** How many to draw at random from a group of `n` sessions (one agent, one period). */
export function randomQuota(n: number, random: SamplingPlan['random']): number {
  return Math.min(n, Math.max(random.minPerAgent, ceilShare(random.randomRate, n)));
}

/**
 * Draw a sample. Throws AppFailure('BAD_REQUEST') on an invalid plan, an invalid session or a duplicate session id
 * (a duplicate would make the sample depend on which copy came first).
 */
export function drawSample(
  sessions: readonly SessionSummary[],
  plan: SamplingPlanInput | SamplingPlan,
  seed: string,
  options: DrawOptions = {},
): SampleResult {
  const parsedPlan = SamplingPlanSchema.safeParse(plan);
  if (!parsedPlan.success) throw new AppFailure('BAD_REQUEST', `invalid sampling plan: ${z.prettifyError(parsedPlan.error)}`, parsedPlan.error.issues);
  const thePlan = parsedPlan.data;
  const rules = options.escalationRules ?? defaultEscalationRules;

  const byId = new Map<string, SessionSummary>();
  sessions.forEach((session, index) => {
    const parsed = SessionSummarySchema.safeParse(session);
    if (!parsed.success) throw new AppFailure('BAD_REQUEST', `invalid session at index ${index}: ${z.prettifyError(parsed.error)}`, parsed.error.issues);
    if (byId.has(session.id)) throw new AppFailure('BAD_REQUEST', `duplicate session id "${session.id}" in the sampling input`);
    byId.set(session.id, parsed.data);
  });

  const picked = new Map<string, { session: SessionSummary; reasons: Set<SampleReason>; complaintWords?: string[] }>();
  const pick = (session: SessionSummary) => {
    let entry = picked.get(session.id);
    if (!entry) picked.set(session.id, (entry = { session, reasons: new Set() }));
    return entry;
  };

  const groups = new Map<string, SessionSummary[]>();
  for (const session of byId.values()) {
    const targeted = targetedReasons(session, thePlan, rules);
    if (targeted.reasons.size > 0) {
      const entry = pick(session);
      targeted.reasons.forEach((r) => entry.reasons.add(r));
      if (targeted.complaintWords) entry.complaintWords = targeted.complaintWords;
    }
    const key = `${session.agentId}\u001f${periodKey(session.endedAt, thePlan.random.period, thePlan.utcOffsetMinutes)}`;
    const group = groups.get(key);
    if (group) group.push(session);
    else groups.set(key, [session]);
  }

  for (const group of groups.values()) {
    for (const session of seededPick(group, randomQuota(group.length, thePlan.random), seed, (s) => s.id)) {
      pick(session).reasons.add('random');
    }
  }

  const byReason = Object.fromEntries(SAMPLE_REASONS.map((r) => [r, 0])) as Record<SampleReason, number>;
  const items = [...picked.values()]
    .sort((a, b) => (a.session.id < b.session.id ? -1 : a.session.id > b.session.id ? 1 : 0))
    .map(({ session, reasons, complaintWords }): SampleItem => {
      const ordered = SAMPLE_REASONS.filter((r) => reasons.has(r));
      ordered.forEach((r) => byReason[r]++);
      return {
        sessionId: session.id,
        agentId: session.agentId,
        branchId: session.branchId,
        reasons: ordered,
        ...(complaintWords ? { complaintWords } : {}),
      };
    });

  return { planId: thePlan.id, planVersion: thePlan.version, seed, population: byId.size, drawn: items.length, items, byReason };
}
