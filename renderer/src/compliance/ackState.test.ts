import { describe, expect, it } from 'vitest';
import type { ComplianceHit } from '../../../shared/compliance';
import { ackItemsFromHub, ackItemsOf, blockItemsOf, isAckComplete, mergeAcks, toAcknowledgement } from './ackState';

function hit(ruleId: string, severity: 'block' | 'warn', start: number, matched: string): ComplianceHit {
  return {
    ruleId,
    category: 'induce_trading',
    severity,
    start,
    end: start + matched.length,
    matched,
    reason: { zh: `${ruleId} 理由`, en: `${ruleId} reason` },
    alternative: { zh: `${ruleId} 建议`, en: `${ruleId} suggestion` },
  };
}

const hits = [hit('induce.urgency', 'warn', 10, '抓紧上车'), hit('induce.full_position', 'warn', 2, '满仓'), hit('induce.full_position', 'warn', 20, '满仓'), hit('guarantee.principal', 'block', 30, '保本')];

describe('ack items', () => {
  it('lists each warned rule once, in text order, with every distinct matched phrase', () => {
    const items = ackItemsOf([...hits, hit('induce.full_position', 'warn', 40, '全仓')]);
    expect(items.map((i) => i.ruleId)).toEqual(['induce.full_position', 'induce.urgency']);
    expect(items[0]!.matched).toEqual(['满仓', '全仓']);
  });

  it('keeps blocking rules apart from warnings', () => {
    expect(blockItemsOf(hits).map((i) => i.ruleId)).toEqual(['guarantee.principal']);
    expect(ackItemsOf(hits).some((i) => i.ruleId === 'guarantee.principal')).toBe(false);
  });
});

describe('acknowledgement', () => {
  const items = ackItemsOf(hits);

  it('is incomplete until every warned rule is ticked', () => {
    expect(isAckComplete(items, new Set())).toBe(false);
    expect(isAckComplete(items, new Set(['induce.urgency']))).toBe(false);
    expect(toAcknowledgement(items, new Set(['induce.urgency']), '')).toBeNull();
    expect(isAckComplete(items, new Set(['induce.urgency', 'induce.full_position']))).toBe(true);
    expect(isAckComplete([], new Set())).toBe(false);
  });

  it('names every warned rule and carries a trimmed reason only when one was given', () => {
    const all = new Set(['induce.urgency', 'induce.full_position', 'unrelated']);
    expect(toAcknowledgement(items, all, '   ')).toEqual({ ruleIds: ['induce.full_position', 'induce.urgency'] });
    expect(toAcknowledgement(items, all, '  客户主动询问 ')).toEqual({ ruleIds: ['induce.full_position', 'induce.urgency'], reason: '客户主动询问' });
    expect(toAcknowledgement(items, all, 'x'.repeat(900))!.reason).toHaveLength(500);
  });

  it('merges the agent acknowledgement with the one the hub asked for', () => {
    expect(mergeAcks({ ruleIds: ['a'], reason: 'r1' }, { ruleIds: ['b', 'a'], reason: 'r2' })).toEqual({ ruleIds: ['a', 'b'], reason: 'r1; r2' });
    expect(mergeAcks(undefined, { ruleIds: ['b'] })).toEqual({ ruleIds: ['b'] });
  });
});

describe('ackItemsFromHub', () => {
  it('turns ACK_REQUIRED details into items for the missing rules only', () => {
    const items = ackItemsFromHub({ missing: ['induce.urgency', 'fee.private_discount'], hits })!;
    expect(items.map((i) => i.ruleId)).toEqual(['induce.urgency', 'fee.private_discount']);
    expect(items[0]!.matched).toEqual(['抓紧上车']);
    // A rule named without a hit is still listed, so the agent can acknowledge it.
    expect(items[1]!.reason.zh).toBe('fee.private_discount');
  });

  it('returns null for details of another shape', () => {
    expect(ackItemsFromHub(undefined)).toBeNull();
    expect(ackItemsFromHub({ missing: [] , hits: [] })).toBeNull();
    expect(ackItemsFromHub({ missing: 'induce.urgency' })).toBeNull();
  });
});
