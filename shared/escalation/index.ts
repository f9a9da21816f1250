export {
  EscalationRulesSchema,
  EscalationFactsSchema,
  defaultEscalationRules,
  detectComplaint,
  detectSupervisorRequest,
  shouldAutoEscalate,
  type EscalationRules,
  type EscalationFacts,
  type EscalationDecision,
  type EscalationReason,
  type EscalationReasonCode,
} from './rules';
export { parseEscalationRules } from './defaults';
export { foldCharacters, normalizeClauses, normalizeTerm } from './normalize';
