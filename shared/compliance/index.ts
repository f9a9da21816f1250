/** Compliance engine: live risk warnings for agents' drafts, enforced again on the hub. */
export { createComplianceEngine } from './engine';
export { loadRuleSet, RuleSetError } from './ruleSet';
export { normalizeText } from './normalize';
export { COMPLIANCE_CATEGORIES, PII_DETECTORS } from './types';
export type {
  Bilingual,
  ComplianceCategory,
  ComplianceEngine,
  ComplianceHit,
  ComplianceResult,
  ComplianceRule,
  ComplianceSession,
  NegationLexicon,
  PiiDetector,
  RuleSet,
  Severity,
  Verdict,
} from './types';
