import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { formatQuote } from '../../../shared/knowledge/article';
import { migration as hubKnowledgeMigration } from '../../../server/db/migrations/004_knowledge';
import {
  importArticles,
  likeArticle,
  listChangesSince,
  supersedeArticle,
} from '../../../server/knowledge/repository';
import { syncKnowledge, type FetchChanges } from './sync';
import { emptyIndex } from './testSupport';

function hub() {
  const db = new Database(':memory:');
  hubKnowledgeMigration.up(db);
  importArticles(
    db,
    [
      {
        id: 'KB-0001',
        title: '创业板权限开通条件',
        body: '前20个交易日日均资产不低于10万元，参与证券交易24个月以上。',
        tags: ['创业板'],
        category: '创业板',
      },
      {
        id: 'KB-0002',
        title: '国债逆回购操作',
        body: '交易日9:30-15:30在逆回购专区借出资金，1000元起。',
        tags: ['国债逆回购'],
        category: '国债逆回购',
      },
      {
        id: 'KB-0003',
        title: '销户流程',
        body: '销户前需清空持仓并转出资金，可线上或临柜办理。',
        tags: ['销户'],
        category: '销户',
      },
    ],
    'ops',
  );
  return db;
}

/** The hub's change feed as the workstation sees it, two articles a page, recording what it served. */
function feed(db: Database.Database) {
  const served: string[][] = [];
  const fetch: FetchChanges = async (cursor) => {
    const page = listChangesSince(db, cursor, 2);
    served.push(page.articles.map((a) => a.id));
    return page;
  };
  return { fetch, served };
}

describe('syncKnowledge', () => {
  it('pulls pages until caught up, then only what changed', async () => {
    const hubDb = hub();
    const { index } = emptyIndex();
    const { fetch, served } = feed(hubDb);

    const first = await syncKnowledge(index, fetch);
    expect(first).toMatchObject({ status: 'caught-up', pages: 3, articles: 3, reindexed: 3 });
    expect(served).toEqual([['KB-0001', 'KB-0002'], ['KB-0003'], []]);
    expect(index.count()).toBe(3);
    expect(index.syncCursor()).toBe(String(first.cursor));

    // One article edited, another liked: only those two travel, and only the edited one is re-indexed.
    importArticles(
      hubDb,
      [
        {
          id: 'KB-0003',
          title: '销户流程',
          body: '销户前需清空持仓并转出资金，线上销户1-2个交易日完成。',
          tags: ['销户'],
          category: '销户',
        },
      ],
      'ops',
    );
    likeArticle(hubDb, 'KB-0002', 'agent-1');
    served.length = 0;
    const second = await syncKnowledge(index, fetch);
    expect(served).toEqual([['KB-0003', 'KB-0002'], []]);
    expect(second).toMatchObject({ status: 'caught-up', articles: 2, reindexed: 1 });
    expect(index.get('KB-0003')!.version).toBe(2);
    expect(index.get('KB-0002')!.likes).toBe(1);
    expect(index.search('线上销户').results[0]!.id).toBe('KB-0003');

    served.length = 0;
    expect(await syncKnowledge(index, fetch)).toMatchObject({ status: 'caught-up', pages: 1, articles: 0 });
    expect(served).toEqual([[]]);
  });

  it('keeps searching offline when the hub cannot be reached, and resumes from the stored cursor', async () => {
    const hubDb = hub();
    const { index } = emptyIndex();
    await syncKnowledge(index, feed(hubDb).fetch);
    const cursor = index.syncCursor();

    const offline = await syncKnowledge(index, () =>
      Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:7443')),
    );
    expect(offline).toMatchObject({
      status: 'offline',
      error: 'connect ECONNREFUSED 127.0.0.1:7443',
      articles: 0,
    });
    expect(index.syncCursor()).toBe(cursor);
    const r = index.search('创业板');
    expect(r.results[0]!.id).toBe('KB-0001');
    expect(r.confident).toBe(true);

    // Back online: a supersession made meanwhile arrives, and quoting the old article is then refused.
    supersedeArticle(hubDb, 'KB-0002', 'KB-0001');
    expect(await syncKnowledge(index, feed(hubDb).fetch)).toMatchObject({
      status: 'caught-up',
      articles: 1,
      reindexed: 0,
    });
    expect(() => formatQuote(index.get('KB-0002')!, '1000元起')).toThrow(/取代|superseded/);
    expect(index.search('逆回购').results.map((x) => x.id)).not.toContain('KB-0002');
  });

  it('treats a malformed page as offline and applies nothing from it', async () => {
    const { index } = emptyIndex();
    const outcome = await syncKnowledge(
      index,
      async () => ({ articles: [{ id: 'KB-1' }], cursor: 5 }) as never,
    );
    expect(outcome.status).toBe('offline');
    expect(index.count()).toBe(0);
    expect(index.syncCursor()).toBeNull();
  });
});
