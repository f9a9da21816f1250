/**
 * Two levels of review. Branch reviewers score their branch's sample; head office re-scores a seeded share of
 * those reviews *blind* (without seeing the branch's score), and the two are compared.
 */
import { ceilShare, seededPick } from '../stats/random';
import { type ScoreAnswers, type ScoreResult } from './scorecard';

export type ReviewLevel = 'branch' | 'head_office';

export interface QaReview {
  sessionId: string;
  agentId: string;
  branchId: string;
  reviewerId: string;
  level: ReviewLevel;
  scorecardId: string;
  answers: ScoreAnswers;
  result: ScoreResult;
  /** When the reviewed session ended (ISO); reports bucket scores by this, the period the agent served in. */
  sessionEndedAt: string;
  /** ISO timestamp. */
  reviewedAt: string;
  notes?: string;
}

/** What a head-office reviewer gets to start a blind spot check: which session, which card — no verdict. */
export interface BlindReviewTask {
  sessionId: string;
  agentId: string;
  branchId: string;
  scorecardId: string;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Seeded spot-check pick: ceil(rate × n) of each branch's reviewed sessions (at least one per branch when the rate
 * is above 0), so a small branch is checked too rather than being crowded out by a big one. Reproducible and
 * independent of input order, like `drawSample`. Only branch-level reviews are eligible.
 */
export function pickSpotChecks(reviewed: readonly QaReview[], rate: number, seed: string): QaReview[] {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`spot-check rate must be within [0, 1], got ${rate}`);
  const byBranch = new Map<string, QaReview[]>();
  for (const review of reviewed) {
    if (review.level !== 'branch') continue;
    const list = byBranch.get(review.branchId);
    if (list) list.push(review);
    else byBranch.set(review.branchId, [review]);
  }
  const picked: QaReview[] = [];
  for (const list of byBranch.values()) {
    // Salted so that reusing the sampling seed does not favour the sessions that ranked low in the sample draw.
    picked.push(...seededPick(list, Math.min(list.length, ceilShare(rate, list.length)), `${seed}\u001fspot-check`, (r) => r.sessionId));
  }
  return picked.sort((a, b) => byId(a.sessionId, b.sessionId));
}

/**
 * The branch review as the head-office reviewer may see it. Built from an allow-list, not by deleting fields, so a
 * field added to QaReview later (a comment, a grade) cannot leak the branch's verdict by accident.
 */
export function blindView(review: QaReview): BlindReviewTask {
  return { sessionId: review.sessionId, agentId: review.agentId, branchId: review.branchId, scorecardId: review.scorecardId };
}

export interface ReviewPair {
  sessionId: string;
  branch: QaReview;
  headOffice: QaReview;
}

/**
 * Match head-office reviews to the branch review of the same session. A head-office review with no branch review
 * is returned in `unmatched` rather than dropped; if a session has several reviews at one level, the latest counts.
 */
export function pairReviews(branchReviews: readonly QaReview[], hoReviews: readonly QaReview[]): { pairs: ReviewPair[]; unmatched: QaReview[] } {
  const latest = (list: readonly QaReview[]) => {
    const map = new Map<string, QaReview>();
    for (const r of list) {
      const prev = map.get(r.sessionId);
      if (!prev || Date.parse(r.reviewedAt) > Date.parse(prev.reviewedAt)) map.set(r.sessionId, r);
    }
    return map;
  };
  const branch = latest(branchReviews);
  const pairs: ReviewPair[] = [];
  const unmatched: QaReview[] = [];
  for (const ho of latest(hoReviews).values()) {
    const b = branch.get(ho.sessionId);
    if (b) pairs.push({ sessionId: ho.sessionId, branch: b, headOffice: ho });
    else unmatched.push(ho);
  }
  pairs.sort((a, b) => byId(a.sessionId, b.sessionId));
  return { pairs, unmatched };
}

export interface Disagreement {
  sessionId: string;
  branchId: string;
  agentId: string;
  branch: { reviewerId: string; total: number; passed: boolean };
  headOffice: { reviewerId: string; total: number; passed: boolean };
  /** |head office − branch| total, one decimal. */
  gap: number;
  reasons: ('pass_fail' | 'score_gap')[];
}

/** Spot-checked sessions where the verdicts differ or the totals are at least `threshold` points apart. */
export function listDisagreements(branchReviews: readonly QaReview[], hoReviews: readonly QaReview[], threshold: number): Disagreement[] {
  if (!(threshold > 0)) throw new RangeError(`disagreement threshold must be above 0, got ${threshold}`);
  const out: Disagreement[] = [];
  for (const { sessionId, branch, headOffice } of pairReviews(branchReviews, hoReviews).pairs) {
    // Totals carry one decimal; rounding the difference stops 70.1 − 60.1 = 9.999999999999993 missing a threshold of 10.
    const gap = Math.round(Math.abs(headOffice.result.total - branch.result.total) * 10) / 10;
    const reasons: Disagreement['reasons'] = [];
    if (branch.result.passed !== headOffice.result.passed) reasons.push('pass_fail');
    if (gap >= threshold) reasons.push('score_gap');
    if (reasons.length === 0) continue;
    out.push({
      sessionId,
      branchId: branch.branchId,
      agentId: branch.agentId,
      branch: { reviewerId: branch.reviewerId, total: branch.result.total, passed: branch.result.passed },
      headOffice: { reviewerId: headOffice.reviewerId, total: headOffice.result.total, passed: headOffice.result.passed },
      gap,
      reasons,
    });
  }
  return out;
}
