/** Test helpers: an in-memory knowledge index loaded with the demo knowledge base. */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importLineSchema, type Article } from '../../../shared/knowledge/article';
import { toArticles } from './importFile';
import { KnowledgeIndex, knowledgeLocalMigration } from './index';

const root = join(import.meta.dirname, '../../..');

export function demoArticles(): Article[] {
  const lines = readFileSync(join(root, 'resources/knowledge/articles.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => importLineSchema.parse(JSON.parse(l)));
  return toArticles(lines, () => undefined, '2024-06-01T00:00:00.000Z', 'demo');
}

export function emptyIndex(options?: { championLists?: boolean }): {
  db: Database.Database;
  index: KnowledgeIndex;
} {
  const db = new Database(':memory:');
  knowledgeLocalMigration.up(db);
  return { db, index: new KnowledgeIndex(db, options) };
}

export function article(id: string, title: string, body: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    title,
    body,
    tags: [],
    category: '测试',
    language: 'zh-CN',
    version: 1,
    effectiveFrom: '2024-06-01',
    author: 'test',
    likes: 0,
    quoteCount: 0,
    updatedAt: '2024-06-01T00:00:00.000Z',
    ...extra,
  };
}
