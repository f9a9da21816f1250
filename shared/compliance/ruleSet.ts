/**
 * The rule set is data (resources/compliance/rules.json) that compliance staff edit without touching code.
 * It is validated on load; every error names the rule and the field so that the editor knows what to fix.
 */
import { z } from 'zod';
import { normalizeText } from './normalize';
import { COMPLIANCE_CATEGORIES, PII_DETECTORS, type RuleSet } from './types';

export class RuleSetError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'RuleSetError';
  }
}

const text = z.string().trim().min(1, 'must not be empty');
const bilingual = z.object({ zh: text, en: text }, { error: 'must be an object { zh, en }' });

const ruleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]+$/, 'must be lower-case letters, digits, "_", "." or "-"'),
    category: z.enum(COMPLIANCE_CATEGORIES, { error: `must be one of ${COMPLIANCE_CATEGORIES.join(', ')}` }),
    severity: z.enum(['block', 'warn'], { error: 'must be "block" or "warn"' }),
    reason: bilingual,
    alternative: bilingual,
    phrases: z.array(text).default([]),
    patterns: z.array(text).default([]),
    detector: z.enum(PII_DETECTORS, { error: `must be one of ${PII_DETECTORS.join(', ')}` }).optional(),
    negatable: z.boolean().default(true),
    variants: z.boolean().default(true),
  })
  .strict();

const negationSchema = z
  .object({
    before: z.array(text).min(1),
    strong: z.array(text).default([]),
    after: z.array(text).default([]),
    pseudo: z.array(text).default([]),
    windowBefore: z.number().int().min(1).max(20),
    windowStrong: z.number().int().min(0).max(60),
    windowAfter: z.number().int().min(0).max(30),
  })
  .strict();

const ruleSetSchema = z
  .object({
    version: text,
    updatedAt: text,
    negation: negationSchema,
    variants: z.record(z.string().length(1, 'variant keys are single characters'), z.array(text)).default({}),
    allow: z.array(text).default([]),
    rules: z.array(z.unknown()).min(1, 'must list at least one rule'),
  })
  .strict();

/** Shortest phrase after normalisation: a single character would flag half the language. */
const MIN_PHRASE_LENGTH = 2;

function describePath(path: readonly PropertyKey[], rules: unknown[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
    if (i === 1 && path[0] === 'rules' && typeof key === 'number') {
      const id = (rules[key] as { id?: unknown } | null)?.id;
      if (typeof id === 'string') out += ` (id "${id}")`;
    }
  }
  return out || '(root)';
}

/** Validate a parsed rules.json. Throws RuleSetError listing every problem found. */
export function loadRuleSet(json: unknown): RuleSet {
  const problems: string[] = [];
  const top = ruleSetSchema.safeParse(json);
  if (!top.success) {
    for (const issue of top.error.issues) problems.push(`${describePath(issue.path, [])}: ${issue.message}`);
    throw new RuleSetError(`Invalid compliance rule set:\n  ${problems.join('\n  ')}`, problems);
  }
  const rawRules = top.data.rules;
  const rules: RuleSet['rules'] = [];
  const seenIds = new Map<string, number>();

  rawRules.forEach((raw, index) => {
    const parsed = ruleSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${describePath(['rules', index, ...issue.path], rawRules)}: ${issue.message}`);
      return;
    }
    const rule = parsed.data;
    const where = `rules[${index}] (id "${rule.id}")`;
    const earlier = seenIds.get(rule.id);
    if (earlier !== undefined) problems.push(`${where}.id: duplicate of rules[${earlier}]`);
    seenIds.set(rule.id, index);
    const kinds = (rule.phrases.length > 0 ? 1 : 0) + (rule.patterns.length > 0 ? 1 : 0) + (rule.detector ? 1 : 0);
    if (kinds === 0) problems.push(`${where}: needs phrases, patterns or a detector`);
    if (rule.detector && kinds > 1) problems.push(`${where}.detector: a detector rule cannot also list phrases or patterns`);
    rule.phrases.forEach((phrase, k) => {
      if ([...normalizeText(phrase)].length < MIN_PHRASE_LENGTH) {
        problems.push(`${where}.phrases[${k}]: "${phrase}" is shorter than ${MIN_PHRASE_LENGTH} characters after normalisation`);
      }
    });
    rule.patterns.forEach((pattern, k) => {
      let regex: RegExp;
      try {
        regex = new RegExp(pattern, 'u');
      } catch (err) {
        problems.push(`${where}.patterns[${k}]: invalid regular expression: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      if (regex.test('')) problems.push(`${where}.patterns[${k}]: matches the empty string`);
    });
    rules.push({ ...rule, phrases: [...rule.phrases], patterns: [...rule.patterns] });
  });

  const negation = top.data.negation;
  for (const [key, spellings] of Object.entries(top.data.variants)) {
    spellings.forEach((spelling, k) => {
      if (normalizeText(spelling).length === 0) problems.push(`variants.${key}[${k}]: "${spelling}" is empty after normalisation`);
    });
  }
  if (problems.length > 0) throw new RuleSetError(`Invalid compliance rule set:\n  ${problems.join('\n  ')}`, problems);
  top.data.allow.forEach((term, k) => {
    if ([...normalizeText(term)].length < MIN_PHRASE_LENGTH) problems.push(`allow[${k}]: "${term}" is shorter than ${MIN_PHRASE_LENGTH} characters after normalisation`);
  });
  if (problems.length > 0) throw new RuleSetError(`Invalid compliance rule set:\n  ${problems.join('\n  ')}`, problems);
  return { version: top.data.version, updatedAt: top.data.updatedAt, negation, variants: top.data.variants, allow: top.data.allow, rules };
}
