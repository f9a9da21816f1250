import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decideSuitability } from '../../shared/suitability/decide';
import type { SuitabilityInput } from '../../shared/suitability/types';
import { runSuitabilityCli } from './suitability';

const casesPath = fileURLToPath(new URL('../../resources/suitability/cases.jsonl', import.meta.url));
const caseText = readFileSync(casesPath, 'utf8');
const caseSchema = z.object({
  id: z.string(),
  note: z.string().optional(),
  customer: z.record(z.string(), z.unknown()),
  product: z.looseObject({ code: z.string() }),
  customerInitiated: z.boolean(),
  asOf: z.string(),
  expected: z.enum(['allow', 'confirm', 'deny']),
});
const cases = caseText
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l, i) => {
    const parsed = caseSchema.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`cases.jsonl line ${i + 1}: ${parsed.error.message}`);
    return parsed.data;
  });

async function collect(lines: AsyncIterable<string> | string[]) {
  const out: string[] = [];
  const summary = await runSuitabilityCli(lines, (l) => out.push(l));
  return { summary, results: out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('labelled suitability cases', () => {
  it('has at least 60 cases with unique ids covering every verdict', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const verdict of ['allow', 'confirm', 'deny'])
      expect(cases.some((c) => c.expected === verdict)).toBe(true);
  });

  it.each(cases.map((c) => [c.id, c.note ?? '', c] as const))('%s %s', (_id, _note, c) => {
    // The file holds deliberately ill-typed values; decideSuitability must cope with them at run time.
    const input = {
      customer: c.customer,
      product: c.product,
      customerInitiated: c.customerInitiated,
      asOf: c.asOf,
    } as unknown as SuitabilityInput;
    expect(decideSuitability(input).decision).toBe(c.expected);
  });

  it('gives the same verdicts through the CLI', async () => {
    const { summary, results } = await collect(caseText.split('\n'));
    expect(summary).toEqual({ decided: cases.length, errors: 0 });
    expect(results.map((r) => [r.id, r.decision])).toEqual(cases.map((c) => [c.id, c.expected]));
  });
});

describe('runSuitabilityCli', () => {
  const good = JSON.stringify({
    id: 'a1',
    customer: {
      investorType: 'ordinary',
      riskGrade: 'C4',
      riskAssessedAt: '2026-01-10',
      age: 72,
      isLowestRiskTolerance: false,
    },
    product: { code: 'EQ001', riskLevel: 'R4', name: '中证500指数增强' },
    customerInitiated: false,
    asOf: '2026-06-01',
  });

  it('reports malformed lines with their line number and goes on', async () => {
    async function* lines() {
      yield good;
      yield '{not json';
      yield '';
      yield JSON.stringify({ id: 'x', customer: {}, product: { riskLevel: 'R1' }, asOf: '2026-06-01' });
      yield JSON.stringify({ id: 'y', customer: 'C3', product: { code: 'P' }, asOf: '2026-06-01' });
      yield good.replace('"a1"', '"a2"');
    }
    const { summary, results } = await collect(lines());
    expect(summary).toEqual({ decided: 2, errors: 3 });
    expect(results[0]).toMatchObject({ id: 'a1', decision: 'confirm' });
    expect(results[1]).toMatchObject({ line: 2, error: expect.stringContaining('invalid JSON') });
    expect(results[2]).toMatchObject({ line: 4, error: expect.stringContaining('product.code') });
    expect(results[3]).toMatchObject({ line: 5, error: expect.stringContaining('customer') });
    expect(results[4]).toMatchObject({ id: 'a2', decision: 'confirm' });
  });

  it('outputs bilingual reasons', async () => {
    const { results } = await collect([good]);
    const reasons = results[0]!.reasons as { code: string; zh: string; en: string }[];
    expect(reasons.map((r) => r.code)).toEqual(['WITHIN_GRADE', 'ELDERLY_HIGH_RISK']);
    expect(reasons[1]!.zh).toContain('70');
  });

  it('treats wrong-typed customer fields as invalid, never as valid', async () => {
    const line = JSON.stringify({
      id: 't',
      customer: {
        investorType: 'ordinary',
        riskGrade: 3,
        riskAssessedAt: '2026-01-10',
        age: 40,
        isLowestRiskTolerance: false,
      },
      product: { code: 'BF001', riskLevel: 'R2' },
      asOf: '2026-06-01',
    });
    const { results } = await collect([line]);
    expect(results[0]).toMatchObject({ decision: 'deny', reasons: [{ code: 'RISK_GRADE_MISSING' }] });
  });

  it('rejects a non-boolean customerInitiated as a malformed line', async () => {
    const line = good.replace('"customerInitiated":false', '"customerInitiated":"yes"');
    const { results } = await collect([line]);
    expect(results[0]).toMatchObject({ line: 1, error: expect.stringContaining('customerInitiated') });
  });
});
