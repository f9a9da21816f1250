/** Schemas for the product library and the business cards (业务直达卡片) shipped in resources/. */
import { z } from 'zod';
import { RISK_LEVELS } from './types';

export const bilingualSchema = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof bilingualSchema>;

export const PRODUCT_TYPES = [
  'money-market',
  'reverse-repo',
  'income-certificate',
  'bond-fund',
  'wealth-management',
  'balanced-fund',
  'index-fund',
  'equity-fund',
  'qdii-fund',
  'etf',
  'structured-note',
  'leveraged',
  'private-fund',
] as const;

export const productSchema = z.object({
  code: z.string().regex(/^[A-Z0-9-]{2,20}$/, 'product code: upper-case letters, digits and hyphens'),
  name: z.string().min(1),
  nameEn: z.string().min(1).optional(),
  type: z.enum(PRODUCT_TYPES),
  riskLevel: z.enum(RISK_LEVELS),
  /** Holding period or term as shown to customers, e.g. 开放式, 180天. */
  term: z.string().min(1),
  /** Minimum subscription in yuan. */
  minAmount: z.number().nonnegative(),
  documents: z.array(z.object({ title: z.string().min(1), url: z.url() })).min(1),
});
export type Product = z.infer<typeof productSchema>;

/** Trading permissions a customer may open; cards and opportunity rules refer to them. */
export const BUSINESSES = ['gem', 'star', 'margin', 'hk-connect'] as const;
export type Business = (typeof BUSINESSES)[number];

export const cardSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'card id: lower-case letters, digits and hyphens'),
  title: bilingualSchema,
  summary: bilingualSchema,
  /** The permission this card opens, if any. */
  business: z.enum(BUSINESSES).optional(),
  /** Risk level of the business itself; when present, offering the card is a suitability decision too. */
  riskLevel: z.enum(RISK_LEVELS).nullable().optional(),
  conditions: z.array(bilingualSchema).min(1),
  steps: z.array(bilingualSchema).min(1),
  entry: z.object({
    kind: z.literal('app-route'),
    route: z.string().regex(/^app:\/\//),
    label: bilingualSchema,
  }),
});
export type Card = z.infer<typeof cardSchema>;

export class CatalogError extends Error {
  constructor(
    readonly catalog: string,
    readonly issues: string[],
  ) {
    super(`${catalog} is invalid:\n  ${issues.join('\n  ')}`);
    this.name = 'CatalogError';
  }
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `[${issue.path.join('.') || '(root)'}] ${issue.message}`);
}

function parseList<T>(catalog: string, json: unknown, schema: z.ZodType<T>, keyOf: (item: T) => string): T[] {
  const parsed = z.array(schema).safeParse(json);
  if (!parsed.success) throw new CatalogError(catalog, formatIssues(parsed.error));
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  parsed.data.forEach((item, index) => {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first !== undefined) duplicates.push(`[${index}] duplicate key ${key} (first at ${first})`);
    else seen.set(key, index);
  });
  if (duplicates.length > 0) throw new CatalogError(catalog, duplicates);
  return parsed.data;
}

/** Validates the product library; throws CatalogError listing every problem with its index. */
export function parseProducts(json: unknown): Product[] {
  return parseList('products', json, productSchema, (p) => p.code);
}

/** Validates the business cards; throws CatalogError listing every problem with its index. */
export function parseCards(json: unknown): Card[] {
  return parseList('cards', json, cardSchema, (c) => c.id);
}
