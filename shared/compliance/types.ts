/** Public shapes of the compliance engine. Everything here is plain data so it crosses IPC and sockets as is. */

export const COMPLIANCE_CATEGORIES = [
  'guarantee_return',
  'induce_trading',
  'stock_tip',
  'disparage_peer',
  'privacy_leak',
  'off_platform',
  'fee_promise',
  'unsuitable_push',
] as const;
export type ComplianceCategory = (typeof COMPLIANCE_CATEGORIES)[number];

export type Severity = 'block' | 'warn';
export type Verdict = 'block' | 'warn' | 'pass';

/** Built-in detectors for personal data; they need code (check digits), not phrases. */
export const PII_DETECTORS = ['cn_id_card', 'bank_card', 'cn_mobile'] as const;
export type PiiDetector = (typeof PII_DETECTORS)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ComplianceRule {
  id: string;
  category: ComplianceCategory;
  severity: Severity;
  reason: Bilingual;
  alternative: Bilingual;
  /** Literal phrases, matched on normalised text (see normalize.ts). */
  phrases: string[];
  /** Regular expressions (JavaScript syntax, compiled with the `u` flag) run on the normalised text of one sentence. */
  patterns: string[];
  detector?: PiiDetector;
  /** When false, a negator nearby does not excuse the hit (e.g. disparaging a peer stays disparaging). */
  negatable: boolean;
  /** When false, the phrase is not expanded with the pinyin / homophone variants table. */
  variants: boolean;
}

export interface NegationLexicon {
  /** Negators that flip meaning (不, 不能, 没有 …); an even count before a hit cancels out (double negation). */
  before: string[];
  /** Warning words (谨防, 警惕, 严禁 …) that always mark a hit as cited, not claimed. */
  strong: string[];
  /** Words after a hit that declare it false (…是不存在的, …是骗局). */
  after: string[];
  /** Words that contain a negator character but do not negate (不少, 不错, 毫无疑问 …). */
  pseudo: string[];
  /** Characters before a hit searched for logical negators (never past a clause break or the previous hit). */
  windowBefore: number;
  /** Characters before a hit searched for warning words (never past a clause break). */
  windowStrong: number;
  /** Characters after a hit searched for denials (never past the sentence end). */
  windowAfter: number;
}

export interface RuleSet {
  version: string;
  updatedAt: string;
  negation: NegationLexicon;
  /** Character → evasive spellings (pinyin syllables, homophones) used to expand phrases. */
  variants: Record<string, string[]>;
  /** Innocent terms that contain a phrase (保本价 = break-even price, 无风险利率 = risk-free rate): a hit inside one is dropped. */
  allow: string[];
  rules: ComplianceRule[];
}

export interface ComplianceHit {
  ruleId: string;
  category: ComplianceCategory;
  severity: Severity;
  /** Span [start, end) in UTF-16 code units of the ORIGINAL text. */
  start: number;
  end: number;
  /** The original text of the span (with any inserted spaces or punctuation). */
  matched: string;
  reason: Bilingual;
  alternative: Bilingual;
}

export interface ComplianceResult {
  verdict: Verdict;
  hits: ComplianceHit[];
}

export interface ComplianceSession {
  /** Check the new full text of the draft; only the sentences the edit touched are checked again. */
  update(newText: string): ComplianceResult;
}

export interface ComplianceEngine {
  readonly ruleSet: RuleSet;
  check(text: string): ComplianceResult;
  createSession(): ComplianceSession;
}
