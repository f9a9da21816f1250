import { describe, expect, it } from 'vitest';
import rulesJson from '../../../resources/compliance/rules.json';
import { createComplianceEngine, loadRuleSet } from '../../../shared/compliance';
import { segmentText } from './segments';

const hit = (ruleId: string, severity: 'block' | 'warn', start: number, end: number) => ({ ruleId, severity, start, end });
const joined = (segs: { text: string }[]) => segs.map((s) => s.text).join('');

describe('segmentText', () => {
  it('returns the whole text as one plain segment when nothing is hit', () => {
    expect(segmentText('您好，请问有什么可以帮您？', [])).toEqual([{ start: 0, end: 13, text: '您好，请问有什么可以帮您？', ruleIds: [] }]);
    expect(segmentText('', [])).toEqual([]);
  });

  it('marks exactly the hit spans and keeps the text around them', () => {
    const segs = segmentText('建议您满仓操作。', [hit('induce.full_position', 'warn', 3, 5)]);
    expect(segs.map((s) => [s.text, s.severity ?? null])).toEqual([
      ['建议您', null],
      ['满仓', 'warn'],
      ['操作。', null],
    ]);
  });

  it('splits overlapping hits at every boundary and lets block win where they overlap', () => {
    const segs = segmentText('0123456789', [hit('a.warn', 'warn', 2, 6), hit('b.block', 'block', 4, 8)]);
    expect(segs.map((s) => [s.text, s.severity ?? null, s.ruleIds])).toEqual([
      ['01', null, []],
      ['23', 'warn', ['a.warn']],
      ['45', 'block', ['a.warn', 'b.block']],
      ['67', 'block', ['b.block']],
      ['89', null, []],
    ]);
  });

  it('merges adjacent hits of the same rule into one mark', () => {
    const segs = segmentText('abcdef', [hit('r', 'warn', 1, 3), hit('r', 'warn', 3, 5)]);
    expect(segs.map((s) => s.text)).toEqual(['a', 'bcde', 'f']);
  });

  it('clips stale offsets past the end of a shorter draft and drops empty spans', () => {
    const segs = segmentText('abc', [hit('r', 'block', 2, 9), hit('s', 'warn', 5, 7)]);
    expect(segs.map((s) => [s.text, s.severity ?? null])).toEqual([
      ['ab', null],
      ['c', 'block'],
    ]);
  });

  it('maps real engine hits (spaced-out evasions, multi-line drafts, surrogate pairs) to the original characters', () => {
    const engine = createComplianceEngine(loadRuleSet(rulesJson));
    const text = '😀 您好！\n这款产品 保 本 保 收 益，\n建议您满仓。';
    const { hits } = engine.check(text);
    expect(hits.length).toBeGreaterThanOrEqual(2);
    const segs = segmentText(text, hits);
    expect(joined(segs)).toBe(text);
    for (const h of hits) {
      const covered = segs.filter((s) => s.start >= h.start && s.end <= h.end);
      expect(covered.map((s) => s.text).join('')).toBe(h.matched);
      expect(covered.every((s) => s.ruleIds.includes(h.ruleId))).toBe(true);
    }
    const marked = segs.filter((s) => s.severity).map((s) => [s.text, s.severity]);
    expect(marked).toContainEqual(['满仓', 'warn']);
    expect(marked.some(([t, sev]) => sev === 'block' && String(t).includes('保 本'))).toBe(true);
  });
});
