/**
 * QA report: scores by agent, branch and period, pass rates, the most-failed criteria and critical items, and how
 * well head office agrees with the branches on the spot-checked sessions.
 *
 * Scores come from branch-level reviews (the official result); an overturned appeal replaces its session's score.
 * Agreement compares pass/fail verdicts of the paired spot checks (percent agreement and Cohen's kappa).
 */
import { cohensKappa, percentAgreement, type KappaResult } from '../stats/agreement';
import { toCsv, type CsvOptions } from '../stats/csv';
import { mean, quantile } from '../stats/quantile';
import { type AppealCase } from './appeal';
import { CHINA_UTC_OFFSET_MINUTES, periodKey, type Period } from './period';
import { pairReviews, type QaReview } from './review';
import { roundHalfUp, type Scorecard } from './scorecard';

export interface ScoreStats {
  key: string;
  /** What people call the key (an agent's or a branch's name), when known. */
  label?: string;
  count: number;
  meanScore: number;
  /** 0–1 */
  passRate: number;
  p50: number;
  p90: number;
}

export interface FailedItem {
  kind: 'criterion' | 'critical';
  scorecardId: string;
  id: string;
  name: { zh: string; en: string };
  failures: number;
  /** failures / reviews scored on that scorecard */
  rate: number;
}

export interface AgreementStats {
  pairs: number;
  /** Head-office reviews with no branch review to compare with (not counted in the figures). */
  unmatched: number;
  percentAgreement: number;
  kappa: KappaResult;
  /** Mean |head office − branch| total. */
  meanAbsoluteGap: number;
}

export interface QaReport {
  period: Period;
  overall: ScoreStats | null;
  byAgent: ScoreStats[];
  byBranch: ScoreStats[];
  byPeriod: ScoreStats[];
  mostFailed: FailedItem[];
  /** Null when no spot check can be paired with a branch review. */
  agreement: AgreementStats | null;
}

export interface QaReportInput {
  /** Reviews of any level; head-office ones are used only for agreement. */
  reviews: readonly QaReview[];
  scorecards: readonly Scorecard[];
  period: Period;
  utcOffsetMinutes?: number;
  /** Appeal cases; an overturned one replaces its session's total and verdict. */
  appeals?: readonly AppealCase[];
  /** How many entries of mostFailed to keep. Default 10. */
  mostFailedLimit?: number;
  /** Names for agent and branch ids, shown beside the ids in tables, charts and CSV. */
  names?: { agents?: Readonly<Record<string, string>>; branches?: Readonly<Record<string, string>> };
}

interface Scored {
  review: QaReview;
  total: number;
  passed: boolean;
}

function stats(key: string, items: readonly Scored[]): ScoreStats {
  const totals = items.map((i) => i.total);
  return {
    key,
    count: items.length,
    meanScore: mean(totals),
    passRate: items.filter((i) => i.passed).length / items.length,
    p50: quantile(totals, 0.5),
    p90: quantile(totals, 0.9),
  };
}

function grouped(items: readonly Scored[], keyOf: (s: Scored) => string, names: Readonly<Record<string, string>> = {}): ScoreStats[] {
  const groups = new Map<string, Scored[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, list]) => {
    const row = stats(key, list);
    const label = names[key];
    return label && label !== key ? { ...row, label } : row;
  });
}

function mostFailed(items: readonly Scored[], scorecards: readonly Scorecard[], limit: number): FailedItem[] {
  const cards = new Map(scorecards.map((c) => [c.id, c]));
  const reviewsPerCard = new Map<string, number>();
  const failures = new Map<string, FailedItem>();
  const count = (kind: FailedItem['kind'], scorecardId: string, id: string) => {
    const key = `${kind}\u001f${scorecardId}\u001f${id}`;
    let entry = failures.get(key);
    if (!entry) {
      const card = cards.get(scorecardId);
      const named = kind === 'criterion' ? card?.criteria.find((c) => c.id === id) : card?.criticalItems.find((c) => c.id === id);
      entry = { kind, scorecardId, id, name: named?.name ?? { zh: id, en: id }, failures: 0, rate: 0 };
      failures.set(key, entry);
    }
    entry.failures++;
  };
  for (const { review } of items) {
    const cardId = review.result.scorecardId;
    reviewsPerCard.set(cardId, (reviewsPerCard.get(cardId) ?? 0) + 1);
    for (const c of review.result.perCriterion) if (!c.met) count('criterion', cardId, c.criterionId);
    for (const id of review.result.failedCritical) count('critical', cardId, id);
  }
  return [...failures.values()]
    .map((f) => ({ ...f, rate: f.failures / (reviewsPerCard.get(f.scorecardId) ?? 1) }))
    // Critical items first on a tie: one failed critical item fails a session, a low criterion does not.
    .sort((a, b) => b.failures - a.failures || (a.kind === b.kind ? 0 : a.kind === 'critical' ? -1 : 1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

export function buildQaReport(input: QaReportInput): QaReport {
  const offset = input.utcOffsetMinutes ?? CHINA_UTC_OFFSET_MINUTES;
  const overturned = new Map<string, AppealCase>();
  for (const appeal of input.appeals ?? []) if (appeal.status === 'overturned') overturned.set(appeal.sessionId, appeal);

  const branchReviews = input.reviews.filter((r) => r.level === 'branch');
  const hoReviews = input.reviews.filter((r) => r.level === 'head_office');
  const scored: Scored[] = branchReviews.map((review) => {
    const appeal = overturned.get(review.sessionId);
    return appeal ? { review, total: appeal.score.total, passed: appeal.score.passed } : { review, total: review.result.total, passed: review.result.passed };
  });

  let agreement: AgreementStats | null = null;
  const { pairs, unmatched } = pairReviews(branchReviews, hoReviews);
  if (pairs.length > 0) {
    const verdict = (r: QaReview) => (r.result.passed ? 'pass' : 'fail');
    const branchVerdicts = pairs.map((p) => verdict(p.branch));
    const hoVerdicts = pairs.map((p) => verdict(p.headOffice));
    agreement = {
      pairs: pairs.length,
      unmatched: unmatched.length,
      percentAgreement: percentAgreement(branchVerdicts, hoVerdicts),
      kappa: cohensKappa(branchVerdicts, hoVerdicts),
      meanAbsoluteGap: mean(pairs.map((p) => Math.abs(p.headOffice.result.total - p.branch.result.total))),
    };
  }

  return {
    period: input.period,
    overall: scored.length > 0 ? stats('all', scored) : null,
    byAgent: grouped(scored, (s) => s.review.agentId, input.names?.agents),
    byBranch: grouped(scored, (s) => s.review.branchId, input.names?.branches),
    byPeriod: grouped(scored, (s) => periodKey(s.review.sessionEndedAt, input.period, offset)),
    mostFailed: mostFailed(scored, input.scorecards, input.mostFailedLimit ?? 10),
    agreement,
  };
}

export type ScoreTable = 'agent' | 'branch' | 'period';

const KEY_HEADERS: Record<ScoreTable, string> = { agent: '坐席 Agent', branch: '营业部 Branch', period: '周期 Period' };

/**
 * One of the report's score tables as CSV for Excel: bilingual headers, mean and percentiles to one decimal,
 * pass rate as a percentage. Pass `bom: true` for files opened by Excel in zh-CN.
 */
export function scoreTableCsv(report: QaReport, table: ScoreTable, options: CsvOptions = {}): string {
  const rows = table === 'agent' ? report.byAgent : table === 'branch' ? report.byBranch : report.byPeriod;
  const oneDecimal = (n: number) => roundHalfUp(n, 1);
  return toCsv(
    rows,
    [
      { header: KEY_HEADERS[table], value: (r) => r.key },
      ...(table === 'period' ? [] : [{ header: '名称 Name', value: (r: ScoreStats) => r.label ?? '' }]),
      { header: '质检数 Reviewed', value: (r) => r.count },
      { header: '平均分 Mean', value: (r) => oneDecimal(r.meanScore) },
      { header: '合格率% Pass rate %', value: (r) => oneDecimal(r.passRate * 100) },
      { header: 'P50', value: (r) => oneDecimal(r.p50) },
      { header: 'P90', value: (r) => oneDecimal(r.p90) },
    ],
    options,
  );
}
