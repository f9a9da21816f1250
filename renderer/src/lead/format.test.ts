import { describe, expect, it } from 'vitest';
import type { ConversationView } from '../../../shared/ipc/contract';
import { dailySeries, escalationOf, escalationQueue, escalationReasonText, formatDuration, formatRate, loadShare, secondsSince } from './format';

describe('formatDuration', () => {
  it('reads compactly in each language at every scale', () => {
    expect(formatDuration(0, 'zh-CN')).toBe('0秒');
    expect(formatDuration(45.4, 'zh-CN')).toBe('45秒');
    expect(formatDuration(185, 'zh-CN')).toBe('3分05秒');
    expect(formatDuration(3720, 'zh-CN')).toBe('1小时02分');
    expect(formatDuration(2 * 86_400 + 3 * 3600 + 59, 'zh-CN')).toBe('2天3小时');
    expect(formatDuration(45, 'en')).toBe('45s');
    expect(formatDuration(185, 'en')).toBe('3m 05s');
    expect(formatDuration(3720, 'en')).toBe('1h 02m');
    expect(formatDuration(2 * 86_400 + 3 * 3600, 'en')).toBe('2d 3h');
  });

  it('rounds to whole seconds, including at a unit boundary', () => {
    expect(formatDuration(59.6, 'en')).toBe('1m 00s');
    expect(formatDuration(3599.5, 'en')).toBe('1h 00m');
  });

  it('shows a dash when there is no figure and never a negative duration', () => {
    expect(formatDuration(null, 'zh-CN')).toBe('—');
    expect(formatDuration(undefined, 'en')).toBe('—');
    expect(formatDuration(Number.NaN, 'en')).toBe('—');
    expect(formatDuration(-5, 'en')).toBe('0s');
  });
});

describe('secondsSince and formatRate', () => {
  it('measures from an ISO time and guards bad input', () => {
    const now = Date.parse('2024-05-01T10:00:00Z');
    expect(secondsSince('2024-05-01T09:58:30Z', now)).toBe(90);
    expect(secondsSince('2024-05-01T10:00:05Z', now)).toBe(0);
    expect(secondsSince('not a time', now)).toBeNull();
    expect(secondsSince(null, now)).toBeNull();
  });

  it('formats shares as percentages with one decimal', () => {
    expect(formatRate(0.875)).toBe('87.5%');
    expect(formatRate(1)).toBe('100.0%');
    expect(formatRate(0)).toBe('0.0%');
    expect(formatRate(1 / 3)).toBe('33.3%');
    expect(formatRate(null)).toBe('—');
  });
});

const conv = (id: string, state: string, escalation: unknown, extra: Partial<ConversationView> = {}): ConversationView => ({
  id,
  customerId: 'C1',
  customerName: '张*',
  branchId: 'BR-SH01',
  channel: 'h5',
  skillGroup: '开户',
  state,
  ownerId: 'agent01',
  lastSeq: 1,
  lastMessagePreview: '',
  lastMessageAt: '2024-05-01T09:00:00Z',
  createdAt: '2024-05-01T08:00:00Z',
  firstResponseDueAt: null,
  replyDueAt: null,
  ticket: escalation === undefined ? null : { value: state, context: { escalation } },
  unread: 0,
  ...extra,
});

describe('escalations', () => {
  const auto = { reason: '自动升级:投诉(我要投诉到12386)', auto: true, at: '2024-05-01T09:05:00Z', agentId: 'agent01', outcome: 'pending', by: { kind: 'system', id: 'system' } };
  const manual = { reason: '客户要求退还佣金', auto: false, at: '2024-05-01T09:01:00Z', agentId: 'agent02', outcome: 'pending' };

  it('reads the record from the ticket context, and nothing from a malformed one', () => {
    expect(escalationOf(conv('a', 'escalated', auto))).toEqual({ reason: auto.reason, auto: true, at: auto.at, agentId: 'agent01', outcome: 'pending' });
    expect(escalationOf(conv('b', 'active', null))).toBeNull();
    expect(escalationOf(conv('c', 'escalated', { reason: 42, at: 'x' }))).toBeNull();
    expect(escalationOf({ ticket: { value: 'escalated', context: 'garbage' } })).toBeNull();
    expect(escalationOf({ ticket: null })).toBeNull();
  });

  it('drops the hub prefix of automatic reasons only', () => {
    expect(escalationReasonText({ reason: auto.reason, auto: true })).toBe('投诉(我要投诉到12386)');
    expect(escalationReasonText({ reason: '自动升级:客户要求主管', auto: true })).toBe('客户要求主管');
    expect(escalationReasonText({ reason: '自动升级:这是坐席写的', auto: false })).toBe('自动升级:这是坐席写的');
  });

  it('queues only escalated chats, longest waiting first, and keeps one without a record', () => {
    const queue = escalationQueue([conv('late', 'escalated', auto), conv('calm', 'active', null), conv('early', 'escalated', manual), conv('bare', 'escalated', undefined, { lastMessageAt: '2024-05-01T09:03:00Z' })]);
    expect(queue.map((q) => q.conversation.id)).toEqual(['early', 'bare', 'late']);
    expect(queue[1]!.escalation).toMatchObject({ reason: '', auto: false, at: '2024-05-01T09:03:00Z', agentId: 'agent01' });
  });
});

describe('loadShare', () => {
  it('fills the bar by load over capacity and flags a full agent', () => {
    expect(loadShare(0, 5)).toEqual({ percent: 0, full: false });
    expect(loadShare(2, 5)).toEqual({ percent: 40, full: false });
    expect(loadShare(5, 5)).toEqual({ percent: 100, full: true });
    expect(loadShare(7, 5)).toEqual({ percent: 100, full: true });
    expect(loadShare(1, 0)).toEqual({ percent: 100, full: true });
    expect(loadShare(0, 0)).toEqual({ percent: 0, full: false });
  });
});

describe('dailySeries', () => {
  // 2024-04-25 00:00 in Beijing is 2024-04-24T16:00Z.
  const since = '2024-04-24T16:00:00.000Z';

  it('lists every Beijing day of the range, with zero for days without chats', () => {
    const series = dailySeries([{ day: '2024-04-27', count: 4 }, { day: '2024-04-25', count: 2 }], since, 7);
    expect(series.map((d) => d.day)).toEqual(['2024-04-25', '2024-04-26', '2024-04-27', '2024-04-28', '2024-04-29', '2024-04-30', '2024-05-01']);
    expect(series.map((d) => d.count)).toEqual([2, 0, 4, 0, 0, 0, 0]);
  });

  it('keeps a day outside the window instead of losing its count', () => {
    const series = dailySeries([{ day: '2024-05-03', count: 1 }], since, 1);
    expect(series).toEqual([{ day: '2024-04-25', count: 0 }, { day: '2024-05-03', count: 1 }]);
  });
});
