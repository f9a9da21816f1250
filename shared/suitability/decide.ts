/**
 * The house suitability rules for showing or pushing a product to a customer.
 * Rules run in a fixed order and the first one that decides wins; see `decideSuitability`.
 */
import {
  addYears,
  compareCalendarDates,
  formatCalendarDate,
  parseCalendarDate,
  type CalendarDate,
} from './dates';
import {
  ASSESSMENT_VALID_YEARS,
  ELDERLY_AGE,
  isInvestorType,
  isRiskGrade,
  isRiskLevel,
  riskRank,
  type SuitabilityDecision,
  type SuitabilityInput,
  type SuitabilityReason,
  type SuitabilityReasonCode,
} from './types';

const reason = (code: SuitabilityReasonCode, zh: string, en: string): SuitabilityReason => ({ code, zh, en });
const deny = (...reasons: SuitabilityReason[]): SuitabilityDecision => ({ decision: 'deny', reasons });
const allow = (...reasons: SuitabilityReason[]): SuitabilityDecision => ({ decision: 'allow', reasons });
const confirm = (...reasons: SuitabilityReason[]): SuitabilityDecision => ({ decision: 'confirm', reasons });

function productLabel(product: SuitabilityInput['product']): string {
  const name = typeof product.name === 'string' && product.name.trim() !== '' ? product.name : undefined;
  const code = typeof product.code === 'string' ? product.code : String(product.code);
  return name ? `${name}（${code}）` : code;
}

/** Rules 1–4: the decision before the elderly-investor rule is applied. */
export function decideBaseSuitability(input: SuitabilityInput): SuitabilityDecision {
  const { customer, product } = input;
  const label = productLabel(product);

  // Rule 1: without a known investor type and product risk level nothing can be judged, not even R1.
  const missing: SuitabilityReason[] = [];
  if (!isInvestorType(customer.investorType)) {
    missing.push(
      reason(
        'INVESTOR_TYPE_MISSING',
        '客户投资者类别（普通/专业）缺失或无效，不得推介任何产品。',
        'The customer has no valid investor type (ordinary/professional); no product may be offered.',
      ),
    );
  }
  if (!isRiskLevel(product.riskLevel)) {
    missing.push(
      reason(
        'RISK_LEVEL_MISSING',
        `产品 ${label} 的风险等级缺失或无效（应为 R1–R5），不能凭产品名称推断风险。`,
        `Product ${label} has no valid risk level (R1–R5); a product name never implies its risk.`,
      ),
    );
  }
  const level = isRiskLevel(product.riskLevel) ? product.riskLevel : null;
  if (missing.length > 0 || level === null) return deny(...missing);

  // Rule 2: professional investors may buy any product.
  if (customer.investorType === 'professional') {
    return allow(
      reason(
        'PROFESSIONAL_INVESTOR',
        `专业投资者，可购买 ${level} 产品。`,
        `Professional investor: ${level} products are allowed.`,
      ),
    );
  }

  // Rule 3: the lowest-risk products are open to every ordinary investor.
  if (level === 'R1') {
    return allow(
      reason(
        'LOWEST_RISK_PRODUCT',
        'R1 低风险产品，适合所有普通投资者。',
        'R1 (low-risk) product: suitable for every ordinary investor.',
      ),
    );
  }

  // Rule 4a: the lowest risk-tolerance category may only hold R1, whatever they ask and whatever the grade says.
  if (customer.isLowestRiskTolerance !== false) {
    const unknown = customer.isLowestRiskTolerance !== true;
    return deny(
      reason(
        'LOWEST_RISK_TOLERANCE',
        unknown
          ? `未确认客户是否属于风险承受能力最低类别，不得销售 ${level} 产品。`
          : `客户属于风险承受能力最低类别，只能购买 R1 产品，即使客户主动要求也不得销售 ${level} 产品。`,
        unknown
          ? `It is not recorded whether the customer is in the lowest risk-tolerance category; ${level} products may not be sold.`
          : `The customer is in the lowest risk-tolerance category and may only buy R1 products, even on request; ${level} is not allowed.`,
      ),
    );
  }

  // Rule 4b.
  if (!isRiskGrade(customer.riskGrade)) {
    return deny(
      reason(
        'RISK_GRADE_MISSING',
        '客户风险承受能力等级缺失或无效（应为 C1–C5），请先完成风险测评。',
        "The customer's risk grade is missing or invalid (must be C1–C5); a risk assessment is needed first.",
      ),
    );
  }
  const grade = customer.riskGrade;

  // Rule 4c: the assessment must exist, be in the past and at most two years old.
  const assessmentProblem = checkAssessmentDate(customer.riskAssessedAt, input.asOf);
  if (assessmentProblem) return deny(assessmentProblem);

  // Rule 4d: above the grade only on the customer's own request, with a written warning and confirmation.
  if (riskRank(level) > riskRank(grade)) {
    if (input.customerInitiated === true) {
      return confirm(
        reason(
          'ABOVE_GRADE_CUSTOMER_REQUEST',
          `产品风险 ${level} 高于客户风险承受能力 ${grade}。客户主动要求购买：须出具书面特别风险警示，并取得客户确认后方可办理。`,
          `Product risk ${level} is above the customer's grade ${grade}. The customer asked for it: give a written special risk warning and obtain the customer's confirmation first.`,
        ),
      );
    }
    return deny(
      reason(
        'ABOVE_GRADE_PUSH',
        `产品风险 ${level} 高于客户风险承受能力 ${grade}，不得主动推介。`,
        `Product risk ${level} is above the customer's grade ${grade}; it may not be offered to the customer.`,
      ),
    );
  }

  // Rule 4e.
  return allow(
    reason(
      'WITHIN_GRADE',
      `产品风险 ${level} 在客户风险承受能力 ${grade} 范围内。`,
      `Product risk ${level} is within the customer's grade ${grade}.`,
    ),
  );
}

function checkAssessmentDate(assessedAtRaw: unknown, asOfRaw: string): SuitabilityReason | null {
  if (assessedAtRaw === undefined || assessedAtRaw === null || assessedAtRaw === '') {
    return reason(
      'ASSESSMENT_MISSING',
      '客户没有风险测评日期，请先完成风险测评。',
      'The customer has no risk assessment date; an assessment is needed first.',
    );
  }
  const assessedAt = parseCalendarDate(assessedAtRaw);
  if (!assessedAt) {
    return reason(
      'ASSESSMENT_UNPARSEABLE',
      `风险测评日期“${String(assessedAtRaw)}”无法识别，请重新测评。`,
      `The risk assessment date "${String(assessedAtRaw)}" cannot be read; the customer must be re-assessed.`,
    );
  }
  const asOf = parseCalendarDate(asOfRaw);
  if (!asOf) {
    return reason(
      'AS_OF_UNPARSEABLE',
      `判断日期“${String(asOfRaw)}”无法识别，无法确认测评是否有效。`,
      `The decision date "${String(asOfRaw)}" cannot be read, so the assessment cannot be checked.`,
    );
  }
  if (compareCalendarDates(assessedAt, asOf) > 0) {
    return reason(
      'ASSESSMENT_IN_FUTURE',
      `风险测评日期 ${formatCalendarDate(assessedAt)} 晚于当前日期 ${formatCalendarDate(asOf)}，记录有误，请重新测评。`,
      `The risk assessment date ${formatCalendarDate(assessedAt)} is after today (${formatCalendarDate(asOf)}); the record is wrong and the customer must be re-assessed.`,
    );
  }
  const lastValidDay: CalendarDate = addYears(assessedAt, ASSESSMENT_VALID_YEARS);
  if (compareCalendarDates(asOf, lastValidDay) > 0) {
    return reason(
      'ASSESSMENT_EXPIRED',
      `风险测评（${formatCalendarDate(assessedAt)}）已超过两年有效期（至 ${formatCalendarDate(lastValidDay)}），须重新测评后方可办理。`,
      `The risk assessment of ${formatCalendarDate(assessedAt)} expired after two years (valid until ${formatCalendarDate(lastValidDay)}); the customer must be re-assessed first.`,
    );
  }
  return null;
}

function isValidAge(age: unknown): age is number {
  return typeof age === 'number' && Number.isFinite(age) && age >= 0 && age < 150;
}

/**
 * Rule 5 on top of rules 1–4: an R4/R5 product that rules 1–4 allow needs a confirmation from an investor aged 70
 * or more, and is denied when the age is unknown. It only ever tightens an `allow`.
 */
export function applyElderlyRule(input: SuitabilityInput, base: SuitabilityDecision): SuitabilityDecision {
  if (base.decision !== 'allow') return base;
  if (base.reasons[0]?.code !== 'WITHIN_GRADE') return base;
  const level = input.product.riskLevel;
  if (level !== 'R4' && level !== 'R5') return base;
  const age = input.customer.age;
  if (!isValidAge(age)) {
    return deny(
      ...base.reasons,
      reason(
        'AGE_MISSING_HIGH_RISK',
        `客户年龄未知，无法确认是否为高龄投资者，不得销售 ${level} 产品。`,
        `The customer's age is unknown, so it cannot be ruled out that they are elderly; ${level} products may not be sold.`,
      ),
    );
  }
  if (age >= ELDERLY_AGE) {
    return confirm(
      ...base.reasons,
      reason(
        'ELDERLY_HIGH_RISK',
        `客户年满 ${ELDERLY_AGE} 周岁（${age} 岁），购买 ${level} 产品须加强风险提示并取得客户确认。`,
        `The customer is ${age}, at least ${ELDERLY_AGE}: an ${level} product needs an enhanced risk warning and the customer's confirmation.`,
      ),
    );
  }
  return base;
}

/**
 * House rules, in order, first decisive rule wins:
 * 1 missing/invalid investor type or product risk level → deny; 2 professional → allow; 3 R1 → allow;
 * 4 ordinary above R1: lowest risk tolerance (or unknown) → deny, invalid grade → deny, missing/future/expired
 * assessment → deny, above grade → confirm if the customer asked else deny, within grade → allow;
 * 5 elderly (≥70) buying R4/R5 where 4e allowed → confirm, unknown age there → deny.
 */
export function decideSuitability(input: SuitabilityInput): SuitabilityDecision {
  return applyElderlyRule(input, decideBaseSuitability(input));
}
