import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitHighlighted } from '../../../shared/knowledge/search';
import { championListProblems, KnowledgeIndex } from './index';
import { article, demoArticles, emptyIndex } from './testSupport';

const demo = demoArticles();
const titleOf = (id: string) => demo.find((a) => a.id === id)!.title;

// The same behaviour is required from both ranking paths: champion lists (after refreshRanking) and plain FTS5.
describe.each([
  { path: 'champion lists', lists: true },
  { path: 'FTS5 bm25', lists: false },
])('search over the demo knowledge base ($path)', ({ lists }) => {
  let index: KnowledgeIndex;
  beforeAll(() => {
    index = emptyIndex({ championLists: lists }).index;
    index.upsert(demo);
    index.optimize();
  });
  const top = (q: string, n = 1) =>
    index
      .search(q, { limit: 10 })
      .results.slice(0, n)
      .map((r) => r.id);

  it('answers two-character queries', () => {
    const closing = index.search('销户');
    expect(closing.confident).toBe(true);
    expect(closing.results.slice(0, 2).map((r) => r.id)).toContain('KB-0105');
    expect(closing.results.slice(0, 3).every((r) => r.title.includes('销户'))).toBe(true);
    expect(top('两融', 3)).toContain('KB-0069');
    expect(
      index
        .search('两融')
        .results.slice(0, 3)
        .every((r) => r.category === '融资融券'),
    ).toBe(true);
  });

  it('finds articles through synonyms in either direction', () => {
    expect(top('入金')).toEqual(['KB-0020']);
    expect(top('股票搬家')).toEqual(['KB-0130']);
    // "打新" is slang: the articles say 新股申购.
    const ipo = index.search('打新').results.slice(0, 3);
    expect(ipo.every((r) => r.title.includes('新股申购'))).toBe(true);
    expect(ipo.filter((r) => !demo.find((a) => a.id === r.id)!.body.includes('打新')).length).toBeGreaterThan(
      0,
    );
  });

  it('tolerates typos and homophones', () => {
    expect(top('创业版开通条件')).toEqual(['KB-0039']);
    expect(index.search('逆回够').results[0]!.category).toBe('国债逆回购');
    expect(top('融资融卷利率')).toEqual(['KB-0071']);
  });

  it('treats traditional and full-width text like simplified', () => {
    expect(top('創業板開通條件')).toEqual(top('创业板开通条件'));
    expect(top('忘記交易密碼')).toEqual(['KB-0098']);
    expect(top('ＥＴＦ是什麼', 2)).toContain('KB-0140');
  });

  it('answers English queries with the English article first', () => {
    expect(top('reset password')).toEqual(['KB-0169']);
    expect(top('STAR market permission')).toEqual(['KB-0164']);
    expect(titleOf(top('closing my account')[0]!)).toBe('Closing an account');
  });

  it('is not confident about off-topic questions', () => {
    for (const q of [
      '推荐个餐厅',
      '帮我订一张去上海的机票',
      'recommend a good restaurant',
      '讲个笑话',
      '你好',
    ]) {
      expect(index.search(q).confident, q).toBe(false);
    }
  });

  it('scores results between 0 and 1, best first, with highlighted snippets', () => {
    const r = index.search('创业板权限');
    expect(r.results.length).toBe(10);
    for (const x of r.results) {
      expect(x.score).toBeGreaterThan(0);
      expect(x.score).toBeLessThanOrEqual(1);
    }
    expect(r.results.map((x) => x.score)).toEqual([...r.results.map((x) => x.score)].sort((a, b) => b - a));
    expect(r.results[0]!.snippet).toContain('<mark>');
    expect(r.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('pages with offset and limit', () => {
    const all = index.search('交易', { limit: 10 }).results.map((r) => r.id);
    const first = index.search('交易', { limit: 5 }).results.map((r) => r.id);
    const second = index.search('交易', { limit: 5, offset: 5 }).results.map((r) => r.id);
    expect([...first, ...second]).toEqual(all);
  });

  it('suggests articles from a customer message only when confident', () => {
    expect(
      index.suggestFromMessage('你好，我想问一下怎么开通创业板权限？需要什么条件').map((r) => r.id),
    ).toContain('KB-0039');
    expect(index.suggestFromMessage('今天天气不错，吃了吗')).toEqual([]);
  });
});

describe('index maintenance', () => {
  it('keeps the FTS rows in step with updates and removals', () => {
    const { index } = emptyIndex();
    const a = article('KB-T1', '甲测试文章', '这里提到麒麟计划的办理方式。');
    expect(index.upsert([a])).toEqual({ inserted: 1, reindexed: 0, metadataOnly: 0, skipped: 0 });
    expect(index.search('麒麟计划').results.map((r) => r.id)).toEqual(['KB-T1']);

    const updated = {
      ...a,
      body: '这里改为介绍凤凰方案的办理方式。',
      version: 2,
      updatedAt: '2024-07-01T00:00:00.000Z',
    };
    expect(index.upsert([updated]).reindexed).toBe(1);
    expect(index.search('麒麟计划').results).toEqual([]);
    expect(index.search('凤凰方案').results.map((r) => r.id)).toEqual(['KB-T1']);
    expect(index.get('KB-T1')!.version).toBe(2);

    // A like changes metadata only; an older version arriving late is ignored.
    expect(index.upsert([{ ...updated, likes: 3, updatedAt: '2024-07-02T00:00:00.000Z' }]).metadataOnly).toBe(
      1,
    );
    expect(index.upsert([a]).skipped).toBe(1);
    expect(index.get('KB-T1')!.likes).toBe(3);

    index.remove(['KB-T1']);
    expect(index.search('凤凰方案').results).toEqual([]);
    expect(index.count()).toBe(0);
  });

  it('keeps the champion lists in step with every write, so a changed article ranks at once', () => {
    const { db, index } = emptyIndex();
    index.upsert(demoArticles());
    expect(championListProblems(db)).toEqual([]);
    // A load into an empty index leaves nothing for refreshRanking() to rebuild.
    expect(index.refreshRanking()).toBe(0);
    const changed = {
      ...article('KB-0020', '如何入金', '入金操作说明：新增的澜沧计划也可用于入金。'),
      version: 2,
    };
    index.upsert([changed]);
    expect(championListProblems(db)).toEqual([]);
    expect(index.search('澜沧计划').results.map((r) => r.id)).toEqual(['KB-0020']);
    expect(index.search('入金').results[0]!.id).toBe('KB-0020');
    index.remove(['KB-0020']);
    expect(championListProblems(db)).toEqual([]);
    const gone = index.search('澜沧计划');
    expect(gone.results.map((r) => r.id)).not.toContain('KB-0020');
    expect(gone.confident).toBe(false);
    expect(index.refreshRanking()).toBe(0);
  });

  it('builds the champion lists of a bulk load (buffered by FTS5) as exactly as small writes', () => {
    const { db, index } = emptyIndex();
    const topics = ['开户', '融资融券', '新股申购', '国债逆回购', '银证转账', '佣金', '销户'];
    index.upsert(
      Array.from({ length: 1_200 }, (_, i) =>
        article(
          `KB-B${i}`,
          `${topics[i % 7]}问题${i}`,
          `${topics[(i * 3) % 7]}和${topics[(i * 5) % 7]}的办理说明第${i}条。`,
        ),
      ),
    );
    expect(championListProblems(db)).toEqual([]);
    expect(index.refreshRanking()).toBe(0);
    expect(index.search('国债逆回购').results).toHaveLength(10);
  });

  it('ranks a term whose list removals wore down with FTS5 until refreshRanking() rebuilds it', () => {
    const { db, index } = emptyIndex();
    const exact = new KnowledgeIndex(db, { championLists: false });
    // 260 articles share 融券, weighted by how often they repeat it: its list keeps the heaviest 100.
    const many = Array.from({ length: 260 }, (_, i) =>
      article(`KB-M${i}`, `第${i}号说明`, `本文说明第${i}项业务。${'融券卖出规则。'.repeat((i % 5) + 1)}`),
    );
    index.upsert(many.slice(0, 130));
    index.upsert(many.slice(130));
    expect(championListProblems(db)).toEqual([]);
    const ids = (ix: KnowledgeIndex) => ix.search('融券', { limit: 10 }).results.map((r) => r.id);
    expect(ids(index)).toEqual(ids(exact));
    // Removing every listed article (the ones repeating it four or five times) leaves a list that vouches for nothing.
    index.remove(many.filter((_, i) => i % 5 >= 3).map((a) => a.id));
    expect(championListProblems(db)).toEqual([]);
    expect(ids(index)).toHaveLength(10);
    expect(ids(index)).toEqual(ids(exact));
    expect(index.refreshRanking()).toBeGreaterThan(0);
    expect(championListProblems(db)).toEqual([]);
    expect(index.refreshRanking()).toBe(0);
    expect(ids(index)).toEqual(ids(exact));
  });

  it('keeps the champion lists exact through any mix of inserts, edits, removals and repeats in one write', () => {
    const words = [
      '开户',
      '融资',
      '融券',
      '佣金',
      '银证转账',
      '新股申购',
      '国债逆回购',
      '销户',
      '密码',
      '风险测评',
    ];
    const articleArb = fc.record({
      n: fc.integer({ min: 0, max: 11 }),
      words: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }),
      version: fc.integer({ min: 1, max: 3 }),
      likes: fc.integer({ min: 0, max: 2 }),
    });
    const opArb = fc.oneof(
      fc.record({ upsert: fc.array(articleArb, { minLength: 1, maxLength: 8 }) }),
      fc.record({ remove: fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 1, maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 8 }), (ops) => {
        const { db, index } = emptyIndex();
        for (const op of ops) {
          if ('upsert' in op)
            index.upsert(
              op.upsert.map((a) =>
                article(`KB-P${a.n}`, `${a.words[0]}说明`, `${a.words.join('，')}。`, {
                  version: a.version,
                  likes: a.likes,
                  updatedAt: `2024-06-0${a.version}T00:00:00.000Z`,
                }),
              ),
            );
          else index.remove(op.remove.map((n) => `KB-P${n}`));
          expect(championListProblems(db)).toEqual([]);
        }
        db.close();
      }),
      { numRuns: 25 },
    );
  });

  it('leaves superseded articles out unless asked, and marks them', () => {
    const { index } = emptyIndex();
    index.upsert([
      article('KB-OLD', '旧版佣金标准', '旧的佣金标准为万分之三。', { supersededBy: 'KB-NEW' }),
      article('KB-NEW', '新版佣金标准', '新的佣金标准为万分之二点五。'),
    ]);
    for (const refresh of [false, true]) {
      if (refresh) index.refreshRanking();
      expect(index.search('佣金标准').results.map((r) => r.id)).toEqual(['KB-NEW']);
      const all = index.search('佣金标准', { includeSuperseded: true }).results;
      expect(all.map((r) => [r.id, r.superseded]).sort()).toEqual([
        ['KB-NEW', false],
        ['KB-OLD', true],
      ]);
    }
  });

  it('escapes article text in snippets so only the marks are markup', () => {
    const { index } = emptyIndex();
    index.upsert([article('KB-X', '风险提示', '请注意 <b onclick="x()">风险</b> & 收益并存。')]);
    const snippet = index.search('风险').results[0]!.snippet;
    expect(snippet).not.toContain('<b');
    expect(snippet).toBe(
      '请注意 &lt;b onclick=&quot;x()&quot;&gt;<mark>风险</mark>&lt;/b&gt; &amp; 收益并存。',
    );
    const segments = splitHighlighted(snippet);
    expect(segments.filter((s) => s.hit).map((s) => s.text)).toEqual(['风险']);
    expect(segments.map((s) => s.text).join('')).toContain('<b onclick="x()">风险</b> & 收益');
  });

  it('highlights hits in traditional-character articles at the right place', () => {
    const { index } = emptyIndex();
    index.upsert([article('KB-TW', '國債逆回購說明', '客戶可以在交易日操作國債逆回購，資金次日可用。')]);
    const r = index.search('国债逆回购').results[0]!;
    expect(
      splitHighlighted(r.snippet)
        .filter((s) => s.hit)
        .map((s) => s.text),
    ).toEqual(['國債逆回購']);
  });

  it('stores the sync cursor', () => {
    const { index } = emptyIndex();
    expect(index.syncCursor()).toBeNull();
    index.setSyncCursor('42');
    expect(index.syncCursor()).toBe('42');
  });
});
