import { z } from 'zod';
import { articleLanguageSchema } from './article';

/** A new article an agent proposes; it is published only when a reviewer approves it. */
export const proposalInputSchema = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(20).max(20_000),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  category: z.string().trim().min(1).max(60),
  language: articleLanguageSchema.optional(),
});
export type ProposalInput = z.input<typeof proposalInputSchema>;

/** 补充见解: an agent's addition to an existing article, appended with attribution once approved. */
export const insightTextSchema = z.string().trim().min(5).max(2_000);

export const decisionSchema = z
  .object({
    approve: z.boolean(),
    reviewer: z.string().min(1).max(80),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((d) => d.approve || (d.reason !== undefined && d.reason.length > 0), {
    message: '驳回须填写原因 / a rejection needs a reason',
    path: ['reason'],
  });
export type Decision = z.input<typeof decisionSchema>;

export type ContributionKind = 'proposal' | 'insight';
export type ContributionStatus = 'pending' | 'approved' | 'rejected';

export interface Contribution {
  id: number;
  kind: ContributionKind;
  /** the article an insight is about, or the article an approved proposal became */
  articleId?: string;
  title?: string;
  body: string;
  tags: string[];
  category?: string;
  language: 'zh-CN' | 'en';
  author: string;
  status: ContributionStatus;
  reviewer?: string;
  reason?: string;
  createdAt: string;
  decidedAt?: string;
}
