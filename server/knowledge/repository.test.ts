import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/result';
import { migration } from '../db/migrations/004_knowledge';
import {
  appendInsight,
  decideContribution,
  getArticle,
  getArticleVersion,
  importArticles,
  likeArticle,
  listChangesSince,
  listPending,
  proposeArticle,
  recordQuote,
  supersedeArticle,
} from './repository';

const line = (id: string, body = `${id} 的正文，介绍办理流程与注意事项。`) => ({
  id,
  title: `标题 ${id}`,
  body,
  tags: ['测试'],
  category: '测试',
});
const t = (minute: number) => new Date(Date.UTC(2024, 5, 1, 9, minute));

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppFailure ? err.code : 'not an AppFailure';
  }
  return undefined;
}

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migration.up(db);
});

describe('importArticles and listChangesSince', () => {
  it('creates, versions and leaves unchanged articles, and pages changes in order', () => {
    expect(importArticles(db, [line('KB-0001'), line('KB-0002'), line('KB-0003')], 'ops', t(0))).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
    });
    const first = listChangesSince(db, 0, 2);
    expect(first.articles.map((a) => a.id)).toEqual(['KB-0001', 'KB-0002']);
    const second = listChangesSince(db, first.cursor, 2);
    expect(second.articles.map((a) => a.id)).toEqual(['KB-0003']);
    expect(listChangesSince(db, second.cursor, 2)).toEqual({ articles: [], cursor: second.cursor });

    expect(
      importArticles(
        db,
        [line('KB-0001'), line('KB-0002', '修订后的正文，补充了新的办理渠道。')],
        'ops',
        t(1),
      ),
    ).toEqual({ created: 0, updated: 1, unchanged: 1 });
    const changed = listChangesSince(db, second.cursor, 10);
    expect(changed.articles.map((a) => [a.id, a.version])).toEqual([['KB-0002', 2]]);
    expect(changed.cursor).toBeGreaterThan(second.cursor);
    expect(getArticleVersion(db, 'KB-0002', 1)!.body).toBe(line('KB-0002').body);
    expect(getArticle(db, 'KB-0002')!.body).toBe('修订后的正文，补充了新的办理渠道。');
  });

  it('guesses the language of lines without one', () => {
    importArticles(
      db,
      [
        {
          id: 'KB-EN',
          title: 'Fees',
          body: 'Commission is charged on both sides of a trade.',
          tags: [],
          category: '费用',
        },
      ],
      'ops',
    );
    expect(getArticle(db, 'KB-EN')!.language).toBe('en');
  });
});

describe('contributions', () => {
  it('publishes an approved proposal as a new article that workstations then pull', () => {
    importArticles(db, [line('KB-0007')], 'ops', t(0));
    const cursor = listChangesSince(db, 0, 100).cursor;
    const proposal = proposeArticle(
      db,
      {
        title: '夜市委托说明',
        body: '非交易时间提交的委托会在下一交易日开盘时报送交易所。',
        tags: ['委托'],
        category: '交易规则',
        author: 'agent-1',
      },
      t(1),
    );
    expect(listPending(db).map((c) => c.id)).toEqual([proposal.id]);
    expect(listChangesSince(db, cursor, 100).articles).toEqual([]);

    const { contribution, article } = decideContribution(
      db,
      proposal.id,
      { approve: true, reviewer: 'lead-1' },
      t(2),
    );
    expect(contribution).toMatchObject({
      status: 'approved',
      reviewer: 'lead-1',
      decidedAt: t(2).toISOString(),
      articleId: 'KB-0008',
    });
    expect(article).toMatchObject({ id: 'KB-0008', title: '夜市委托说明', version: 1, author: 'agent-1' });
    expect(listChangesSince(db, cursor, 100).articles.map((a) => a.id)).toEqual(['KB-0008']);
    expect(listPending(db)).toEqual([]);
  });

  it('approving an insight bumps the version and appends it with attribution', () => {
    importArticles(db, [line('KB-0001')], 'ops', t(0));
    const cursor = listChangesSince(db, 0, 100).cursor;
    const insight = appendInsight(
      db,
      'KB-0001',
      '客户在港澳地区时，可以使用境外手机号接收验证码。',
      'agent-2',
      t(1),
    );
    expect(getArticle(db, 'KB-0001')!.version).toBe(1);
    const { article } = decideContribution(db, insight.id, { approve: true, reviewer: 'lead-1' }, t(2));
    expect(article!.version).toBe(2);
    expect(article!.body).toBe(
      `${line('KB-0001').body}\n\n【补充见解 · agent-2 · 2024-06-01】客户在港澳地区时，可以使用境外手机号接收验证码。`,
    );
    expect(listChangesSince(db, cursor, 100).articles.map((a) => [a.id, a.version])).toEqual([
      ['KB-0001', 2],
    ]);
    expect(getArticleVersion(db, 'KB-0001', 1)!.body).toBe(line('KB-0001').body);
  });

  it('records rejections with a reason, and refuses self-review, repeat decisions and reasonless rejections', () => {
    importArticles(db, [line('KB-0001')], 'ops');
    const insight = appendInsight(db, 'KB-0001', '这条见解有误导性的内容。', 'agent-3');
    expect(code(() => decideContribution(db, insight.id, { approve: true, reviewer: 'agent-3' }))).toBe(
      'FORBIDDEN',
    );
    expect(code(() => decideContribution(db, insight.id, { approve: false, reviewer: 'lead-1' }))).toBe(
      'BAD_REQUEST',
    );
    const { contribution, article } = decideContribution(db, insight.id, {
      approve: false,
      reviewer: 'lead-1',
      reason: '与监管口径不符',
    });
    expect(contribution).toMatchObject({ status: 'rejected', reason: '与监管口径不符' });
    expect(article).toBeUndefined();
    expect(getArticle(db, 'KB-0001')!.version).toBe(1);
    expect(code(() => decideContribution(db, insight.id, { approve: true, reviewer: 'lead-2' }))).toBe(
      'CONFLICT',
    );
    expect(code(() => decideContribution(db, 999, { approve: true, reviewer: 'lead-2' }))).toBe('NOT_FOUND');
    expect(code(() => appendInsight(db, 'KB-0404', '不存在的知识的见解', 'agent-3'))).toBe('NOT_FOUND');
    expect(code(() => proposeArticle(db, { title: '', body: '太短', category: 'x', author: 'a' }))).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('likes, quotes and supersession', () => {
  it('counts one like per user and publishes the new count', () => {
    importArticles(db, [line('KB-0001')], 'ops');
    const cursor = listChangesSince(db, 0, 100).cursor;
    expect(likeArticle(db, 'KB-0001', 'agent-1')).toEqual({ likes: 1, added: true });
    expect(likeArticle(db, 'KB-0001', 'agent-1')).toEqual({ likes: 1, added: false });
    expect(likeArticle(db, 'KB-0001', 'agent-2')).toEqual({ likes: 2, added: true });
    const pulled = listChangesSince(db, cursor, 100);
    expect(pulled.articles.map((a) => [a.id, a.likes, a.version])).toEqual([['KB-0001', 2, 1]]);
    expect(code(() => likeArticle(db, 'KB-0404', 'agent-1'))).toBe('NOT_FOUND');
  });

  it('counts quotes and marks superseded articles', () => {
    importArticles(db, [line('KB-0001'), line('KB-0002')], 'ops');
    expect(recordQuote(db, 'KB-0001')).toBe(1);
    expect(recordQuote(db, 'KB-0001')).toBe(2);
    expect(supersedeArticle(db, 'KB-0001', 'KB-0002').supersededBy).toBe('KB-0002');
    expect(code(() => appendInsight(db, 'KB-0001', '给旧知识补充的见解', 'agent-1'))).toBe('CONFLICT');
    expect(code(() => supersedeArticle(db, 'KB-0002', 'KB-0001'))).toBe('CONFLICT');
    expect(code(() => supersedeArticle(db, 'KB-0002', 'KB-0002'))).toBe('BAD_REQUEST');
  });
});
