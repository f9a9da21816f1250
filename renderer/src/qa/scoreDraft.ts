/**
 * The scorecard form's state while the reviewer fills it: criteria may still be unscored, and the live total, pass
 * mark and verdict are previewed with the same `scoreSession` the hub runs, so what the reviewer sees before
 * submitting is what the hub will record.
 */
import { roundHalfUp, scoreSession, type ScoreAnswers, type ScoreResult, type Scorecard } from '../../../shared/qa';

export type CriticalVerdict = 'pass' | 'fail';

export interface ScoreDraft {
  points: Record<string, number | null>;
  critical: Record<string, CriticalVerdict | null>;
}

export function emptyDraft(card: Scorecard): ScoreDraft {
  return {
    points: Object.fromEntries(card.criteria.map((c) => [c.id, null])),
    critical: Object.fromEntries(card.criticalItems.map((c) => [c.id, null])),
  };
}

/** Every criterion at full points and every critical item passed: a starting point the reviewer marks down from. */
export function fullMarksDraft(card: Scorecard): ScoreDraft {
  return {
    points: Object.fromEntries(card.criteria.map((c) => [c.id, c.maxPoints])),
    critical: Object.fromEntries(card.criticalItems.map((c) => [c.id, 'pass' as const])),
  };
}

/** A stored review's answers back in the form (ids the card no longer has are dropped). */
export function draftFromAnswers(card: Scorecard, answers: ScoreAnswers): ScoreDraft {
  const draft = emptyDraft(card);
  for (const c of card.criteria) if (typeof answers.points[c.id] === 'number') draft.points[c.id] = answers.points[c.id]!;
  for (const c of card.criticalItems) if (answers.critical[c.id]) draft.critical[c.id] = answers.critical[c.id]!;
  return draft;
}

export type Verdict = 'pass' | 'fail' | 'pending';

export interface ScorePreview {
  /** Weighted total of what is scored so far (unscored criteria count 0), one decimal. */
  total: number;
  /** The best total still reachable if every unscored criterion got full points. */
  reachable: number;
  passMark: number;
  /** Ids of unscored criteria and unanswered critical items. */
  missing: string[];
  failedCritical: string[];
  /**
   * 'fail' as soon as a critical item fails or the pass mark is out of reach, whatever the rest; 'pass' only when
   * the card is complete and passes; otherwise 'pending'.
   */
  verdict: Verdict;
  /** The hub's result, once every answer is in. */
  result: ScoreResult | null;
}

export function previewScore(card: Scorecard, draft: ScoreDraft): ScorePreview {
  const missing: string[] = [];
  let raw = 0;
  let open = 0;
  for (const c of card.criteria) {
    const points = draft.points[c.id];
    if (points === null || points === undefined) {
      missing.push(c.id);
      open += c.weight;
    } else {
      raw += (c.weight * Math.min(Math.max(points, 0), c.maxPoints)) / c.maxPoints;
    }
  }
  const failedCritical: string[] = [];
  for (const item of card.criticalItems) {
    const verdict = draft.critical[item.id];
    if (verdict === 'fail') failedCritical.push(item.id);
    else if (verdict !== 'pass') missing.push(item.id);
  }
  const total = roundHalfUp(raw, 1);
  const reachable = roundHalfUp(raw + open, 1);
  const answers = toAnswers(card, draft);
  const result = answers ? scoreSession(card, answers) : null;
  let verdict: Verdict = 'pending';
  if (result) verdict = result.passed ? 'pass' : 'fail';
  else if (failedCritical.length > 0 || reachable < card.passMark) verdict = 'fail';
  return { total: result?.total ?? total, reachable, passMark: card.passMark, missing, failedCritical, verdict, result };
}

/** The answers to submit, or null while something is unanswered or out of range. */
export function toAnswers(card: Scorecard, draft: ScoreDraft): ScoreAnswers | null {
  const points: Record<string, number> = {};
  const critical: Record<string, CriticalVerdict> = {};
  for (const c of card.criteria) {
    const p = draft.points[c.id];
    if (p === null || p === undefined || !Number.isInteger(p) || p < 0 || p > c.maxPoints) return null;
    points[c.id] = p;
  }
  for (const item of card.criticalItems) {
    const v = draft.critical[item.id];
    if (v !== 'pass' && v !== 'fail') return null;
    critical[item.id] = v;
  }
  return { points, critical };
}
