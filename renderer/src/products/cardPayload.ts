/**
 * Reading the payloads of product-push and business-card messages. They come from the hub (full payload) or from the
 * local outbox while still queued (`pending` with only the code or card id), and an older hub may send fewer fields:
 * everything is checked, nothing is trusted to be there.
 */
import { z } from 'zod';
import type { MessageView } from '../../../shared/ipc/contract';
import type { Card, Product } from '../../../shared/suitability/catalog';
import type { SuitabilityDecision } from '../../../shared/suitability/types';

export type CommercePayload =
  | {
      type: 'product';
      productCode: string;
      pending: boolean;
      pushId?: string;
      product?: Product;
      decision?: SuitabilityDecision;
      requiresConfirmation: boolean;
      riskWarning?: string;
      customerInitiated?: boolean;
    }
  | { type: 'business'; cardId: string; pending: boolean; title?: string; card?: Card };

const bilingual = z.object({ zh: z.string(), en: z.string() });
const productShape = z.looseObject({ code: z.string(), name: z.string(), type: z.string(), riskLevel: z.string(), term: z.string() });
const cardShape = z.looseObject({ id: z.string(), title: bilingual, summary: bilingual, steps: z.array(bilingual), conditions: z.array(bilingual), entry: z.object({ label: bilingual }).loose() });
const decisionShape = z.object({ decision: z.enum(['allow', 'confirm', 'deny']), reasons: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })) });

const hubProduct = z.looseObject({
  type: z.literal('product'),
  pushId: z.string().optional(),
  product: productShape,
  decision: decisionShape.optional(),
  requiresConfirmation: z.boolean().optional(),
  riskWarning: z.string().optional(),
  customerInitiated: z.boolean().optional(),
});
const hubBusiness = z.looseObject({ type: z.literal('business'), cardId: z.string(), title: z.string().optional(), card: cardShape.optional() });
const queuedProduct = z.looseObject({ pending: z.literal(true), productCode: z.string(), customerInitiated: z.boolean().optional() });
const queuedCard = z.looseObject({ pending: z.literal(true), cardId: z.string() });

export function readCommercePayload(payload: unknown): CommercePayload | null {
  const product = hubProduct.safeParse(payload);
  if (product.success) {
    const p = product.data;
    return {
      type: 'product',
      productCode: p.product.code,
      pending: false,
      product: p.product as unknown as Product,
      requiresConfirmation: p.requiresConfirmation ?? p.decision?.decision === 'confirm',
      ...(p.pushId ? { pushId: p.pushId } : {}),
      ...(p.decision ? { decision: p.decision as SuitabilityDecision } : {}),
      ...(p.riskWarning ? { riskWarning: p.riskWarning } : {}),
      ...(typeof p.customerInitiated === 'boolean' ? { customerInitiated: p.customerInitiated } : {}),
    };
  }
  const business = hubBusiness.safeParse(payload);
  if (business.success) {
    const b = business.data;
    return { type: 'business', cardId: b.cardId, pending: false, ...(b.title ? { title: b.title } : {}), ...(b.card ? { card: b.card as unknown as Card } : {}) };
  }
  const queued = queuedProduct.safeParse(payload);
  if (queued.success) {
    const q = queued.data;
    return { type: 'product', productCode: q.productCode, pending: true, requiresConfirmation: false, ...(q.customerInitiated !== undefined ? { customerInitiated: q.customerInitiated } : {}) };
  }
  const queuedBusiness = queuedCard.safeParse(payload);
  if (queuedBusiness.success) return { type: 'business', cardId: queuedBusiness.data.cardId, pending: true };
  return null;
}

/** pushId → when the customer confirmed, per loaded history (a history array is immutable, so the index is too). */
const confirmations = new WeakMap<readonly MessageView[], Map<string, string>>();

/** When the customer confirmed the push (the `push.confirmed` system message), or null while they have not. */
export function confirmationOf(messages: readonly MessageView[] | undefined, pushId: string): string | null {
  if (!messages) return null;
  let index = confirmations.get(messages);
  if (!index) {
    index = new Map();
    for (const m of messages) {
      const p = m.payload as { event?: unknown; pushId?: unknown } | undefined;
      if (p && typeof p === 'object' && p.event === 'push.confirmed' && typeof p.pushId === 'string' && !index.has(p.pushId)) index.set(p.pushId, m.at);
    }
    confirmations.set(messages, index);
  }
  return index.get(pushId) ?? null;
}
