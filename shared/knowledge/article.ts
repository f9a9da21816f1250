import { z } from 'zod';
import { AppFailure } from '../result';

/** Article ids are short and printable: they appear in the quote attribution that the customer reads. */
export const articleIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'id may contain letters, digits, "-", "_" and "." only');

export const articleLanguageSchema = z.enum(['zh-CN', 'en']);
export type ArticleLanguage = z.infer<typeof articleLanguageSchema>;

const tagsSchema = z.array(z.string().trim().min(1).max(40)).max(20);

export const articleSchema = z.object({
  id: articleIdSchema,
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
  tags: tagsSchema,
  category: z.string().trim().min(1).max(60),
  language: articleLanguageSchema,
  version: z.number().int().min(1),
  /** ISO date (or date-time) from which this version applies. */
  effectiveFrom: z.string().min(10).max(40),
  /** Id of the article that replaces this one; a superseded article is never quoted silently. */
  supersededBy: articleIdSchema.optional(),
  author: z.string().min(1).max(80),
  likes: z.number().int().min(0),
  quoteCount: z.number().int().min(0),
  updatedAt: z.string().min(10).max(40),
});
export type Article = z.infer<typeof articleSchema>;

/** An article as both the hub's master table and the workstation's local index store it (SQLite column names). */
export interface StoredArticleColumns {
  id: string;
  title: string;
  body: string;
  /** JSON array of strings. */
  tags: string;
  category: string;
  language: string;
  version: number;
  effective_from: string;
  superseded_by: string | null;
  author: string;
  likes: number;
  quote_count: number;
  updated_at: string;
}

/** A stored row back to a validated article (a row that fails validation is a corrupt store, not user input). */
export function articleFromColumns(row: StoredArticleColumns): Article {
  return articleSchema.parse({
    id: row.id,
    title: row.title,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    category: row.category,
    language: row.language,
    version: row.version,
    effectiveFrom: row.effective_from,
    supersededBy: row.superseded_by ?? undefined,
    author: row.author,
    likes: row.likes,
    quoteCount: row.quote_count,
    updatedAt: row.updated_at,
  });
}

/** One line of a JSON Lines import file. Unknown fields are dropped (zod strips them), not rejected. */
export const importLineSchema = z.object({
  id: articleIdSchema,
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
  tags: tagsSchema,
  category: z.string().trim().min(1).max(60),
  language: articleLanguageSchema.optional(),
});
export type ImportLine = z.infer<typeof importLineSchema>;

/** An import line without `language` is Chinese when it has any Han character, English otherwise. */
export function guessLanguage(text: { title: string; body: string }): ArticleLanguage {
  return /\p{Script=Han}/u.test(text.title + text.body) ? 'zh-CN' : 'en';
}

/** The parts of an article whose change makes a new version (likes and quote counts do not). */
export function sameContent(
  a: Pick<Article, 'title' | 'body' | 'tags' | 'category' | 'language'>,
  b: Pick<Article, 'title' | 'body' | 'tags' | 'category' | 'language'>,
): boolean {
  return (
    a.title === b.title &&
    a.body === b.body &&
    a.category === b.category &&
    a.language === b.language &&
    a.tags.length === b.tags.length &&
    a.tags.every((t, i) => t === b.tags[i])
  );
}

export interface QuoteOptions {
  /** The agent saw the "superseded" warning and still wants to quote the old text. */
  acknowledgeSuperseded?: boolean;
}

/** `[KB-0012 v3]`: the source tag a quote carries, so QA can trace exactly which text the customer was given. */
export function sourceTag(article: Pick<Article, 'id' | 'version'>): string {
  return `[${article.id} v${article.version}]`;
}

/**
 * Builds the text inserted into the agent's draft: the excerpt, then a source line with title, id and version.
 * An ellipsis marks where the excerpt was cut from the article. A superseded article is refused unless the agent
 * acknowledged it, and then the source line says so, so that it is never quoted silently.
 */
export function formatQuote(
  article: Pick<Article, 'id' | 'title' | 'version' | 'body' | 'supersededBy'>,
  excerpt: string,
  options: QuoteOptions = {},
): string {
  const text = excerpt.replace(/<\/?mark>/g, '').trim();
  if (text.length === 0) throw new AppFailure('BAD_REQUEST', '引用内容为空 / The excerpt is empty');
  if (article.supersededBy && !options.acknowledgeSuperseded) {
    throw new AppFailure(
      'CONFLICT',
      `知识 ${article.id} 已被 ${article.supersededBy} 取代，请确认后再引用 / Article ${article.id} is superseded by ${article.supersededBy}; acknowledge before quoting`,
      { articleId: article.id, supersededBy: article.supersededBy },
    );
  }
  const body = article.body.trim();
  const lead = body.startsWith(text) ? '' : '…';
  const tail = body.endsWith(text) ? '' : '…';
  const superseded = article.supersededBy ? `（已被 ${article.supersededBy} 取代 / superseded）` : '';
  return `${lead}${text}${tail}\n——《${article.title}》${sourceTag(article)}${superseded}`;
}
