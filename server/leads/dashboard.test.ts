import { describe, expect, it } from 'vitest';
import { hotTopics } from './dashboard';

describe('hot topics', () => {
  it('counts what customers ask about, not the words they say it with', () => {
    const topics = hotTopics(['你们到底管不管,我要投诉', '创业板怎么开通', '请问创业板开通需要什么条件', '我要投诉到12386,一直没人管']);
    const terms = topics.map((t) => t.term);
    expect(terms.slice(0, 3).sort()).toEqual(['创业板', '开通', '投诉']);
    expect(topics.find((t) => t.term === '投诉')?.count).toBe(2);
    for (const filler of ['到底', '一直', '需要', '什么', '12386']) expect(terms).not.toContain(filler);
  });

  it('counts a term once per message and keeps to the limit', () => {
    expect(hotTopics(['销户 销户 销户'])).toEqual([{ term: '销户', count: 1 }]);
    const asked = ['销户', '转托管', '融资融券', '新股申购', '逆回购', '港股通', '科创板', '密码', '佣金', '分红'];
    expect(hotTopics(asked, 5)).toHaveLength(5);
    expect(hotTopics(asked).length).toBeGreaterThanOrEqual(8);
  });
});
