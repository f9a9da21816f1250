export {
  SessionSummarySchema,
  SamplingPlanSchema,
  ReviewPolicySchema,
  PlansFileSchema,
  SAMPLE_REASONS,
  drawSample,
  randomQuota,
  type SessionSummary,
  type SamplingPlan,
  type SamplingPlanInput,
  type ReviewPolicy,
  type SampleReason,
  type SampleItem,
  type SampleResult,
  type DrawOptions,
} from './sampling';
export {
  ScorecardSchema,
  ScorecardFileSchema,
  CriterionSchema,
  CriticalItemSchema,
  scoreSession,
  validateAnswers,
  roundHalfUp,
  type Scorecard,
  type ScoreAnswers,
  type ScoreResult,
  type CriterionScore,
  type AnswerIssue,
} from './scorecard';
export { pickSpotChecks, blindView, listDisagreements, pairReviews, type QaReview, type ReviewLevel, type BlindReviewTask, type ReviewPair, type Disagreement } from './review';
export {
  publishResult,
  fileAppeal,
  decideAppeal,
  canAppeal,
  appealDeadline,
  type AppealCase,
  type AppealEvent,
  type AppealStatus,
  type AppealPolicy,
  type AppealDecider,
  type AppealDecision,
  type AppealRefusal,
  type QaScore,
} from './appeal';
export { buildQaReport, scoreTableCsv, type QaReport, type QaReportInput, type ScoreStats, type FailedItem, type AgreementStats, type ScoreTable } from './report';
export { periodKey, PeriodSchema, TimestampSchema, CHINA_UTC_OFFSET_MINUTES, type Period } from './period';
export { parseDataFile, locateJsonLines, type DataFileIssue } from './data-file';
export { defaultSamplingPlans, defaultReviewPolicy, defaultScorecards, parsePlansFile, parseScorecardFile } from './defaults';
