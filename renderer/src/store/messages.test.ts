import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../shared/ipc/contract';
import { mergeMessages } from './messages';

const msg = (clientMsgId: string, seq: number | null, at: string, extra: Partial<MessageView> = {}): MessageView => ({
  clientMsgId,
  conversationId: 'c1',
  seq,
  senderKind: 'agent',
  senderName: 'A',
  kind: 'text',
  text: clientMsgId,
  at,
  status: seq === null ? 'pending' : 'sent',
  ...extra,
});

const ids = (list: MessageView[]) => list.map((m) => m.clientMsgId);

describe('mergeMessages', () => {
  it('orders by seq and keeps messages without a seq last, in creation order', () => {
    const merged = mergeMessages(
      [],
      [msg('p2', null, '2024-01-01T00:00:05Z'), msg('s3', 3, '2024-01-01T00:00:03Z'), msg('p1', null, '2024-01-01T00:00:04Z'), msg('s1', 1, '2024-01-01T00:00:09Z')],
    );
    expect(ids(merged)).toEqual(['s1', 's3', 'p1', 'p2']);
  });

  it('replaces a pending message by clientMsgId when the hub acknowledges it, moving it into seq order', () => {
    const start = mergeMessages([], [msg('a', 1, 't1'), msg('mine', null, 't2'), msg('b', 2, 't3')]);
    expect(ids(start)).toEqual(['a', 'b', 'mine']);
    const acked = mergeMessages(start, [msg('mine', 2, 't2'), msg('b', 3, 't3')]);
    expect(ids(acked)).toEqual(['a', 'mine', 'b']);
    expect(acked.find((m) => m.clientMsgId === 'mine')?.status).toBe('sent');
    expect(acked).toHaveLength(3);
  });

  it('does not let a stale pending copy overwrite an acknowledged message', () => {
    const start = [msg('x', 5, 't')];
    const merged = mergeMessages(start, [msg('x', null, 't', { status: 'pending' })]);
    expect(merged[0]?.seq).toBe(5);
    expect(merged).toBe(start);
  });

  it('shows a failure with its error in place', () => {
    const start = mergeMessages([], [msg('a', 1, 't1'), msg('f', null, 't2')]);
    const merged = mergeMessages(start, [msg('f', null, 't2', { status: 'failed', error: 'blocked' })]);
    expect(merged[1]).toMatchObject({ clientMsgId: 'f', status: 'failed', error: 'blocked' });
  });

  it('returns the same array when nothing changed', () => {
    const start = mergeMessages([], [msg('a', 1, 't1')]);
    expect(mergeMessages(start, [])).toBe(start);
    expect(mergeMessages(start, [start[0]!])).toBe(start);
  });

  it('merges a large history quickly and correctly', () => {
    const history = Array.from({ length: 12_000 }, (_, i) => msg(`m${i}`, i + 1, `t${i}`));
    const loaded = mergeMessages([], history);
    const started = performance.now();
    const next = mergeMessages(loaded, [msg('new', 12_001, 'tz')]);
    expect(performance.now() - started).toBeLessThan(50);
    expect(next).toHaveLength(12_001);
    expect(next[12_000]?.clientMsgId).toBe('new');
  });
});
