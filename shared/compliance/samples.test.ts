import { describe, expect, it } from 'vitest';
import samplesText from '../../resources/compliance/samples.jsonl?raw';
import { evaluateSamples, formatReport, parseSamples } from './evaluate';
import { shippedEngine } from './testRules';
import { COMPLIANCE_CATEGORIES } from './types';

describe('labelled sample set', () => {
  const { samples, errors } = parseSamples(samplesText);

  it('is well formed, large enough and covers every category', () => {
    expect(errors).toEqual([]);
    expect(samples.length).toBeGreaterThanOrEqual(250);
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
    const categories = new Set(samples.filter((s) => s.expected !== 'pass').map((s) => s.category));
    for (const category of COMPLIANCE_CATEGORIES) expect(categories).toContain(category);
  });

  it('reaches the quality bar: block precision ≥ 95 %, block recall ≥ 90 %, ≤ 5 % of clean drafts flagged', () => {
    const report = evaluateSamples(shippedEngine, samples);
    console.log(formatReport(report));
    expect(report.block.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.block.recall).toBeGreaterThanOrEqual(0.9);
    expect(report.cleanFalseAlarmRate).toBeLessThanOrEqual(0.05);
  });
});

describe('parseSamples', () => {
  it('reports a malformed line with its number and keeps the rest', () => {
    const { samples, errors } = parseSamples('{"id":"a","text":"x","expected":"pass"}\nnot json\n{"id":"b","text":"y","expected":"maybe"}\n');
    expect(samples.map((s) => s.id)).toEqual(['a']);
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
    expect(errors[1]!.error).toMatch(/expected/);
  });
});
