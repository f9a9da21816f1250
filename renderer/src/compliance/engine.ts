/**
 * The renderer's compliance engine: the same rule set file the hub enforces, bundled into the page, built once on
 * first use. A check is tens of microseconds, so drafts are checked synchronously on every change.
 */
import rulesJson from '../../../resources/compliance/rules.json';
import { createComplianceEngine, loadRuleSet, type ComplianceEngine, type ComplianceRule } from '../../../shared/compliance';

let engine: ComplianceEngine | null = null;
let rulesById: Map<string, ComplianceRule> | null = null;

export function complianceEngine(): ComplianceEngine {
  engine ??= createComplianceEngine(loadRuleSet(rulesJson));
  return engine;
}

export function complianceRule(ruleId: string): ComplianceRule | undefined {
  rulesById ??= new Map(complianceEngine().ruleSet.rules.map((r) => [r.id, r]));
  return rulesById.get(ruleId);
}
