/**
 * Which skill group (queue) a new conversation goes to. Decision order:
 *   1. the entry point the customer picked on the chat page (its id, slug or alias) wins;
 *   2. if the first message contains Chinese, its keywords decide (weighted, see below);
 *   3. text with letters but no Chinese at all is English → the English desk;
 *   4. no usable text: a browser language `en*` → the English desk;
 *   5. otherwise the catalogue's default group.
 *
 * Keyword scoring: the message and every keyword are folded alike (NFKC full-width → half-width, lower case,
 * common traditional characters → simplified, spaces/punctuation/zero-width removed). Each keyword found counts
 * its weight (default: its length in characters) once; a match lying inside a longer match is not counted, so
 * "融资融券" counts once, not also as "融资" and "融券". The highest total wins; ties go to the group listed first.
 *
 * House rule, carried by the weights in resources/routing/skill-groups.json: opening anything — an account or a
 * permission (创业板, 科创板, 港股通, 两融 credit account) — is account services (开户), because that desk runs the
 * eligibility and suitability checks. "你好,我想开通创业板" → 开户; "创业板股票买不进去" → 交易. A message that is
 * mostly about an ongoing business (担保比例, 平仓…) still goes to that business's desk even if it says 开通.
 */
import { z } from 'zod';
import { AppFailure } from '../result';
import { normalizeTerm } from '../escalation/normalize';
import defaultCatalogueJson from '../../resources/routing/skill-groups.json';

const KeywordSchema = z.union([
  z.string().min(1),
  z.object({ term: z.string().min(1), weight: z.number().positive().max(100) }).strict(),
]);

const SkillGroupSchema = z
  .object({
    id: z.string().min(1).max(40),
    slug: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and -'),
    name: z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict(),
    entryPoints: z.array(z.string().min(1)),
    keywords: z.array(KeywordSchema),
  })
  .strict();

export const SkillGroupCatalogueSchema = z
  .object({
    version: z.literal(1),
    defaultGroup: z.string(),
    englishGroup: z.string(),
    groups: z.array(SkillGroupSchema).min(1),
  })
  .strict()
  .superRefine((cat, ctx) => {
    const ids = new Set<string>();
    cat.groups.forEach((g, i) => {
      if (ids.has(g.id)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'id'], message: `duplicate skill group id "${g.id}"` });
      ids.add(g.id);
    });
    if (!ids.has(cat.defaultGroup)) ctx.addIssue({ code: 'custom', path: ['defaultGroup'], message: `"${cat.defaultGroup}" is not a listed group` });
    if (!ids.has(cat.englishGroup)) ctx.addIssue({ code: 'custom', path: ['englishGroup'], message: `"${cat.englishGroup}" is not a listed group` });
  });

export type SkillGroupCatalogueFile = z.infer<typeof SkillGroupCatalogueSchema>;

export interface SkillGroup {
  id: string;
  slug: string;
  name: { zh: string; en: string };
  /** Normalised entry-point names, including the id and slug. */
  entryPoints: string[];
  /** Normalised keyword → weight. */
  keywords: Map<string, number>;
}

export interface SkillGroupCatalogue {
  groups: SkillGroup[];
  defaultGroup: string;
  englishGroup: string;
}

/** Validates a parsed catalogue and prepares it for matching. Throws AppFailure BAD_REQUEST naming each bad field. */
export function buildCatalogue(raw: unknown, source = 'skill groups'): SkillGroupCatalogue {
  const parsed = SkillGroupCatalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppFailure('BAD_REQUEST', `${source} is invalid: ${where}`, parsed.error.issues);
  }
  const file = parsed.data;
  return {
    defaultGroup: file.defaultGroup,
    englishGroup: file.englishGroup,
    groups: file.groups.map((g) => {
      const keywords = new Map<string, number>();
      for (const k of g.keywords) {
        const term = normalizeTerm(typeof k === 'string' ? k : k.term);
        if (term.length === 0) continue;
        keywords.set(term, typeof k === 'string' ? Array.from(term).length : k.weight);
      }
      return {
        id: g.id,
        slug: g.slug,
        name: g.name,
        entryPoints: [...new Set([g.id, g.slug, ...g.entryPoints].map(normalizeTerm))],
        keywords,
      };
    }),
  };
}

/** Parses catalogue JSON text (a hub's own file); JSON syntax errors keep the parser's position in the message. */
export function parseCatalogueJson(text: string, source = 'skill-groups.json'): SkillGroupCatalogue {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppFailure('BAD_REQUEST', `${source} is not valid JSON: ${(e as Error).message}`);
  }
  return buildCatalogue(raw, source);
}

/** The catalogue shipped in resources/routing/skill-groups.json. */
export const DEFAULT_SKILL_GROUPS: SkillGroupCatalogue = buildCatalogue(defaultCatalogueJson, 'resources/routing/skill-groups.json');

export interface ClassifyInput {
  /** What the customer picked on the chat page (group id, slug or alias). */
  entryPoint?: string | null;
  firstMessage?: string | null;
  /** The customer's browser/app language, e.g. "zh-CN", "en-US". */
  language?: string | null;
}

export type ClassificationReason =
  | { kind: 'entryPoint'; entryPoint: string }
  | { kind: 'keywords'; matched: string[]; score: number }
  | { kind: 'englishText' }
  | { kind: 'language'; language: string }
  | { kind: 'default' };

export interface Classification {
  skillGroup: string;
  reason: ClassificationReason;
}

const HAN = /\p{Script=Han}/gu;
const LATIN = /[a-z]/giu;

interface Occurrence {
  term: string;
  start: number;
  end: number;
}

/** Keyword totals per group for a message, with contained matches suppressed. Exported for tests and tuning. */
export function scoreMessage(message: string, catalogue: SkillGroupCatalogue): { group: string; score: number; matched: string[] }[] {
  const text = normalizeTerm(message);
  const occurrences: Occurrence[] = [];
  const terms = new Set(catalogue.groups.flatMap((g) => [...g.keywords.keys()]));
  for (const term of terms) {
    for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) occurrences.push({ term, start: at, end: at + term.length });
  }
  const surviving = new Set(
    occurrences
      .filter((o) => !occurrences.some((p) => p.end - p.start > o.end - o.start && p.start <= o.start && p.end >= o.end))
      .map((o) => o.term),
  );
  return catalogue.groups.map((g) => {
    const matched = [...g.keywords.keys()].filter((term) => surviving.has(term));
    return { group: g.id, score: matched.reduce((sum, term) => sum + (g.keywords.get(term) ?? 0), 0), matched };
  });
}

export function classifyConversation(input: ClassifyInput, catalogue: SkillGroupCatalogue = DEFAULT_SKILL_GROUPS): Classification {
  if (input.entryPoint) {
    const wanted = normalizeTerm(input.entryPoint);
    const group = catalogue.groups.find((g) => g.entryPoints.includes(wanted));
    if (group) return { skillGroup: group.id, reason: { kind: 'entryPoint', entryPoint: input.entryPoint } };
  }
  const message = (input.firstMessage ?? '').normalize('NFKC');
  const han = message.match(HAN)?.length ?? 0;
  const latin = message.match(LATIN)?.length ?? 0;
  if (han > 0) {
    let best: { group: string; score: number; matched: string[] } | null = null;
    for (const s of scoreMessage(message, catalogue)) if (s.score > 0 && (best === null || s.score > best.score)) best = s;
    if (best) return { skillGroup: best.group, reason: { kind: 'keywords', matched: best.matched, score: best.score } };
  } else if (latin >= 2) {
    return { skillGroup: catalogue.englishGroup, reason: { kind: 'englishText' } };
  }
  if (han === 0 && latin < 2 && input.language && /^en\b/i.test(input.language)) {
    return { skillGroup: catalogue.englishGroup, reason: { kind: 'language', language: input.language } };
  }
  return { skillGroup: catalogue.defaultGroup, reason: { kind: 'default' } };
}
