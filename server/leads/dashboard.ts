/**
 * The branch dashboard's figures, computed from the tickets' own timestamps (the same machine context the hub runs),
 * so that every figure can be traced to lifecycle facts.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { quantile } from '../../shared/stats';
import type { TicketContext } from '../../shared/ticket/machine';

export type { DashboardFigures, DashboardRange } from '../../shared/protocol/leads';
import type { DashboardFigures, DashboardRange } from '../../shared/protocol/leads';

const STOP_WORDS = new Set(
  '的 了 吗 呢 吧 啊 我 你 您 他 她 它 们 是 在 有 和 就 也 都 要 想 会 能 可以 怎么 什么 一下 请问 你好 您好 谢谢 好的 这个 那个 一个 没有 还 不 么 个 吗 嗯 哦 如何 为什么 多少 现在 已经 问 下 请 还是 或者 然后 自己 我们 你们 到底 不管 一直 还有 就是 那么 这么 知道 觉得 时候 可能 需要 应该 因为 所以 但是 如果 这样 一般 之后 之前 不能 不是 哪里 哪个 怎样 怎么办 麻烦 帮忙 帮我 看看 the a an to of and is are i you my how what can do for in on it'.split(
    ' ',
  ),
);

let jieba: Jieba | null = null;
const segmenter = () => (jieba ??= Jieba.withDict(dict));

export function sinceFor(range: DashboardRange, nowMs: number): string {
  // Days are counted in Beijing time, where the service centre works.
  const offsetMs = 8 * 3600_000;
  const startOfToday = Math.floor((nowMs + offsetMs) / 86_400_000) * 86_400_000 - offsetMs;
  const days = range === 'today' ? 0 : range === '7d' ? 6 : 29;
  return new Date(startOfToday - days * 86_400_000).toISOString();
}

const seconds = (from: string | null, to: string | null) => (from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null);
const rate = (n: number, d: number) => (d === 0 ? null : n / d);

export function computeDashboard(range: DashboardRange, since: string, tickets: readonly { state: string; context: TicketContext }[], customerTexts: readonly string[]): DashboardFigures {
  const served = tickets.filter((t) => t.context.assignedAt !== null);
  const firstResponses = served.map((t) => seconds(t.context.assignedAt, t.context.firstResponseAt)).filter((x): x is number => x !== null && x >= 0);
  const resolutions = tickets.map((t) => seconds(t.context.queuedAt ?? t.context.createdAt, t.context.resolvedAt)).filter((x): x is number => x !== null && x >= 0);
  const withFirstResponse = served.filter((t) => t.context.firstResponseAt !== null || t.context.sla.firstResponseBreachedAt !== null);
  const withinSla = withFirstResponse.filter((t) => t.context.sla.firstResponseBreachedAt === null);
  const ratings = tickets.map((t) => t.context.csat?.score).filter((x): x is number => typeof x === 'number');
  const distribution = [1, 2, 3, 4, 5].map((s) => ratings.filter((r) => r === s).length);
  const byDay = new Map<string, number>();
  const bySkill = new Map<string, number>();
  for (const t of tickets) {
    const day = new Date(Date.parse(t.context.createdAt) + 8 * 3600_000).toISOString().slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + 1);
    const group = t.context.skillGroup ?? '—';
    bySkill.set(group, (bySkill.get(group) ?? 0) + 1);
  }
  return {
    range,
    since,
    volumes: {
      total: tickets.length,
      served: served.length,
      abandoned: tickets.filter((t) => t.state === 'abandoned').length,
      open: tickets.filter((t) => t.state !== 'closed' && t.state !== 'abandoned').length,
      byDay: [...byDay].sort().map(([day, count]) => ({ day, count })),
      bySkillGroup: [...bySkill].sort((a, b) => b[1] - a[1]).map(([skillGroup, count]) => ({ skillGroup, count })),
    },
    firstResponse: { p50S: firstResponses.length ? quantile(firstResponses, 0.5) : null, p90S: firstResponses.length ? quantile(firstResponses, 0.9) : null, samples: firstResponses.length },
    resolution: { p50S: resolutions.length ? quantile(resolutions, 0.5) : null, p90S: resolutions.length ? quantile(resolutions, 0.9) : null, samples: resolutions.length },
    slaAttainment: rate(withinSla.length, withFirstResponse.length),
    transferRate: rate(served.filter((t) => t.context.counters.transfers > 0).length, served.length),
    escalationRate: rate(served.filter((t) => t.context.counters.escalations > 0).length, served.length),
    csat: { average: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null, responses: ratings.length, distribution },
    hotTopics: hotTopics(customerTexts),
  };
}

/** The most frequent segmented terms in customers' messages (stop words, digits and single characters left out). */
export function hotTopics(texts: readonly string[], limit = 15): { term: string; count: number }[] {
  const counts = new Map<string, number>();
  const jb = segmenter();
  for (const text of texts) {
    const seen = new Set<string>();
    for (const raw of jb.cut(text.normalize('NFKC').toLowerCase(), false)) {
      const term = raw.trim();
      if (term.length < 2 || STOP_WORDS.has(term) || /^[\d\p{P}\s]+$/u.test(term)) continue;
      if (seen.has(term)) continue; // count each conversation message once per term
      seen.add(term);
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([term, count]) => ({ term, count }));
}
