import { prepared } from '../db/statements';
import type { HubDb } from '../db/open';
import type { SampleResult } from '../../shared/qa/sampling';
import type { QaReview, ReviewLevel } from '../../shared/qa/review';
import type { AppealCase } from '../../shared/qa/appeal';

export type { StoredSample } from '../../shared/protocol/qa';
import type { StoredSample } from '../../shared/protocol/qa';

export function insertSample(db: HubDb, s: StoredSample): void {
  prepared(db, 
    `INSERT INTO qa_samples (id, plan_id, seed, branch_id, period_from, period_to, drawn_by, drawn_at, result)
     VALUES (@id, @planId, @seed, @branchId, @periodFrom, @periodTo, @drawnBy, @drawnAt, @result)`,
  ).run({ ...s, result: JSON.stringify(s.result) });
  const item = prepared(db, 'INSERT INTO qa_sample_items (sample_id, conversation_id, agent_id, branch_id, reasons) VALUES (?, ?, ?, ?, ?)');
  for (const i of s.result.items) item.run(s.id, i.sessionId, i.agentId, i.branchId, JSON.stringify(i.reasons));
}

export function listSamples(db: HubDb, branchId: string | null, limit = 20): StoredSample[] {
  const rows = prepared(db, 
      `SELECT id, plan_id AS planId, seed, branch_id AS branchId, period_from AS periodFrom, period_to AS periodTo,
         drawn_by AS drawnBy, drawn_at AS drawnAt, result FROM qa_samples
       WHERE (@branchId IS NULL OR branch_id = @branchId) ORDER BY drawn_at DESC LIMIT @limit`,
    )
    .all({ branchId, limit }) as (Omit<StoredSample, 'result'> & { result: string })[];
  return rows.map((r) => ({ ...r, result: JSON.parse(r.result) as SampleResult }));
}

export function sampleReasonsFor(db: HubDb, conversationId: string): string[] {
  const rows = prepared(db, 'SELECT reasons FROM qa_sample_items WHERE conversation_id = ?').all(conversationId) as { reasons: string }[];
  return [...new Set(rows.flatMap((r) => JSON.parse(r.reasons) as string[]))];
}

export function upsertReview(db: HubDb, review: QaReview): void {
  prepared(db, 
    `INSERT INTO qa_reviews (conversation_id, level, review, reviewer_id, branch_id, reviewed_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(conversation_id, level) DO UPDATE SET review = excluded.review, reviewer_id = excluded.reviewer_id, reviewed_at = excluded.reviewed_at`,
  ).run(review.sessionId, review.level, JSON.stringify(review), review.reviewerId, review.branchId, review.reviewedAt);
}

export function getReview(db: HubDb, conversationId: string, level: ReviewLevel): QaReview | undefined {
  const row = prepared(db, 'SELECT review FROM qa_reviews WHERE conversation_id = ? AND level = ?').get(conversationId, level) as { review: string } | undefined;
  return row && (JSON.parse(row.review) as QaReview);
}

export function listReviews(db: HubDb, filter: { branchId?: string | null; level?: ReviewLevel; agentId?: string; from?: string; to?: string }): QaReview[] {
  const rows = prepared(db, 
      `SELECT review FROM qa_reviews WHERE (@branchId IS NULL OR branch_id = @branchId) AND (@level IS NULL OR level = @level)
         AND (@from IS NULL OR reviewed_at >= @from) AND (@to IS NULL OR reviewed_at <= @to) ORDER BY reviewed_at`,
    )
    .all({ branchId: filter.branchId ?? null, level: filter.level ?? null, from: filter.from ?? null, to: filter.to ?? null }) as { review: string }[];
  const reviews = rows.map((r) => JSON.parse(r.review) as QaReview);
  return filter.agentId ? reviews.filter((r) => r.agentId === filter.agentId) : reviews;
}

export type { QaComment } from '../../shared/protocol/qa';
import type { QaComment } from '../../shared/protocol/qa';

export function insertComment(db: HubDb, c: Omit<QaComment, 'id'>): number {
  return Number(
    prepared(db, 'INSERT INTO qa_comments (conversation_id, message_seq, author_id, text, at) VALUES (?, ?, ?, ?, ?)').run(c.conversationId, c.messageSeq, c.authorId, c.text, c.at)
      .lastInsertRowid,
  );
}

export function listComments(db: HubDb, conversationId: string): QaComment[] {
  return prepared(db, 'SELECT id, conversation_id AS conversationId, message_seq AS messageSeq, author_id AS authorId, text, at FROM qa_comments WHERE conversation_id = ? ORDER BY message_seq, id')
    .all(conversationId) as QaComment[];
}

export function saveAppeal(db: HubDb, c: AppealCase, at: string): void {
  prepared(db, 
    `INSERT INTO qa_appeals (conversation_id, agent_id, branch_id, status, appeal, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(conversation_id) DO UPDATE SET status = excluded.status, appeal = excluded.appeal, updated_at = excluded.updated_at`,
  ).run(c.sessionId, c.agentId, c.branchId, c.status, JSON.stringify(c), at);
}

export function getAppeal(db: HubDb, conversationId: string): AppealCase | undefined {
  const row = prepared(db, 'SELECT appeal FROM qa_appeals WHERE conversation_id = ?').get(conversationId) as { appeal: string } | undefined;
  return row && (JSON.parse(row.appeal) as AppealCase);
}

export function listAppeals(db: HubDb, filter: { branchId?: string | null; agentId?: string }): AppealCase[] {
  const rows = prepared(db, 'SELECT appeal FROM qa_appeals WHERE (@branchId IS NULL OR branch_id = @branchId) AND (@agentId IS NULL OR agent_id = @agentId) ORDER BY updated_at DESC')
    .all({ branchId: filter.branchId ?? null, agentId: filter.agentId ?? null }) as { appeal: string }[];
  return rows.map((r) => JSON.parse(r.appeal) as AppealCase);
}
