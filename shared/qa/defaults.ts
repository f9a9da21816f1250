/** The shipped sampling plans, review policy and scorecards, validated on first import. */
import plansJson from '../../resources/qa/plans.json';
import scorecardsJson from '../../resources/qa/scorecards.json';
import { parseDataFile } from './data-file';
import { PlansFileSchema } from './sampling';
import { ScorecardFileSchema } from './scorecard';

const plansFile = PlansFileSchema.parse(plansJson);
export const defaultSamplingPlans = plansFile.plans;
export const defaultReviewPolicy = plansFile.review;
export const defaultScorecards = ScorecardFileSchema.parse(scorecardsJson).scorecards;

/** Parse an edited plans file (text read by the caller), with line numbers in every error. */
export function parsePlansFile(text: string, fileName = 'plans.json') {
  return parseDataFile(text, PlansFileSchema, fileName);
}

/** Parse an edited scorecards file, with line numbers in every error. */
export function parseScorecardFile(text: string, fileName = 'scorecards.json') {
  return parseDataFile(text, ScorecardFileSchema, fileName);
}
