import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../shared/ipc/contract';
import { confirmationOf, readCommercePayload } from './cardPayload';

const product = { code: 'EQ001', name: '沪深300指数增强', type: 'index-fund', riskLevel: 'R4', term: '开放式', minAmount: 10, documents: [] };
const card = {
  id: 'gem-open',
  title: { zh: '创业板开通', en: 'Open ChiNext' },
  summary: { zh: 's', en: 's' },
  steps: [{ zh: '1', en: '1' }],
  conditions: [{ zh: 'c', en: 'c' }],
  entry: { kind: 'app-route', route: 'app://x', label: { zh: '去开通', en: 'Open' } },
};

function msg(over: Partial<MessageView>): MessageView {
  return { clientMsgId: 'x', conversationId: 'CV-1', seq: 1, senderKind: 'system', senderName: '', kind: 'system', text: '', at: '2026-01-01T00:00:00Z', status: 'sent', ...over };
}

describe('readCommercePayload', () => {
  it('reads a hub product push with its decision and confirmation need', () => {
    const p = readCommercePayload({ type: 'product', pushId: 'p1', title: 'x', product, decision: { decision: 'confirm', reasons: [{ code: 'ELDERLY_HIGH_RISK', zh: '高龄', en: 'elderly' }] }, requiresConfirmation: true, riskWarning: 'w' });
    expect(p).toMatchObject({ type: 'product', productCode: 'EQ001', pending: false, pushId: 'p1', requiresConfirmation: true, riskWarning: 'w' });
  });

  it('reads queued outbox items that carry only the code or id', () => {
    expect(readCommercePayload({ pending: true, productCode: 'EQ001', customerInitiated: true })).toEqual({ type: 'product', productCode: 'EQ001', pending: true, requiresConfirmation: false, customerInitiated: true });
    expect(readCommercePayload({ pending: true, cardId: 'gem-open' })).toEqual({ type: 'business', cardId: 'gem-open', pending: true });
  });

  it('reads business cards and ignores anything else', () => {
    expect(readCommercePayload({ type: 'business', cardId: 'gem-open', title: '创业板开通', card })).toMatchObject({ type: 'business', cardId: 'gem-open', card: { id: 'gem-open' } });
    expect(readCommercePayload({ compliance: { verdict: 'warn' } })).toBeNull();
    expect(readCommercePayload({ type: 'product' })).toBeNull();
    expect(readCommercePayload(null)).toBeNull();
    expect(readCommercePayload('card')).toBeNull();
  });
});

describe('confirmationOf', () => {
  it('finds the push.confirmed message for the push, and only that push', () => {
    const history = [
      msg({ kind: 'card', payload: { type: 'product', pushId: 'p1', product } }),
      msg({ payload: { event: 'push.confirmed', pushId: 'p2' }, at: '2026-01-01T01:00:00Z' }),
      msg({ payload: { event: 'push.confirmed', pushId: 'p1' }, at: '2026-01-01T02:00:00Z' }),
    ];
    expect(confirmationOf(history, 'p1')).toBe('2026-01-01T02:00:00Z');
    expect(confirmationOf(history, 'p3')).toBeNull();
    expect(confirmationOf(history.slice(0, 2), 'p1')).toBeNull();
    expect(confirmationOf(undefined, 'p1')).toBeNull();
  });
});
