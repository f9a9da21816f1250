import { z } from 'zod';
import { articleSchema, type Article } from '../../../shared/knowledge/article';
import type { KnowledgeIndex } from './index';

export interface ChangePage {
  articles: Article[];
  cursor: number;
}

export type FetchChanges = (cursor: number) => Promise<ChangePage>;

const pageSchema = z.object({ articles: z.array(articleSchema), cursor: z.number().int().min(0) });

export type SyncOutcome =
  | { status: 'caught-up'; cursor: number; pages: number; articles: number; reindexed: number }
  /** The hub could not be reached (or answered nonsense): what was applied stays, search keeps using the index. */
  | { status: 'offline'; cursor: number; pages: number; articles: number; reindexed: number; error: string };

/**
 * Pulls the hub's knowledge changes page by page from the stored cursor until caught up. Each page and its cursor
 * are applied in one transaction, so an interrupted sync resumes where it stopped and never skips a change.
 * Never throws for a hub problem: the workstation keeps searching offline with what it has. Each page keeps the
 * champion lists up to date in place; when content changed, the few lists a page could not keep are rebuilt at the
 * end (search is correct meanwhile: those terms rank with FTS5).
 */
export async function syncKnowledge(
  index: KnowledgeIndex,
  fetchChanges: FetchChanges,
  options: { maxPages?: number } = {},
): Promise<SyncOutcome> {
  const maxPages = options.maxPages ?? 10_000;
  let cursor = Number(index.syncCursor() ?? 0);
  if (!Number.isSafeInteger(cursor) || cursor < 0) cursor = 0;
  let pages = 0;
  let articles = 0;
  let reindexed = 0;
  try {
    while (pages < maxPages) {
      const page = pageSchema.parse(await fetchChanges(cursor));
      pages++;
      if (page.articles.length === 0 || page.cursor <= cursor) break;
      const stats = index.applyChanges(page.articles, String(page.cursor));
      articles += page.articles.length;
      reindexed += stats.inserted + stats.reindexed;
      cursor = page.cursor;
    }
    if (reindexed > 0) index.refreshRanking();
    return { status: 'caught-up', cursor, pages, articles, reindexed };
  } catch (err) {
    return {
      status: 'offline',
      cursor,
      pages,
      articles,
      reindexed,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}
