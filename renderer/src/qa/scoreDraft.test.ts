import { describe, expect, it } from 'vitest';
import { defaultScorecards, scoreSession } from '../../../shared/qa';
import { draftFromAnswers, emptyDraft, fullMarksDraft, previewScore, toAnswers } from './scoreDraft';

const card = defaultScorecards.find((c) => c.id === 'zh_service')!;

describe('live score preview', () => {
  it('an empty card is pending, totals 0 and can still reach 100', () => {
    const preview = previewScore(card, emptyDraft(card));
    expect(preview).toMatchObject({ total: 0, reachable: 100, verdict: 'pending', result: null, passMark: card.passMark });
    expect(preview.missing).toHaveLength(card.criteria.length + card.criticalItems.length);
  });

  it('full marks pass, and the preview equals what the hub computes', () => {
    const draft = fullMarksDraft(card);
    const preview = previewScore(card, draft);
    expect(preview.verdict).toBe('pass');
    expect(preview.result).toEqual(scoreSession(card, toAnswers(card, draft)!));
    expect(preview.total).toBe(100);
  });

  it('one failed critical item fails the session at full points, even before the card is complete', () => {
    const draft = fullMarksDraft(card);
    draft.critical.promised_returns = 'fail';
    expect(previewScore(card, draft)).toMatchObject({ total: 100, verdict: 'fail', failedCritical: ['promised_returns'] });
    const partial = emptyDraft(card);
    partial.critical.privacy_leak = 'fail';
    expect(previewScore(card, partial)).toMatchObject({ verdict: 'fail', result: null, failedCritical: ['privacy_leak'] });
  });

  it('counts weights, not raw points, and fails early once the pass mark is out of reach', () => {
    const draft = emptyDraft(card);
    draft.points.accuracy = 5; // weight 30, max 10: 15 points
    const preview = previewScore(card, draft);
    expect(preview.total).toBe(15);
    expect(preview.reachable).toBe(85);
    expect(preview.verdict).toBe('pending');
    draft.points.compliance = 0; // weight 25 lost: reachable 60 < 80
    expect(previewScore(card, draft)).toMatchObject({ reachable: 60, verdict: 'fail' });
  });

  it('does not submit out-of-range or fractional points', () => {
    const draft = fullMarksDraft(card);
    draft.points.greeting = 6;
    expect(toAnswers(card, draft)).toBeNull();
    draft.points.greeting = 2.5;
    expect(toAnswers(card, draft)).toBeNull();
    draft.points.greeting = 2;
    expect(toAnswers(card, draft)?.points.greeting).toBe(2);
  });

  it('reloads stored answers into the form', () => {
    const answers = toAnswers(card, fullMarksDraft(card))!;
    answers.points.empathy = 1;
    answers.critical.abusive_language = 'fail';
    const draft = draftFromAnswers(card, { ...answers, points: { ...answers.points, retired_criterion: 3 } });
    expect(draft.points.empathy).toBe(1);
    expect(draft.critical.abusive_language).toBe('fail');
    expect(draft.points).not.toHaveProperty('retired_criterion');
  });
});
