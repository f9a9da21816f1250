import { z } from 'zod';

/** One judged query: `relevant` fully answers, `also` partly helps, `relevant: []` means nothing should answer. */
export const evalQuerySchema = z.object({
  id: z.string().min(1),
  q: z.string().min(1),
  relevant: z.array(z.string()),
  also: z.array(z.string()).default([]),
});
export type EvalQuery = z.infer<typeof evalQuerySchema>;

export interface EvalFigures {
  /** mean nDCG@10 over answerable queries; gain 2 for relevant, 1 for also */
  ndcg10: number;
  /** mean share of `relevant` found in the top 5, over answerable queries */
  recall5: number;
  /** mean reciprocal rank of the first relevant hit (0 when none in the list), over answerable queries */
  mrr: number;
  /** share of no-answer queries that were answered confidently */
  falseConfidentRate: number;
  queries: number;
}

export interface QueryOutcome {
  id: string;
  q: string;
  ndcg10: number | null;
  recall5: number | null;
  rr: number | null;
  confident: boolean;
  ids: string[];
}

export type Ranker = (q: string) => { ids: string[]; confident: boolean };

function dcg(gains: number[]): number {
  return gains.reduce((sum, g, i) => sum + g / Math.log2(i + 2), 0);
}

export function judge(query: EvalQuery, ids: readonly string[], confident: boolean): QueryOutcome {
  const top = ids.slice(0, 10);
  if (query.relevant.length === 0)
    return { id: query.id, q: query.q, ndcg10: null, recall5: null, rr: null, confident, ids: top };
  const gainOf = (id: string) => (query.relevant.includes(id) ? 2 : query.also.includes(id) ? 1 : 0);
  const ideal = [
    ...query.relevant.map(() => 2),
    ...query.also.filter((id) => !query.relevant.includes(id)).map(() => 1),
  ].slice(0, 10);
  const ndcg10 = dcg(top.map(gainOf)) / dcg(ideal);
  const recall5 = top.slice(0, 5).filter((id) => query.relevant.includes(id)).length / query.relevant.length;
  const first = top.findIndex((id) => query.relevant.includes(id));
  return {
    id: query.id,
    q: query.q,
    ndcg10,
    recall5,
    rr: first < 0 ? 0 : 1 / (first + 1),
    confident,
    ids: top,
  };
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const r4 = (n: number) => Math.round(n * 10_000) / 10_000;

export function evaluate(
  queries: readonly EvalQuery[],
  rank: Ranker,
): { figures: EvalFigures; outcomes: QueryOutcome[] } {
  const outcomes = queries.map((q) => {
    const { ids, confident } = rank(q.q);
    return judge(q, ids, confident);
  });
  const answerable = outcomes.filter((o) => o.ndcg10 !== null);
  const noAnswer = outcomes.filter((o) => o.ndcg10 === null);
  return {
    figures: {
      ndcg10: r4(mean(answerable.map((o) => o.ndcg10!))),
      recall5: r4(mean(answerable.map((o) => o.recall5!))),
      mrr: r4(mean(answerable.map((o) => o.rr!))),
      falseConfidentRate: r4(
        noAnswer.length === 0 ? 0 : noAnswer.filter((o) => o.confident).length / noAnswer.length,
      ),
      queries: outcomes.length,
    },
    outcomes,
  };
}
