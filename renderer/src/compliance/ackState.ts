/**
 * What the agent must acknowledge before a warned draft goes out, and the acknowledgement sent with it. The hub
 * requires every `warn` rule of the text to be named (and refuses any `block`), so these functions work per rule.
 */
import { z } from 'zod';
import type { Bilingual, ComplianceHit } from '../../../shared/compliance';

export interface AckItem {
  ruleId: string;
  reason: Bilingual;
  alternative: Bilingual;
  /** The draft's words that raised it (each once). */
  matched: string[];
}

export interface Acknowledgement {
  ruleIds: string[];
  reason?: string;
}

/** Longest reason the hub accepts (shared/protocol/hub.ts AcknowledgementSchema). */
export const ACK_REASON_MAX = 500;

function groupByRule(hits: readonly ComplianceHit[]): AckItem[] {
  const byRule = new Map<string, AckItem>();
  for (const h of hits) {
    const item = byRule.get(h.ruleId) ?? { ruleId: h.ruleId, reason: h.reason, alternative: h.alternative, matched: [] };
    if (!item.matched.includes(h.matched)) item.matched.push(h.matched);
    byRule.set(h.ruleId, item);
  }
  return [...byRule.values()];
}

/** The warned rules of a check, one item per rule, in the order they first appear in the text. */
export function ackItemsOf(hits: readonly ComplianceHit[]): AckItem[] {
  return groupByRule([...hits].filter((h) => h.severity === 'warn').sort((a, b) => a.start - b.start));
}

/** The blocking rules of a check, one item per rule: any of them keeps the draft from being sent. */
export function blockItemsOf(hits: readonly ComplianceHit[]): AckItem[] {
  return groupByRule([...hits].filter((h) => h.severity === 'block').sort((a, b) => a.start - b.start));
}

/** Every warned rule must be ticked; a partial acknowledgement would only be refused by the hub. */
export function isAckComplete(items: readonly AckItem[], checked: ReadonlySet<string>): boolean {
  return items.length > 0 && items.every((i) => checked.has(i.ruleId));
}

/** The acknowledgement for `sendMessage`, or null while it is incomplete. */
export function toAcknowledgement(items: readonly AckItem[], checked: ReadonlySet<string>, reason: string): Acknowledgement | null {
  if (!isAckComplete(items, checked)) return null;
  const trimmed = reason.trim().slice(0, ACK_REASON_MAX);
  return { ruleIds: items.map((i) => i.ruleId), ...(trimmed ? { reason: trimmed } : {}) };
}

const hubHitSchema = z.object({
  ruleId: z.string(),
  category: z.string(),
  severity: z.enum(['block', 'warn']),
  start: z.number(),
  end: z.number(),
  matched: z.string(),
  reason: z.object({ zh: z.string(), en: z.string() }),
  alternative: z.object({ zh: z.string(), en: z.string() }),
});
const ackRequiredSchema = z.object({ missing: z.array(z.string()).min(1), hits: z.array(hubHitSchema) });

/**
 * The rules the hub said still need an acknowledgement (ACK_REQUIRED details), as dialog items; null when the details
 * are not in the expected shape (then the hub's message is shown as it is).
 */
export function ackItemsFromHub(details: unknown): AckItem[] | null {
  const parsed = ackRequiredSchema.safeParse(details);
  if (!parsed.success) return null;
  const missing = new Set(parsed.data.missing);
  const items = groupByRule(parsed.data.hits.filter((h) => missing.has(h.ruleId)) as ComplianceHit[]);
  // A rule the hub names without a hit still has to be acknowledged; show its id.
  for (const id of missing) {
    if (!items.some((i) => i.ruleId === id)) items.push({ ruleId: id, reason: { zh: id, en: id }, alternative: { zh: '', en: '' }, matched: [] });
  }
  return items;
}

/** Merges two acknowledgements (the agent's, then the one asked for by the hub). */
export function mergeAcks(a: Acknowledgement | undefined, b: Acknowledgement): Acknowledgement {
  const ruleIds = [...new Set([...(a?.ruleIds ?? []), ...b.ruleIds])];
  const reason = [a?.reason, b.reason].filter((r): r is string => !!r && r.length > 0);
  const joined = [...new Set(reason)].join('; ').slice(0, ACK_REASON_MAX);
  return { ruleIds, ...(joined ? { reason: joined } : {}) };
}
