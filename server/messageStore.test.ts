import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHubDb, type HubDb } from './db/open';
import { GroupCommit } from './db/groupCommit';
import { MessageStore, type NewMessage } from './messageStore';
import { insertConversation } from './repos/conversations';
import { listMessagesAfter } from './repos/messages';

let dir: string;
let db: HubDb;
const commits: GroupCommit[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'store-'));
  db = openHubDb(join(dir, 'hub.db'));
  for (const id of ['CV-1', 'CV-2']) {
    insertConversation(db, {
      id,
      customerId: `V-${id}`,
      customerName: '访客',
      branchId: null,
      channel: 'h5',
      skillGroup: '开户',
      state: 'bot',
      ownerId: null,
      lastSeq: 0,
      lastMessagePreview: '',
      lastMessageAt: null,
      createdAt: '2026-01-02T03:04:05.000Z',
      closedAt: null,
    });
  }
});
afterEach(async () => {
  for (const c of commits.splice(0)) await c.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function newStore(): MessageStore {
  const commit = new GroupCommit(db, { mode: 'main' });
  commits.push(commit);
  return new MessageStore(db, commit);
}

const text = (conversationId: string, clientMsgId: string): NewMessage => ({
  conversationId,
  clientMsgId,
  senderKind: 'customer',
  senderId: `V-${conversationId}`,
  senderName: '访客',
  kind: 'text',
  text: `内容 ${clientMsgId}`,
});
const stored = (conversationId: string) => listMessagesAfter(db, conversationId, 0).map((m) => [m.seq, m.clientMsgId]);

describe('MessageStore idempotency', () => {
  it('numbers new messages per conversation and answers a resend with the original, storing it once', async () => {
    const store = newStore();
    const a = await store.append(text('CV-1', 'c-1'));
    const b = await store.append(text('CV-1', 'c-2'));
    const other = await store.append(text('CV-2', 'c-1'));
    expect([a.message.seq, b.message.seq, other.message.seq]).toEqual([1, 2, 1]);
    expect([a.duplicate, b.duplicate, other.duplicate]).toEqual([false, false, false]);

    const again = await store.append(text('CV-1', 'c-1'));
    expect(again).toMatchObject({ duplicate: true, message: { id: a.message.id, seq: 1 } });
    expect(await store.findExisting('CV-1', 'c-2')).toMatchObject({ id: b.message.id, seq: 2 });
    expect(await store.findExisting('CV-1', 'c-3')).toBeUndefined();
    expect(stored('CV-1')).toEqual([
      [1, 'c-1'],
      [2, 'c-2'],
    ]);
  });

  it('answers a resend made while the first copy is still in flight with the same sequence number', async () => {
    const store = newStore();
    const [first, resend] = await Promise.all([store.append(text('CV-1', 'c-1')), store.append(text('CV-1', 'c-1'))]);
    expect(resend).toMatchObject({ duplicate: true, message: { id: first.message.id, seq: first.message.seq } });
    expect(stored('CV-1')).toEqual([[1, 'c-1']]);
  });

  it('recognises messages stored before a restart (the index is read from disk) and continues the numbering', async () => {
    const before = newStore();
    const original = await before.append(text('CV-1', 'c-1'));
    await before.append(text('CV-1', 'c-2'));

    const after = newStore();
    expect(await after.append(text('CV-1', 'c-1'))).toMatchObject({ duplicate: true, message: { id: original.message.id, seq: 1 } });
    expect(await after.append(text('CV-1', 'c-3'))).toMatchObject({ duplicate: false, message: { seq: 3 } });
    expect(stored('CV-1').map(([, id]) => id)).toEqual(['c-1', 'c-2', 'c-3']);
  });

  it('after forget() rebuilds the index from disk plus the messages still in flight', async () => {
    const store = newStore();
    await store.append(text('CV-1', 'c-1'));
    const inFlight = store.append(text('CV-1', 'c-2'));
    store.forget('CV-1');
    // Rebuilt now, while c-2 is not on disk yet.
    const third = store.append(text('CV-1', 'c-3'));
    await Promise.all([inFlight, third]);

    expect(await store.append(text('CV-1', 'c-1'))).toMatchObject({ duplicate: true, message: { seq: 1 } });
    expect(await store.append(text('CV-1', 'c-2'))).toMatchObject({ duplicate: true, message: { seq: 2 } });
    expect(await store.append(text('CV-1', 'c-3'))).toMatchObject({ duplicate: true, message: { seq: 3 } });
    expect(stored('CV-1').map(([, id]) => id)).toEqual(['c-1', 'c-2', 'c-3']);
  });
});
