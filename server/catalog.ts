/**
 * The data files the hub works from (rule sets, catalogues), read from resources/ and validated once at start:
 * a bad file stops the hub with a message naming the file and the field, rather than failing on a customer later.
 */
import { readFileSync } from 'node:fs';
import { resourcePath } from './resources';
import { createComplianceEngine, loadRuleSet, type ComplianceEngine } from '../shared/compliance';
import { parseCards, parseProducts, type Card, type Product } from '../shared/suitability/catalog';
import { parseOpportunityRules, type OpportunityRule } from '../shared/opportunity/rules';

export interface HubCatalog {
  compliance: ComplianceEngine;
  complianceVersion: string;
  products: Product[];
  cards: Card[];
  opportunityRules: OpportunityRule[];
}

function readJson(relative: string): unknown {
  const file = resourcePath(relative);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

let cached: HubCatalog | null = null;

export function loadCatalog(): HubCatalog {
  if (cached) return cached;
  const rulesJson = readJson('compliance/rules.json');
  const ruleSet = loadRuleSet(rulesJson);
  cached = {
    compliance: createComplianceEngine(ruleSet),
    complianceVersion: String((rulesJson as { version?: unknown }).version ?? 'unknown'),
    products: parseProducts(readJson('products/products.json')),
    cards: parseCards(readJson('cards/cards.json')),
    opportunityRules: parseOpportunityRules(readJson('customers/opportunity-rules.json')),
  };
  return cached;
}
