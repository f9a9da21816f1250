/**
 * One-click fixes for a hit: a phrase or pattern hit is replaced by the rule's compliant wording; personal data found
 * by a detector is replaced by its masked form (the customer keeps the last digits to recognise it).
 */
import type { ComplianceHit, ComplianceRule } from '../../../shared/compliance';
import { maskIdNumber, maskPhone } from '../../../shared/masking/mask';

export interface Fix {
  kind: 'alternative' | 'mask';
  text: string;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The draft's language decides which wording is inserted, not the agent's interface language. */
export function draftLanguage(text: string): 'zh' | 'en' {
  return CJK.test(text) ? 'zh' : 'en';
}

export function fixFor(hit: ComplianceHit, rule: Pick<ComplianceRule, 'detector'> | undefined, draft: string): Fix | null {
  const lang = draftLanguage(draft);
  if (rule?.detector) {
    const digits = hit.matched.replace(/[^\dXx]/g, '').toUpperCase();
    if (digits.length < 4) return null;
    switch (rule.detector) {
      case 'cn_id_card':
        return { kind: 'mask', text: maskIdNumber(digits) };
      case 'cn_mobile':
        return { kind: 'mask', text: maskPhone(digits) };
      case 'bank_card':
        return { kind: 'mask', text: lang === 'zh' ? `尾号${digits.slice(-4)}` : `ending ${digits.slice(-4)}` };
    }
  }
  const text = hit.alternative[lang].trim();
  return text ? { kind: 'alternative', text } : null;
}

/**
 * The draft with the hit's span replaced, or null when the draft no longer holds the hit's words at that place
 * (the agent typed on in the meantime: never replace the wrong words).
 */
export function applyFix(draft: string, hit: Pick<ComplianceHit, 'start' | 'end' | 'matched'>, replacement: string): string | null {
  if (draft.slice(hit.start, hit.end) !== hit.matched) return null;
  return draft.slice(0, hit.start) + replacement + draft.slice(hit.end);
}
