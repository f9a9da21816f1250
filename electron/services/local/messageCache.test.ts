import { describe, expect, it } from 'vitest';
import { openLocalDb } from './open';
import { cacheMessages, lastCachedSeq } from './messageCache';
import type { Message } from '../../../shared/protocol/hub';

const msg = (seq: number): Message => ({
  id: `m${seq}`,
  conversationId: 'CV-1',
  seq,
  clientMsgId: `client-${seq}`,
  senderKind: 'customer',
  senderId: 'V-1',
  senderName: '访客',
  kind: 'text',
  text: `消息 ${seq}`,
  at: new Date(0).toISOString(),
});

describe('message cache', () => {
  it('reports the last sequence up to which nothing is missing, so a resync fills gaps left by live pushes', () => {
    const db = openLocalDb(':memory:');
    expect(lastCachedSeq(db, 'CV-1')).toBe(0);
    cacheMessages(db, [msg(2), msg(3)]); // pushed live before message 1 was fetched
    expect(lastCachedSeq(db, 'CV-1')).toBe(0);
    cacheMessages(db, [msg(1)]);
    expect(lastCachedSeq(db, 'CV-1')).toBe(3);
    cacheMessages(db, [msg(5)]);
    expect(lastCachedSeq(db, 'CV-1')).toBe(3);
    cacheMessages(db, [msg(4)]);
    expect(lastCachedSeq(db, 'CV-1')).toBe(5);
    db.close();
  });
});
