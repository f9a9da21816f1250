/** QA wire types: samples, replay, comments. */
import type { SampleResult } from '../qa/sampling';
import type { QaReview } from '../qa/review';
import type { AppealCase } from '../qa/appeal';
import type { Message, TransitionView } from './hub';

export interface StoredSample {
  id: string;
  planId: string;
  seed: string;
  branchId: string | null;
  periodFrom: string;
  periodTo: string;
  drawnBy: string;
  drawnAt: string;
  result: SampleResult;
}

export interface QaComment {
  id: number;
  conversationId: string;
  messageSeq: number;
  authorId: string;
  text: string;
  at: string;
}

export interface ReplayView {
  conversationId: string;
  customerName: string;
  branchId: string | null;
  skillGroup: string;
  agentId: string | null;
  state: string;
  createdAt: string;
  closedAt: string | null;
  csat: { score: number; comment: string | null } | null;
  /** Text masked: digits that look like phone, ID or card numbers are redacted. */
  messages: Message[];
  transitions: TransitionView[];
  compliance: { actorId: string; kind: 'shown' | 'block' | 'ack' | 'override'; ruleIds: string[]; at: string }[];
  pushes: { id: string; productCode: string; decision: string; reasons: unknown; customerInitiated: boolean; createdAt: string; confirmedAt: string | null }[];
  comments: QaComment[];
  sampleReasons: string[];
  branchReview: QaReview | null;
  headOfficeReview: QaReview | null;
  appeal: AppealCase | null;
}

