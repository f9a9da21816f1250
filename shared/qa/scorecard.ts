/**
 * Scorecards are data (`resources/qa/scorecards.json`): weighted criteria scored in points, plus critical items
 * (红线) that fail the session whatever its score.
 *
 * Scoring: each criterion contributes weight × points / maxPoints; weights add up to 100, so the total is 0–100.
 * The total is rounded half-up to one decimal, and the pass mark is compared with that rounded total, so the
 * number a reviewer sees and the verdict never disagree.
 */
import { z } from 'zod';
import { AppFailure } from '../result';

const Bilingual = z.object({ zh: z.string().trim().min(1), en: z.string().trim().min(1) });
const Id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case');

export const CriterionSchema = z.object({
  id: Id,
  name: Bilingual,
  description: Bilingual,
  /** Share of the 100-point total this criterion carries. */
  weight: z.number().positive(),
  maxPoints: z.number().int().positive(),
});

export const CriticalItemSchema = z.object({ id: Id, name: Bilingual, description: Bilingual });

export const ScorecardSchema = z
  .object({
    id: Id,
    version: z.number().int().positive(),
    name: Bilingual,
    /** Which sessions the card is for, e.g. "service" or "product_push". */
    channel: z.string().min(1),
    locale: z.string().min(2),
    /** Pass mark on the 0–100 total. */
    passMark: z.number().min(0).max(100),
    /** A criterion scoring below this share of its max points counts as "failed" in reports (most-failed list). */
    criterionPassRatio: z.number().gt(0).max(1),
    criteria: z.array(CriterionSchema).min(1),
    criticalItems: z.array(CriticalItemSchema),
  })
  .superRefine((card, ctx) => {
    const weightSum = card.criteria.reduce((sum, c) => sum + c.weight, 0);
    if (Math.abs(weightSum - 100) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: `criterion weights must add up to 100, they add up to ${weightSum}` });
    }
    const seen = new Set<string>();
    [...card.criteria, ...card.criticalItems].forEach((item) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['criteria'], message: `duplicate id "${item.id}" (criteria and critical items share one id space)` });
      seen.add(item.id);
    });
  });
export type Scorecard = z.infer<typeof ScorecardSchema>;

export const ScorecardFileSchema = z
  .object({ scorecards: z.array(ScorecardSchema).min(1) })
  .refine((f) => new Set(f.scorecards.map((c) => c.id)).size === f.scorecards.length, { message: 'scorecard ids must be unique' });

/** A reviewer's answers: points per criterion id, pass/fail per critical item id. */
export interface ScoreAnswers {
  points: Record<string, number>;
  critical: Record<string, 'pass' | 'fail'>;
}

export interface CriterionScore {
  criterionId: string;
  points: number;
  maxPoints: number;
  weight: number;
  /** weight × points / maxPoints, rounded to 2 decimals for display. */
  weighted: number;
  /** points / maxPoints ≥ the card's criterionPassRatio. */
  met: boolean;
}

export interface ScoreResult {
  scorecardId: string;
  scorecardVersion: number;
  /** 0–100, one decimal, half-up. */
  total: number;
  passed: boolean;
  /** Ids of critical items answered "fail"; any one fails the session. */
  failedCritical: string[];
  perCriterion: CriterionScore[];
}

export interface AnswerIssue {
  path: string;
  message: string;
}

/**
 * Round half-up to `decimals`. The epsilon stops a sum that is x.x5 on paper but a hair below in binary from rounding
 * down: 0.7 + 0.35 is 1.0499999999999998, and 1.005 × 100 is 100.49999999999999.
 */
export function roundHalfUp(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor + 1e-9) / factor;
}

/** Every problem with the answers, so the reviewer's form can show them all at once. Empty when valid. */
export function validateAnswers(card: Scorecard, answers: ScoreAnswers): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const criteria = new Map(card.criteria.map((c) => [c.id, c]));
  const critical = new Set(card.criticalItems.map((c) => c.id));
  const points = answers?.points ?? {};
  const verdicts = answers?.critical ?? {};
  for (const c of card.criteria) {
    const value = points[c.id];
    if (value === undefined) issues.push({ path: `points.${c.id}`, message: `criterion "${c.id}" (${c.name.zh}) is not scored` });
    else if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > c.maxPoints) {
      issues.push({ path: `points.${c.id}`, message: `criterion "${c.id}" (${c.name.zh}) must be a whole number from 0 to ${c.maxPoints}, got ${JSON.stringify(value)}` });
    }
  }
  for (const id of Object.keys(points)) {
    if (!criteria.has(id)) issues.push({ path: `points.${id}`, message: `"${id}" is not a criterion of scorecard "${card.id}"` });
  }
  for (const item of card.criticalItems) {
    const verdict = verdicts[item.id];
    if (verdict === undefined) issues.push({ path: `critical.${item.id}`, message: `critical item "${item.id}" (${item.name.zh}) is not answered` });
    else if (verdict !== 'pass' && verdict !== 'fail') issues.push({ path: `critical.${item.id}`, message: `critical item "${item.id}" must be "pass" or "fail", got ${JSON.stringify(verdict)}` });
  }
  for (const id of Object.keys(verdicts)) {
    if (!critical.has(id)) issues.push({ path: `critical.${id}`, message: `"${id}" is not a critical item of scorecard "${card.id}"` });
  }
  return issues;
}

/** Score one session. Throws AppFailure('BAD_REQUEST') listing every invalid answer (details: AnswerIssue[]). */
export function scoreSession(card: Scorecard, answers: ScoreAnswers): ScoreResult {
  const issues = validateAnswers(card, answers);
  if (issues.length > 0) {
    throw new AppFailure('BAD_REQUEST', `评分无效 / invalid answers for scorecard "${card.id}": ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  let raw = 0;
  const perCriterion = card.criteria.map((c): CriterionScore => {
    const points = answers.points[c.id] as number;
    const contribution = (c.weight * points) / c.maxPoints;
    raw += contribution;
    return {
      criterionId: c.id,
      points,
      maxPoints: c.maxPoints,
      weight: c.weight,
      weighted: roundHalfUp(contribution, 2),
      met: points / c.maxPoints >= card.criterionPassRatio - 1e-12,
    };
  });
  const total = roundHalfUp(raw, 1);
  const failedCritical = card.criticalItems.filter((item) => answers.critical[item.id] === 'fail').map((item) => item.id);
  return {
    scorecardId: card.id,
    scorecardVersion: card.version,
    total,
    passed: failedCritical.length === 0 && total >= card.passMark,
    failedCritical,
    perCriterion,
  };
}
