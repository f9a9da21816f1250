import { describe, expect, it } from 'vitest';
import type { ReplayView } from '../../../shared/protocol/qa';
import { buildTimeline, commentsBySeq, groupByDay } from './timeline';

const transition = (at: string, from: string, to: string, event: string) => ({ at, actorKind: 'agent', actorId: 'agent01', event, from, to, reason: null });

describe('replay timeline', () => {
  const replay: Pick<ReplayView, 'transitions' | 'compliance' | 'pushes'> = {
    transitions: [
      transition('2025-03-03T09:00:00Z', 'queued', 'assigned', 'ticket.assign'),
      transition('2025-03-03T09:05:00Z', 'active', 'escalated', 'ticket.escalate'),
      transition('2025-03-03T09:01:00Z', 'assigned', 'transferred', 'ticket.transfer'),
    ],
    compliance: [
      { actorId: 'agent01', kind: 'block', ruleIds: ['guarantee.principal'], at: '2025-03-03T09:02:00Z' },
      // Same instant as the escalation: the state change is listed first.
      { actorId: 'agent01', kind: 'shown', ruleIds: ['pii.phone'], at: '2025-03-03T09:05:00Z' },
    ],
    pushes: [
      { id: 'P1', productCode: 'BF001', decision: 'confirm', reasons: [], customerInitiated: true, createdAt: '2025-03-03T09:03:00Z', confirmedAt: '2025-03-03T09:04:00Z' },
      { id: 'P2', productCode: 'MMF001', decision: 'allow', reasons: [], customerInitiated: false, createdAt: '2025-03-03T09:06:00Z', confirmedAt: null },
    ],
  };

  it('merges every source in time order, with confirmations as their own entries', () => {
    const entries = buildTimeline(replay);
    expect(entries.map((e) => `${e.kind}@${e.at.slice(11, 16)}`)).toEqual([
      'transition@09:00',
      'transition@09:01',
      'compliance@09:02',
      'push@09:03',
      'confirmation@09:04',
      'transition@09:05',
      'compliance@09:05',
      'push@09:06',
    ]);
  });

  it('marks transfers and escalations so they stand out', () => {
    const emphasis = buildTimeline(replay).flatMap((e) => (e.kind === 'transition' ? [`${e.to}:${e.emphasis}`] : []));
    expect(emphasis).toEqual(['assigned:normal', 'transferred:transfer', 'escalated:escalation']);
  });

  it('keeps entries with an unreadable time, at the end', () => {
    const entries = buildTimeline({ transitions: [transition('garbage', 'a', 'b', 'x'), transition('2025-03-03T09:00:00Z', 'b', 'c', 'y')], compliance: [], pushes: [] });
    expect(entries.map((e) => e.at)).toEqual(['2025-03-03T09:00:00Z', 'garbage']);
  });
});

describe('day separators and pinned comments', () => {
  it('splits messages where the day changes in the given time zone', () => {
    const messages = [{ at: '2025-03-03T15:50:00Z' }, { at: '2025-03-03T15:59:59Z' }, { at: '2025-03-03T16:00:00Z' }, { at: '2025-03-04T02:00:00Z' }];
    expect(groupByDay(messages, 'Asia/Shanghai').map((g) => [g.day, g.items.length])).toEqual([
      ['2025-03-03', 2],
      ['2025-03-04', 2],
    ]);
    expect(groupByDay(messages, 'UTC').map((g) => [g.day, g.items.length])).toEqual([
      ['2025-03-03', 3],
      ['2025-03-04', 1],
    ]);
  });

  it('groups comments under their message, oldest first', () => {
    const map = commentsBySeq([
      { id: 2, conversationId: 'c', messageSeq: 3, authorId: 'qa01', text: 'later', at: '2025-03-03T10:00:00Z' },
      { id: 1, conversationId: 'c', messageSeq: 3, authorId: 'qa01', text: 'first', at: '2025-03-03T09:00:00Z' },
      { id: 3, conversationId: 'c', messageSeq: 5, authorId: 'qa01', text: 'other', at: '2025-03-03T09:30:00Z' },
    ]);
    expect(map.get(3)!.map((c) => c.text)).toEqual(['first', 'later']);
    expect(map.get(5)!.map((c) => c.text)).toEqual(['other']);
    expect(map.has(4)).toBe(false);
  });
});
