/**
 * Batch suitability decisions: one JSON object per input line, one JSON result per output line.
 * Registered by the compliance CLI as its `suitability` subcommand.
 *
 * Input:  { id, customer: { investorType, riskGrade, riskAssessedAt, age, isLowestRiskTolerance }, product: { code,
 *           riskLevel, name }, customerInitiated, asOf }
 * Output: { id, decision, reasons }  — or { line, error } for a line that cannot be read; the rest goes on.
 */
import { z } from 'zod';
import { decideSuitability } from '../../shared/suitability/decide';
import type { SuitabilityCustomer, SuitabilityInput } from '../../shared/suitability/types';

const requestSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number()]),
  customer: z.record(z.string(), z.unknown()),
  product: z.looseObject({
    code: z.string().min(1),
    riskLevel: z.unknown().optional(),
    name: z.unknown().optional(),
  }),
  customerInitiated: z.boolean().optional(),
  asOf: z.string().min(1),
});

// The rules treat a wrong-typed field as invalid; keep it as something invalid rather than silently dropping it.
const asText = (value: unknown): string | undefined =>
  value === undefined || value === null
    ? undefined
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
const asAge = (value: unknown): number | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'number' ? value : Number.NaN;
const asFlag = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);

function toInput(request: z.infer<typeof requestSchema>): SuitabilityInput {
  const c = request.customer;
  const customer: SuitabilityCustomer = {
    investorType: asText(c.investorType),
    riskGrade: asText(c.riskGrade),
    riskAssessedAt: asText(c.riskAssessedAt),
    age: asAge(c.age),
    isLowestRiskTolerance: asFlag(c.isLowestRiskTolerance),
  };
  return {
    customer,
    product: {
      code: request.product.code,
      riskLevel: asText(request.product.riskLevel),
      name: asText(request.product.name),
    },
    customerInitiated: request.customerInitiated === true,
    asOf: request.asOf,
  };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');
}

export interface SuitabilityCliSummary {
  decided: number;
  errors: number;
}

export async function runSuitabilityCli(
  lines: AsyncIterable<string> | string[],
  out: (line: string) => void,
): Promise<SuitabilityCliSummary> {
  const summary: SuitabilityCliSummary = { decided: 0, errors: 0 };
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber += 1;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      summary.errors += 1;
      out(JSON.stringify({ line: lineNumber, error: `invalid JSON: ${(err as Error).message}` }));
      continue;
    }
    const parsed = requestSchema.safeParse(json);
    if (!parsed.success) {
      summary.errors += 1;
      out(JSON.stringify({ line: lineNumber, error: describeIssues(parsed.error) }));
      continue;
    }
    const { decision, reasons } = decideSuitability(toInput(parsed.data));
    summary.decided += 1;
    out(JSON.stringify({ id: parsed.data.id, decision, reasons }));
  }
  return summary;
}
