import { describe, expect, it } from 'vitest';
import type { ConversationView } from '../../../shared/ipc/contract';
import { formatCountdown, slaInfo, sortByUrgency } from './urgency';

const NOW = Date.parse('2024-05-06T10:00:00Z');
const iso = (offsetS: number) => new Date(NOW + offsetS * 1000).toISOString();

const conv = (id: string, extra: Partial<ConversationView> = {}): ConversationView => ({
  id,
  customerId: `cust-${id}`,
  customerName: '张**',
  branchId: 'b1',
  channel: 'app',
  skillGroup: 'general',
  state: 'active',
  ownerId: 'u1',
  lastSeq: 1,
  lastMessagePreview: '',
  lastMessageAt: iso(-600),
  createdAt: iso(-3600),
  firstResponseDueAt: null,
  replyDueAt: null,
  unread: 0,
  ...extra,
});

describe('slaInfo', () => {
  it('goes green → orange → red as the deadline nears within its window', () => {
    // Window of 100 s that started at the last message.
    const c = (remainingS: number) => conv('x', { lastMessageAt: iso(remainingS - 100), replyDueAt: iso(remainingS) });
    expect(slaInfo(c(80), NOW).level).toBe('ok');
    expect(slaInfo(c(40), NOW).level).toBe('warn');
    expect(slaInfo(c(10), NOW).level).toBe('danger');
    const overdue = slaInfo(c(-5), NOW);
    expect(overdue.level).toBe('danger');
    expect(overdue.remainingMs).toBe(-5000);
  });

  it('uses the earlier of the two deadlines and stops for finished sessions', () => {
    const c = conv('x', { lastMessageAt: iso(-10), firstResponseDueAt: iso(5), replyDueAt: iso(500) });
    expect(slaInfo(c, NOW).remainingMs).toBe(5000);
    expect(slaInfo({ ...c, state: 'closed' }, NOW).level).toBe('none');
    expect(slaInfo(conv('y'), NOW).level).toBe('none');
  });
});

describe('sortByUrgency', () => {
  it('puts SLA risk first, then unread, then recency, and finished sessions last', () => {
    const list = [
      conv('recent', { lastMessageAt: iso(-50) }),
      conv('closed', { state: 'closed', unread: 9, replyDueAt: iso(-100) }),
      conv('unread', { unread: 2, lastMessageAt: iso(-900) }),
      conv('orange', { lastMessageAt: iso(-60), replyDueAt: iso(40) }),
      conv('red', { lastMessageAt: iso(-95), replyDueAt: iso(5) }),
      conv('overdue', { lastMessageAt: iso(-200), replyDueAt: iso(-20) }),
      conv('green', { lastMessageAt: iso(-10), replyDueAt: iso(290) }),
    ];
    expect(sortByUrgency(list, NOW).map((c) => c.id)).toEqual(['overdue', 'red', 'orange', 'unread', 'green', 'recent', 'closed']);
  });
});

describe('formatCountdown', () => {
  it('formats minutes, hours and overdue time', () => {
    expect(formatCountdown(65_000)).toBe('1:05');
    expect(formatCountdown(3_726_000)).toBe('1:02:06');
    expect(formatCountdown(-9_500)).toBe('-0:09');
  });
});
