/** The shipped rule set, loaded once for the tests. */
import rulesJson from '../../resources/compliance/rules.json';
import { createComplianceEngine } from './engine';
import { loadRuleSet } from './ruleSet';

export const shippedRuleSet = loadRuleSet(rulesJson);
export const shippedEngine = createComplianceEngine(shippedRuleSet);
