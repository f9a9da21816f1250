/** Small pure rules behind the knowledge forms (contribute, review) and messages. */
import type { MessageView } from '../../../shared/ipc/contract';

/** The contract's limits, repeated as form hints (the services validate again). */
export const PROPOSAL_BODY_MIN = 20;
export const INSIGHT_MIN = 5;
export const INSIGHT_MAX = 2000;

/** Tags typed as free text: split on commas (also Chinese), 、 and whitespace; trimmed, de-duplicated, at most 20. */
export function parseTags(input: string | readonly string[]): string[] {
  const parts = typeof input === 'string' ? input.split(/[,，、;；\s]+/) : input.flatMap((t) => t.split(/[,，、;；]+/));
  const seen = new Set<string>();
  for (const p of parts) {
    const tag = p.trim().slice(0, 40);
    if (tag) seen.add(tag);
  }
  return [...seen].slice(0, 20);
}

/** Counts characters as people do (a Chinese character or an emoji is one). */
export const charCount = (text: string): number => [...text.trim()].length;

/** A rejection must say why; an approval needs nothing. */
export const canDecide = (approve: boolean, reason: string): boolean => approve || reason.trim().length > 0;

/**
 * The customer's latest text message in a history (what suggestions are found for), or null. System lines, cards,
 * whispers and the agent's own messages are skipped.
 */
export function latestCustomerText(messages: readonly MessageView[] | undefined): string | null {
  if (!messages) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.senderKind === 'customer' && m.kind === 'text' && m.text.trim()) return m.text;
  }
  return null;
}

/**
 * Services answer errors as "中文 / English"; show the half in the interface language (the whole text when it is
 * not bilingual).
 */
export function localizedMessage(message: string, language: string): string {
  const han = /\p{Script=Han}/u;
  // The separator is the first " / " (or "）/ ") with Chinese before it and no Chinese after it.
  for (let at = message.indexOf('/'); at >= 0; at = message.indexOf('/', at + 1)) {
    const zh = message.slice(0, at).trim();
    const en = message.slice(at + 1).trim();
    if (zh && en && han.test(zh) && !han.test(en) && /\s/.test(message[at + 1] ?? '')) return language === 'en' ? en : zh;
  }
  return message;
}
