/** Loading escalation rule sets from text (an edited or deployment-specific rules.json). */
import { parseDataFile } from '../qa/data-file';
import { EscalationRulesSchema, type EscalationRules } from './rules';

export { defaultEscalationRules } from './rules';

/** Parse an edited rules file (text read by the caller), with line numbers in every error. */
export function parseEscalationRules(text: string, fileName = 'rules.json'): EscalationRules {
  return parseDataFile(text, EscalationRulesSchema, fileName);
}
