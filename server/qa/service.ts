/**
 * QA on the hub: samples drawn by plan, two-level reviews (branch, then head-office blind spot checks), replay of a
 * finished session with its lifecycle and compliance timeline, comments pinned to messages, appeals and reports.
 * Reviewers read; they never write to a conversation (the conversation service refuses them).
 */
import { randomUUID } from 'node:crypto';
import type { HubDb } from '../db/open';
import type { GroupCommit } from '../db/groupCommit';
import type { Principal } from '../service';
import { getConversation } from '../repos/conversations';
import { listMessagesAfter } from '../repos/messages';
import { listPushes } from '../repos/pushes';
import { listBranches, listStaff } from '../repos/staff';
import { listComplianceEvents } from '../repos/complianceEvents';
import { getTicketSnapshot, listEndedTickets, listTransitions } from '../tickets/repository';
import {
  getAppeal,
  getReview,
  insertComment,
  insertSample,
  listAppeals,
  listComments,
  listReviews,
  listSamples,
  sampleReasonsFor,
  type StoredSample,
} from './repository';
import { op } from '../db/writerOps';
import {
  blindView,
  buildQaReport,
  decideAppeal,
  defaultReviewPolicy,
  defaultSamplingPlans,
  defaultScorecards,
  drawSample,
  fileAppeal,
  listDisagreements,
  pickSpotChecks,
  publishResult,
  scoreSession,
  validateAnswers,
  type AppealCase,
  type QaReport,
  type QaReview,
  type SessionSummary,
} from '../../shared/qa';
import type { TicketContext } from '../../shared/ticket/machine';
import { redactText } from '../../shared/masking/mask';
import { AppFailure } from '../../shared/result';

export type { ReplayView } from '../../shared/protocol/qa';
import type { ReplayView } from '../../shared/protocol/qa';

const isHeadOffice = (p: Principal) => p.role === 'qa' && p.branchId === null;

export class QaService {
  constructor(
    private readonly db: HubDb,
    private readonly commit: GroupCommit,
    private readonly now: () => string,
  ) {}

  plans() {
    return { plans: defaultSamplingPlans, scorecards: defaultScorecards, review: defaultReviewPolicy };
  }

  // ---- sampling ----

  draw(reviewer: Principal, input: { planId: string; from: string; to: string; seed?: string }): StoredSample {
    if (reviewer.role !== 'qa') throw new AppFailure('FORBIDDEN', '仅质检人员可以抽样 / QA reviewers only');
    const plan = defaultSamplingPlans.find((p) => p.id === input.planId);
    if (!plan) throw new AppFailure('NOT_FOUND', `No sampling plan ${input.planId}`);
    const sessions = this.sessionSummaries(reviewer.branchId, input.from, input.to);
    const seed = input.seed ?? randomUUID();
    const result = drawSample(sessions, plan, seed);
    const stored: StoredSample = {
      id: `QS-${randomUUID()}`,
      planId: plan.id,
      seed,
      branchId: reviewer.branchId,
      periodFrom: input.from,
      periodTo: input.to,
      drawnBy: reviewer.id,
      drawnAt: this.now(),
      result,
    };
    // IMMEDIATE: the writer worker holds its own connection, and a deferred transaction could not wait for it.
    this.db.transaction(() => insertSample(this.db, stored)).immediate();
    return stored;
  }

  samples(reviewer: Principal): StoredSample[] {
    this.requireReader(reviewer);
    return listSamples(this.db, reviewer.role === 'qa' && reviewer.branchId === null ? null : reviewer.branchId);
  }

  /** What sampling needs to know about each finished session, from the ticket and compliance records. */
  sessionSummaries(branchId: string | null, from: string, to: string): SessionSummary[] {
    const out: SessionSummary[] = [];
    for (const t of listEndedTickets(this.db, { branchId, from, to })) {
      const ctx = (t.persisted as { snapshot?: { context?: TicketContext } }).snapshot?.context;
      const agentId = ctx?.owner ?? ctx?.ownerHistory.at(-1)?.agentId;
      if (!ctx || !agentId || !t.branchId) continue; // never served by an agent, or a visitor outside any branch
      const events = listComplianceEvents(this.db, t.conversationId);
      const customerText = listMessagesAfter(this.db, t.conversationId, 0, 5000)
        .filter((m) => m.senderKind === 'customer')
        .map((m) => m.text)
        .join('\n');
      out.push({
        id: t.conversationId,
        agentId,
        branchId: t.branchId,
        endedAt: t.closedAt,
        ...(ctx.csat ? { csat: ctx.csat.score } : {}),
        complianceBlocks: events.filter((e) => e.kind === 'block').length,
        complianceOverrides: events.filter((e) => e.kind === 'ack').length,
        suitabilityConfirms: listPushes(this.db, t.conversationId).filter((p) => p.decision === 'confirm').length,
        customerText,
      });
    }
    return out;
  }

  // ---- replay ----

  replay(viewer: Principal, conversationId: string): ReplayView {
    const conv = this.finished(conversationId);
    const ctx = (getTicketSnapshot(this.db, conversationId) as { snapshot?: { value?: string; context?: TicketContext } } | undefined)?.snapshot;
    const agentId = ctx?.context?.owner ?? ctx?.context?.ownerHistory.at(-1)?.agentId ?? null;
    this.assertMayReview(viewer, conv.branchId, agentId);
    const headOfficeReview = getReview(this.db, conversationId, 'head_office') ?? null;
    let branchReview = getReview(this.db, conversationId, 'branch') ?? null;
    // Head office scores blind: it does not see the branch's score until it has scored the session itself.
    if (isHeadOffice(viewer) && branchReview && !headOfficeReview) branchReview = null;
    return {
      conversationId,
      customerName: conv.customerName,
      branchId: conv.branchId,
      skillGroup: conv.skillGroup,
      agentId,
      state: conv.state,
      createdAt: conv.createdAt,
      closedAt: conv.closedAt,
      csat: ctx?.context?.csat ? { score: ctx.context.csat.score, comment: ctx.context.csat.comment } : null,
      messages: listMessagesAfter(this.db, conversationId, 0, 20_000).map((m) => ({ ...m, text: redactText(m.text) })),
      transitions: listTransitions(this.db, conversationId),
      compliance: listComplianceEvents(this.db, conversationId),
      pushes: listPushes(this.db, conversationId).map((p) => ({
        id: p.id,
        productCode: p.productCode,
        decision: p.decision,
        reasons: p.reasons,
        customerInitiated: p.customerInitiated,
        createdAt: p.createdAt,
        confirmedAt: p.confirmedAt,
      })),
      comments: listComments(this.db, conversationId),
      sampleReasons: sampleReasonsFor(this.db, conversationId),
      branchReview: isHeadOffice(viewer) && !headOfficeReview ? null : branchReview,
      headOfficeReview,
      appeal: getAppeal(this.db, conversationId) ?? null,
    };
  }

  comment(reviewer: Principal, input: { conversationId: string; messageSeq: number; text: string }) {
    if (reviewer.role !== 'qa') throw new AppFailure('FORBIDDEN', '仅质检人员可以批注 / QA reviewers only');
    const conv = this.finished(input.conversationId);
    this.assertMayReview(reviewer, conv.branchId, null);
    const id = insertComment(this.db, { conversationId: conv.id, messageSeq: input.messageSeq, authorId: reviewer.id, text: input.text, at: this.now() });
    return { id };
  }

  // ---- reviews ----

  async review(
    reviewer: Principal,
    input: { conversationId: string; level: 'branch' | 'head_office'; scorecardId: string; answers: { points: Record<string, number>; critical: Record<string, 'pass' | 'fail'> }; notes?: string },
  ): Promise<QaReview> {
    if (reviewer.role !== 'qa') throw new AppFailure('FORBIDDEN', '仅质检人员可以评分 / QA reviewers only');
    const conv = getConversation(this.db, input.conversationId);
    if (!conv || !conv.closedAt || !conv.branchId) throw new AppFailure('NOT_FOUND', '只能评审已结束的营业部会话 / Only finished branch sessions can be reviewed');
    if (input.level === 'branch' && reviewer.branchId !== conv.branchId) throw new AppFailure('FORBIDDEN', '只能评审本营业部的会话 / Only your branch');
    if (input.level === 'head_office') {
      if (!isHeadOffice(reviewer)) throw new AppFailure('FORBIDDEN', '总部抽查仅限总部质检 / Head-office reviewers only');
      if (!getReview(this.db, conv.id, 'branch')) throw new AppFailure('INVALID_TRANSITION', '营业部尚未评审,不能抽查 / The branch has not reviewed it yet');
    }
    const card = defaultScorecards.find((c) => c.id === input.scorecardId);
    if (!card) throw new AppFailure('NOT_FOUND', `No scorecard ${input.scorecardId}`);
    const issues = validateAnswers(card, input.answers);
    if (issues.length) throw new AppFailure('BAD_REQUEST', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
    const ctx = (getTicketSnapshot(this.db, conv.id) as { snapshot?: { context?: TicketContext } } | undefined)?.snapshot?.context;
    const agentId = ctx?.owner ?? ctx?.ownerHistory.at(-1)?.agentId;
    if (!agentId) throw new AppFailure('NOT_FOUND', 'This session was never served by an agent');
    const at = this.now();
    const review: QaReview = {
      sessionId: conv.id,
      agentId,
      branchId: conv.branchId,
      reviewerId: reviewer.id,
      level: input.level,
      scorecardId: card.id,
      answers: input.answers,
      result: scoreSession(card, input.answers),
      sessionEndedAt: conv.closedAt,
      reviewedAt: at,
      ...(input.notes ? { notes: input.notes } : {}),
    };
    // The branch verdict is the agent's result: published for appeal (unless it was already; checked by the writer).
    const published =
      input.level === 'branch'
        ? { appeal: publishResult({ sessionId: conv.id, agentId, branchId: conv.branchId, score: { total: review.result.total, passed: review.result.passed }, at, by: reviewer.id }), at }
        : null;
    await this.commit.writeAll([
      op('saveQaReview', review, published),
      op('appendAudit', { actor: reviewer.id, kind: `qa.review.${input.level}`, subject: conv.id, payload: { total: review.result.total, passed: review.result.passed, failedCritical: review.result.failedCritical }, at }),
    ]);
    return review;
  }

  /** Head office: the share of each branch's reviewed sessions to re-score blind, without the branch's score. */
  spotChecks(reviewer: Principal, input: { from: string; to: string; seed: string }) {
    if (!isHeadOffice(reviewer)) throw new AppFailure('FORBIDDEN', '总部抽查仅限总部质检 / Head-office reviewers only');
    const reviewed = listReviews(this.db, { level: 'branch', from: input.from, to: input.to });
    const picked = pickSpotChecks(reviewed, defaultReviewPolicy.spotCheckRate, input.seed);
    return picked.map((r) => ({ ...blindView(r), done: !!getReview(this.db, r.sessionId, 'head_office') }));
  }

  disagreements(viewer: Principal, input: { from: string; to: string }) {
    this.requireReader(viewer);
    const branchId = viewer.role === 'qa' && viewer.branchId === null ? null : viewer.branchId;
    const branch = listReviews(this.db, { level: 'branch', branchId, from: input.from, to: input.to });
    const ho = listReviews(this.db, { level: 'head_office', branchId, from: input.from, to: input.to });
    return listDisagreements(branch, ho, defaultReviewPolicy.disagreementThreshold);
  }

  // ---- results and appeals ----

  myResults(agent: Principal) {
    if (agent.role !== 'agent' && agent.role !== 'lead') throw new AppFailure('FORBIDDEN', 'Agents only');
    return listAppeals(this.db, { agentId: agent.id }).map((c) => ({ ...c, review: getReview(this.db, c.sessionId, 'branch') ?? null }));
  }

  async appeal(agent: Principal, input: { conversationId: string; reason: string }): Promise<AppealCase> {
    const current = getAppeal(this.db, input.conversationId);
    if (!current) throw new AppFailure('NOT_FOUND', '该会话没有已发布的质检结果 / No published result for this session');
    const at = this.now();
    const next = fileAppeal(current, { agentId: agent.id, reason: input.reason, at }, defaultReviewPolicy);
    await this.commit.writeAll([
      op('saveAppeal', next, at),
      op('appendAudit', { actor: agent.id, kind: 'qa.appeal.filed', subject: input.conversationId, payload: { reason: input.reason }, at }),
    ]);
    return next;
  }

  appeals(lead: Principal) {
    if (lead.role !== 'lead' || !lead.branchId) throw new AppFailure('FORBIDDEN', 'Branch leads only');
    return listAppeals(this.db, { branchId: lead.branchId }).map((c) => ({ ...c, review: getReview(this.db, c.sessionId, 'branch') ?? null }));
  }

  async decide(
    lead: Principal,
    input: { conversationId: string; decision: 'uphold' | 'overturn'; notes: string; newScore?: { total: number; passed: boolean } },
  ): Promise<AppealCase> {
    const current = getAppeal(this.db, input.conversationId);
    if (!current) throw new AppFailure('NOT_FOUND', 'No appeal for this session');
    const at = this.now();
    const decision =
      input.decision === 'uphold'
        ? ({ decision: 'uphold', notes: input.notes } as const)
        : input.newScore
          ? ({ decision: 'overturn', notes: input.notes, newScore: input.newScore } as const)
          : null;
    if (!decision) throw new AppFailure('BAD_REQUEST', '改判需给出新分数 / Overturning needs the new score');
    // The appeal rules name the role as the QA domain does ('branch_lead').
    const next = decideAppeal(current, { userId: lead.id, role: lead.role === 'lead' ? 'branch_lead' : lead.role, branchId: lead.branchId ?? '' }, decision, at);
    await this.commit.writeAll([
      op('saveAppeal', next, at),
      op('appendAudit', { actor: lead.id, kind: `qa.appeal.${next.status}`, subject: input.conversationId, payload: { notes: input.notes }, at }),
    ]);
    return next;
  }

  // ---- reports ----

  report(viewer: Principal, input: { from: string; to: string; period: 'day' | 'week' | 'month' }): QaReport {
    this.requireReader(viewer);
    const branchId = viewer.role === 'qa' && viewer.branchId === null ? null : viewer.branchId;
    const reviews = listReviews(this.db, { branchId, from: input.from, to: input.to });
    // Staff names, not masked customer data: reviewers and leads know their colleagues by name.
    const names = {
      agents: Object.fromEntries(listStaff(this.db).map((s) => [s.id, s.displayName])),
      branches: Object.fromEntries(listBranches(this.db).map((b) => [b.id, b.name])),
    };
    return buildQaReport({ reviews, scorecards: defaultScorecards, period: input.period, appeals: listAppeals(this.db, { branchId }), names });
  }

  /** QA replays, comments on and scores finished sessions only; live ones belong to the deck and the lead. */
  private finished(conversationId: string) {
    const conv = getConversation(this.db, conversationId);
    if (!conv) throw new AppFailure('NOT_FOUND', `Conversation ${conversationId} not found`);
    if (!conv.closedAt) throw new AppFailure('INVALID_TRANSITION', '会话尚未结束,不能质检 / The session has not finished yet');
    return conv;
  }

  private requireReader(viewer: Principal): void {
    if (viewer.role === 'qa' || viewer.role === 'lead') return;
    throw new AppFailure('FORBIDDEN', '仅质检与负责人可查看 / QA reviewers and branch leads only');
  }

  private assertMayReview(viewer: Principal, branchId: string | null, agentId: string | null): void {
    if (isHeadOffice(viewer)) return;
    if ((viewer.role === 'qa' || viewer.role === 'lead') && branchId !== null && viewer.branchId === branchId) return;
    if (viewer.role === 'agent' && agentId === viewer.id) return; // an agent may replay their own reviewed session
    throw new AppFailure('FORBIDDEN', '无权查看该会话 / Not a session you may review');
  }
}
