import { describe, expect, it } from 'vitest';
import type { ConversationView } from '../../../shared/ipc/contract';
import { reuseUnchanged } from './conversations';

const conv = (id: string, extra: Partial<ConversationView> = {}): ConversationView => ({
  id,
  customerId: `k-${id}`,
  customerName: '张*',
  branchId: null,
  channel: 'h5',
  skillGroup: '开户',
  state: 'active',
  ownerId: 'agent01',
  lastSeq: 3,
  lastMessagePreview: 'hi',
  lastMessageAt: '2024-01-01T00:00:00Z',
  createdAt: '2024-01-01T00:00:00Z',
  firstResponseDueAt: null,
  replyDueAt: null,
  ticket: { value: 'active', context: { owner: 'agent01', timers: { noReply: null } } },
  unread: 0,
  ...extra,
});

describe('reuseUnchanged', () => {
  it('keeps the previous objects (and the previous list) when an identical list arrives', () => {
    const previous = [conv('a'), conv('b')];
    expect(reuseUnchanged(previous, [conv('a'), conv('b')])).toBe(previous);
  });

  it('replaces only what changed, including a change deep in the ticket', () => {
    const previous = [conv('a'), conv('b'), conv('c')];
    const next = reuseUnchanged(previous, [conv('a', { unread: 2 }), conv('b'), conv('c', { ticket: { value: 'active', context: { owner: 'agent02', timers: { noReply: null } } } })]);
    expect(next).not.toBe(previous);
    expect(next[0]).not.toBe(previous[0]);
    expect(next[0]?.unread).toBe(2);
    expect(next[1]).toBe(previous[1]);
    expect(next[2]).not.toBe(previous[2]);
  });

  it('notices additions, removals and a new order', () => {
    const previous = [conv('a'), conv('b')];
    expect(reuseUnchanged(previous, [conv('a')])).toEqual([previous[0]]);
    const reordered = reuseUnchanged(previous, [conv('b'), conv('a')]);
    expect(reordered).not.toBe(previous);
    expect(reordered[0]).toBe(previous[1]);
    expect(reuseUnchanged(previous, [conv('a'), conv('b'), conv('c')])).toHaveLength(3);
  });
});
