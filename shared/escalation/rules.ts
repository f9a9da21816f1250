/**
 * Hub-side auto-escalation: when a session should go to the branch lead without the agent asking.
 * Pure functions over a rule set that is data (`resources/escalation/rules.json`, schema below).
 *
 * Triggers:
 * - complaint words in the customer's text (投诉, 12386, 证监会 …), unless simply negated ("我不是要投诉");
 * - the customer asks for a supervisor (找主管, 叫你们经理, 换个人 …), same negation handling;
 * - the first-response / reply SLA has been breached for at least `slaBreachedSeconds`;
 * - the agent tried to send a compliance-blocked message at least `blockedSendsPerSession` times in the session.
 */
import { z } from 'zod';
import rulesJson from '../../resources/escalation/rules.json';
import { AppFailure } from '../result';
import { normalizeClauses, normalizeTerm } from './normalize';

const termList = z.array(z.string().trim().min(1)).min(1);

export const EscalationRulesSchema = z.object({
  version: z.number().int().positive(),
  /** Words that mean the customer threatens a complaint, the regulator, the press or a lawsuit. */
  complaintWords: termList,
  /** Words that mean the customer asks for someone senior or someone else. */
  supervisorRequests: termList,
  negation: z.object({
    /** A match right after one of these (fillers aside) is negated: "不", "不是", "没有", "not" … */
    cues: termList,
    /** Words that may stand between the cue and the match: "我不是【要】投诉", "not 【going to】 complain". */
    fillers: z.array(z.string().trim().min(1)),
    /** Double negatives that mean yes: "不得不投诉" is a complaint. Checked before the cues. */
    affirmativeOverrides: z.array(z.string().trim().min(1)),
    /** How many fillers may be skipped between the cue and the match. */
    maxFillers: z.number().int().min(0).max(10),
  }),
  thresholds: z.object({
    /** Escalate once the SLA has been breached for at least this many seconds. */
    slaBreachedSeconds: z.number().positive(),
    /** Escalate once this many blocked sends happened in one session. */
    blockedSendsPerSession: z.number().int().positive(),
  }),
});
export type EscalationRules = z.infer<typeof EscalationRulesSchema>;

/** The shipped rule set, validated on first import (a broken shipped file fails loudly at start-up). */
export const defaultEscalationRules: EscalationRules = EscalationRulesSchema.parse(rulesJson);

/** The rule set in matching form: every term normalised once, fillers longest first. */
interface CompiledTerms {
  terms: { original: string; normalized: string }[];
  cues: string[];
  fillers: string[];
  overrides: string[];
  maxFillers: number;
}

const compiledCache = new WeakMap<EscalationRules, { complaint: CompiledTerms; supervisor: CompiledTerms }>();

function compile(rules: EscalationRules): { complaint: CompiledTerms; supervisor: CompiledTerms } {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const norm = (list: string[]) => list.map(normalizeTerm).filter((t) => t.length > 0);
  const shared = {
    cues: norm(rules.negation.cues),
    fillers: norm(rules.negation.fillers).sort((a, b) => b.length - a.length),
    overrides: norm(rules.negation.affirmativeOverrides),
    maxFillers: rules.negation.maxFillers,
  };
  const terms = (list: string[]) =>
    list.map((original) => ({ original, normalized: normalizeTerm(original) })).filter((t) => t.normalized.length > 0);
  const compiled = {
    complaint: { ...shared, terms: terms(rules.complaintWords) },
    supervisor: { ...shared, terms: terms(rules.supervisorRequests) },
  };
  compiledCache.set(rules, compiled);
  return compiled;
}

/**
 * Is the match preceded (within its clause) by a negation cue, with at most `maxFillers` filler words between?
 * "我不是要投诉" → before = "我不是要": drop filler "要" → ends with cue "不是" → negated.
 * "不处理就投诉" → before = "不处理就": ends with "就", no cue, no filler → not negated.
 */
function isNegated(before: string, compiled: CompiledTerms): boolean {
  let rest = before;
  for (let skipped = 0; ; skipped++) {
    if (compiled.overrides.some((o) => rest.endsWith(o))) return false;
    if (compiled.cues.some((c) => rest.endsWith(c))) return true;
    if (skipped >= compiled.maxFillers) return false;
    const filler = compiled.fillers.find((f) => rest.endsWith(f));
    if (!filler) return false;
    rest = rest.slice(0, -filler.length);
  }
}

/** Terms (as written in the rule set) that occur un-negated at least once, in order of first occurrence. */
function findTerms(text: string, compiled: CompiledTerms): string[] {
  const found: { original: string; at: number }[] = [];
  const clauses = normalizeClauses(text);
  let offset = 0;
  for (const clause of clauses) {
    for (const term of compiled.terms) {
      if (found.some((f) => f.original === term.original)) continue;
      for (let at = clause.indexOf(term.normalized); at !== -1; at = clause.indexOf(term.normalized, at + 1)) {
        if (!isNegated(clause.slice(0, at), compiled)) {
          found.push({ original: term.original, at: offset + at });
          break;
        }
      }
    }
    offset += clause.length + 1;
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.original);
}

/** Complaint words in a customer's text, or null when there are none (negated mentions do not count). */
export function detectComplaint(text: string, rules: EscalationRules = defaultEscalationRules): { matched: string[] } | null {
  const matched = findTerms(text, compile(rules).complaint);
  return matched.length > 0 ? { matched } : null;
}

/** Requests for a supervisor / someone else in a customer's text, or null. */
export function detectSupervisorRequest(text: string, rules: EscalationRules = defaultEscalationRules): { matched: string[] } | null {
  const matched = findTerms(text, compile(rules).supervisor);
  return matched.length > 0 ? { matched } : null;
}

export const EscalationFactsSchema = z.object({
  /** How long the session has been past its SLA, in ms; absent or 0 when it is within SLA. */
  slaBreachedForMs: z.number().nonnegative().optional(),
  /** Compliance-blocked send attempts so far in this session. */
  blockedSends: z.number().int().nonnegative().optional(),
  /** The customer's latest message (or recent messages joined by newlines). */
  customerText: z.string().optional(),
});
export type EscalationFacts = z.infer<typeof EscalationFactsSchema>;

export type EscalationReasonCode = 'complaint' | 'supervisor_request' | 'sla_breached' | 'repeated_blocked_sends';

export interface EscalationReason {
  code: EscalationReasonCode;
  zh: string;
  en: string;
}

export interface EscalationDecision {
  escalate: boolean;
  reasons: EscalationReason[];
}

/** Decide whether to escalate; every rule that fires gives a bilingual reason (in a fixed order). */
export function shouldAutoEscalate(facts: EscalationFacts, rules: EscalationRules): EscalationDecision {
  const parsed = EscalationFactsSchema.safeParse(facts);
  if (!parsed.success) {
    throw new AppFailure('BAD_REQUEST', `escalation facts are invalid: ${z.prettifyError(parsed.error)}`, parsed.error.issues);
  }
  const { slaBreachedForMs, blockedSends, customerText } = parsed.data;
  const reasons: EscalationReason[] = [];

  if (customerText) {
    const complaint = detectComplaint(customerText, rules);
    if (complaint) {
      const words = complaint.matched.join('、');
      reasons.push({ code: 'complaint', zh: `客户提及投诉/监管：${words}`, en: `Customer mentions a complaint or regulator: ${complaint.matched.join(', ')}` });
    }
    const supervisor = detectSupervisorRequest(customerText, rules);
    if (supervisor) {
      reasons.push({ code: 'supervisor_request', zh: `客户要求主管处理：${supervisor.matched.join('、')}`, en: `Customer asks for a supervisor: ${supervisor.matched.join(', ')}` });
    }
  }

  const slaLimitMs = rules.thresholds.slaBreachedSeconds * 1000;
  if (slaBreachedForMs !== undefined && slaBreachedForMs >= slaLimitMs) {
    const seconds = Math.floor(slaBreachedForMs / 1000);
    reasons.push({
      code: 'sla_breached',
      zh: `响应超时已达 ${seconds} 秒（阈值 ${rules.thresholds.slaBreachedSeconds} 秒）`,
      en: `SLA breached for ${seconds} s (threshold ${rules.thresholds.slaBreachedSeconds} s)`,
    });
  }

  const blockedLimit = rules.thresholds.blockedSendsPerSession;
  if (blockedSends !== undefined && blockedSends >= blockedLimit) {
    reasons.push({
      code: 'repeated_blocked_sends',
      zh: `本会话已有 ${blockedSends} 次违规消息被拦截（阈值 ${blockedLimit} 次）`,
      en: `${blockedSends} blocked sends in this session (threshold ${blockedLimit})`,
    });
  }

  return { escalate: reasons.length > 0, reasons };
}
