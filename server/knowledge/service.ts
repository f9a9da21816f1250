/**
 * The hub's master knowledge base as staff see it: incremental changes for each workstation's local index, likes and
 * quote counts, agents' proposals and insights (补充见解), and a branch lead's approval or rejection.
 */
import { readFileSync } from 'node:fs';
import type { HubDb } from '../db/open';
import type { Principal } from '../service';
import { resourcePath } from '../resources';
import {
  appendInsight,
  decideContribution,
  getArticle,
  importArticles,
  likeArticle,
  listChangesSince,
  listPending,
  proposeArticle,
  recordQuote,
} from './repository';
import { importLineSchema, type Article } from '../../shared/knowledge/article';
import type { Contribution, ProposalInput } from '../../shared/knowledge/contribution';
import { AppFailure } from '../../shared/result';

const CHANGES_PAGE = 500;

export class KnowledgeService {
  constructor(private readonly db: HubDb) {}

  /** Demo mode: the shipped knowledge base, imported once into an empty hub. */
  seedDemo(log: (line: string) => void): void {
    if (listChangesSince(this.db, 0, 1).articles.length > 0) return;
    const lines = readFileSync(resourcePath('knowledge/articles.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l, i) => {
        const parsed = importLineSchema.safeParse(JSON.parse(l));
        if (!parsed.success) log(`demo knowledge line ${i + 1} skipped: ${parsed.error.issues[0]?.message}`);
        return parsed.success ? parsed.data : null;
      })
      .filter((l) => l !== null);
    importArticles(this.db, lines, '知识库管理员');
  }

  changes(staff: Principal, cursor: number): { articles: Article[]; cursor: number } {
    this.requireStaff(staff);
    return listChangesSince(this.db, cursor, CHANGES_PAGE);
  }

  like(staff: Principal, articleId: string) {
    this.requireStaff(staff);
    this.requireArticle(articleId);
    return likeArticle(this.db, articleId, staff.id);
  }

  quoted(staff: Principal, articleId: string): { quoteCount: number } {
    this.requireStaff(staff);
    this.requireArticle(articleId);
    return { quoteCount: recordQuote(this.db, articleId) };
  }

  propose(staff: Principal, input: ProposalInput): Contribution {
    this.requireStaff(staff);
    return proposeArticle(this.db, { ...input, author: staff.name });
  }

  insight(staff: Principal, input: { articleId: string; text: string }): Contribution {
    this.requireStaff(staff);
    this.requireArticle(input.articleId);
    return appendInsight(this.db, input.articleId, input.text, staff.name);
  }

  pending(staff: Principal): Contribution[] {
    this.requireLead(staff);
    return listPending(this.db);
  }

  decide(staff: Principal, input: { contributionId: number; approve: boolean; reason?: string }) {
    this.requireLead(staff);
    return decideContribution(this.db, input.contributionId, { approve: input.approve, reviewer: staff.name, reason: input.reason });
  }

  private requireStaff(staff: Principal): void {
    if (staff.role === 'customer') throw new AppFailure('FORBIDDEN', 'Staff only');
  }

  private requireLead(staff: Principal): void {
    if (staff.role !== 'lead') throw new AppFailure('FORBIDDEN', '只有营业部负责人可以审核知识 / Only branch leads review contributions');
  }

  private requireArticle(id: string): void {
    if (!getArticle(this.db, id)) throw new AppFailure('NOT_FOUND', `No article ${id}`);
  }
}
