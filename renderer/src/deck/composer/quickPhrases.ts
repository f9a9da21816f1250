/**
 * Quick phrases (常用语): canned answers with variables, per locale. Data lives in resources/quick-phrases so that
 * operations staff can edit it without touching code.
 */
import zhCN from '../../../../resources/quick-phrases/zh-CN.json';
import en from '../../../../resources/quick-phrases/en.json';
import type { Locale } from '../../../../shared/ipc/contract';

export interface QuickPhrase {
  id: string;
  category: string;
  title: string;
  text: string;
  keywords: string[];
}

const byLocale: Record<Locale, QuickPhrase[]> = { 'zh-CN': zhCN.phrases, en: en.phrases };

export function phrasesFor(locale: Locale): QuickPhrase[] {
  return byLocale[locale];
}

export interface PhraseVariables {
  customerTitle: string;
  agentName: string;
}

/** Every spelling a phrase may use for a variable, so zh and en phrase files can each use their own names. */
const VARIABLE_ALIASES: Record<keyof PhraseVariables, string[]> = {
  customerTitle: ['customerTitle', '称呼', '客户称呼'],
  agentName: ['agentName', '坐席姓名', '坐席'],
};

/**
 * Replaces `{name}` variables; unknown ones are left as they are so the agent sees and fixes them. A value that starts
 * a sentence is capitalised ("valued customer, …" → "Valued customer, …"); Chinese text is unaffected.
 */
export function fillPhrase(text: string, vars: PhraseVariables): string {
  return text.replace(/\{([^{}\s]{1,20})\}/g, (whole, name: string, offset: number) => {
    for (const key of Object.keys(VARIABLE_ALIASES) as (keyof PhraseVariables)[]) {
      if (!VARIABLE_ALIASES[key].includes(name)) continue;
      const value = vars[key];
      const startsSentence = offset === 0 || /[.!?]\s+$/.test(text.slice(0, offset));
      return startsSentence ? value.charAt(0).toUpperCase() + value.slice(1) : value;
    }
    return whole;
  });
}

/** A masked personal name: one Han character (the surname) followed only by mask characters. */
const MASKED_HAN_NAME = /^(\p{Script=Han})[*＊×•]+$/u;
const LATIN_SURNAME = /^([A-Za-z][A-Za-z'-]+)[\s*]/;

/**
 * How to address a customer, from the masked name the hub sends (e.g. "张**" → "张先生/女士"). The deck never sees
 * the full name, and the surname is what a service desk uses anyway; anything else ("访客1660", an empty name) gets
 * the polite generic form rather than a wrong surname.
 */
export function customerTitle(maskedName: string, locale: Locale): string {
  const name = maskedName.trim();
  const han = MASKED_HAN_NAME.exec(name)?.[1];
  if (locale === 'zh-CN') return han ? `${han}先生/女士` : '尊敬的客户';
  if (han) return `Mr./Ms. ${han}`;
  const latin = LATIN_SURNAME.exec(name)?.[1];
  return latin ? `Mr./Ms. ${latin}` : 'valued customer';
}

/**
 * Filters phrases by a keyword query: every whitespace-separated term must appear in the title, category, keywords or
 * text (case-insensitive); matches in the title or keywords rank first.
 */
export function searchPhrases(phrases: readonly QuickPhrase[], query: string): QuickPhrase[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return phrases.slice();
  const scored: { p: QuickPhrase; score: number; order: number }[] = [];
  phrases.forEach((p, order) => {
    const head = `${p.title} ${p.keywords.join(' ')}`.toLowerCase();
    const body = `${p.category} ${p.text}`.toLowerCase();
    let score = 0;
    for (const term of terms) {
      if (head.includes(term)) score += 2;
      else if (body.includes(term)) score += 1;
      else return;
    }
    scored.push({ p, score, order });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.map((s) => s.p);
}
