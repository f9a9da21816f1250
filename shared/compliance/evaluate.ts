/** Quality figures of a rule set over a labelled sample set (resources/compliance/samples.jsonl). */
import { z } from 'zod';
import { COMPLIANCE_CATEGORIES, type ComplianceEngine, type Verdict } from './types';

export const sampleSchema = z.object({
  id: z.string().min(1),
  text: z.string(),
  expected: z.enum(['block', 'warn', 'pass']),
  category: z.enum(COMPLIANCE_CATEGORIES).optional(),
});
export type LabelledSample = z.infer<typeof sampleSchema>;

export interface SampleParseError {
  line: number;
  error: string;
}

/** Parse JSON lines; a bad line is reported with its number and the others are kept. */
export function parseSamples(jsonl: string): { samples: LabelledSample[]; errors: SampleParseError[] } {
  const samples: LabelledSample[] = [];
  const errors: SampleParseError[] = [];
  jsonl.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      errors.push({ line: index + 1, error: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    const parsed = sampleSchema.safeParse(json);
    if (parsed.success) samples.push(parsed.data);
    else errors.push({ line: index + 1, error: parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ') });
  });
  return { samples, errors };
}

export interface EvaluationReport {
  total: number;
  /** `block` as the positive class. */
  block: { truePositives: number; falsePositives: number; falseNegatives: number; precision: number; recall: number };
  /** Violations (expected block or warn) that got any warning at all. */
  violationsFlagged: number;
  violations: number;
  /** Clean drafts (expected pass) that were warned or blocked. */
  cleanFlagged: number;
  clean: number;
  cleanFalseAlarmRate: number;
  exactAgreement: number;
  mismatches: { id: string; expected: Verdict; actual: Verdict; text: string; rules: string[] }[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

export function evaluateSamples(engine: ComplianceEngine, samples: readonly LabelledSample[]): EvaluationReport {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let violations = 0;
  let violationsFlagged = 0;
  let clean = 0;
  let cleanFlagged = 0;
  let exact = 0;
  const mismatches: EvaluationReport['mismatches'] = [];
  for (const sample of samples) {
    const result = engine.check(sample.text);
    const actual = result.verdict;
    if (actual === 'block' && sample.expected === 'block') tp++;
    else if (actual === 'block') fp++;
    else if (sample.expected === 'block') fn++;
    if (sample.expected === 'pass') {
      clean++;
      if (actual !== 'pass') cleanFlagged++;
    } else {
      violations++;
      if (actual !== 'pass') violationsFlagged++;
    }
    if (actual === sample.expected) exact++;
    else mismatches.push({ id: sample.id, expected: sample.expected, actual, text: sample.text, rules: result.hits.map((h) => h.ruleId) });
  }
  return {
    total: samples.length,
    block: { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn) },
    violationsFlagged,
    violations,
    cleanFlagged,
    clean,
    cleanFalseAlarmRate: clean === 0 ? 0 : cleanFlagged / clean,
    exactAgreement: ratio(exact, samples.length),
    mismatches,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatReport(report: EvaluationReport): string {
  const lines = [
    `samples: ${report.total} (violations ${report.violations}, clean ${report.clean})`,
    `block precision: ${pct(report.block.precision)} (${report.block.truePositives}/${report.block.truePositives + report.block.falsePositives})`,
    `block recall:    ${pct(report.block.recall)} (${report.block.truePositives}/${report.block.truePositives + report.block.falseNegatives})`,
    `violations flagged (warn or block): ${pct(ratio(report.violationsFlagged, report.violations))} (${report.violationsFlagged}/${report.violations})`,
    `clean drafts wrongly warned or blocked: ${pct(report.cleanFalseAlarmRate)} (${report.cleanFlagged}/${report.clean})`,
    `exact verdict agreement: ${pct(report.exactAgreement)}`,
  ];
  for (const m of report.mismatches) lines.push(`  ${m.id} expected ${m.expected}, got ${m.actual} [${m.rules.join(', ')}]: ${m.text}`);
  return lines.join('\n');
}
