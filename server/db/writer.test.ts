import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHubDb, type HubDb } from './open';
import { answerAfterCommit, GroupCommit } from './groupCommit';
import type { BatchWriter } from './writer';
import { op, type WriteOp } from './writerOps';
import { verifyLedger, type AuditEntry } from '../audit/ledger';
import { listMessagesAfter } from '../repos/messages';
import type { ConversationRecord } from '../repos/conversations';
import type { Message } from '../../shared/protocol/hub';
import { AppFailure } from '../../shared/result';

let dir: string;
let db: HubDb;
const commits: GroupCommit[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'writer-'));
  db = openHubDb(join(dir, 'hub.db'));
});
afterEach(async () => {
  for (const c of commits.splice(0)) await c.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const turn = () => new Promise((r) => setImmediate(r));
const entry = (i: number): AuditEntry => ({ actor: 'tester', kind: 'test.write', subject: `s-${i}`, payload: { i }, at: '2026-01-02T03:04:05.000Z' });
const audit = (i: number) => op('appendAudit', entry(i));
const ledgerSubjects = () => (db.prepare('SELECT subject FROM audit_ledger ORDER BY seq').all() as { subject: string }[]).map((r) => r.subject);

const conversation = (id: string): ConversationRecord => ({
  id,
  customerId: 'V-1',
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
const message = (conversationId: string, seq: number): Message => ({
  id: `m-${seq}`,
  conversationId,
  seq,
  clientMsgId: `c-${seq}`,
  senderKind: 'customer',
  senderId: 'V-1',
  senderName: '访客',
  kind: 'text',
  text: `消息 ${seq}`,
  at: '2026-01-02T03:04:05.000Z',
});

/** A writer whose batches complete when the test says so: shows exactly what is in flight. */
class ManualWriter implements BatchWriter {
  readonly mode = 'main' as const;
  readonly runs: { ops: readonly WriteOp[]; commit: () => void; fail: (err: Error) => void }[] = [];
  run(ops: readonly WriteOp[]): Promise<void> {
    return new Promise((resolve, reject) => this.runs.push({ ops, commit: resolve, fail: reject }));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('group commit batching (controlled writer)', () => {
  it('keeps one batch in flight; writes made meanwhile go, in order, into the next one', async () => {
    const writer = new ManualWriter();
    const commit = new GroupCommit(db, { writer });
    const settled: string[] = [];
    const first = commit.write('appendAudit', entry(1)).then(() => settled.push('first'));
    await turn();
    expect(writer.runs).toHaveLength(1);

    const second = commit.writeAll([audit(2), audit(3)]).then(() => settled.push('second'));
    const third = commit.write('appendAudit', entry(4)).then(() => settled.push('third'));
    await turn();
    await turn();
    expect(writer.runs).toHaveLength(1); // still waiting for the disk: nothing else is sent
    expect(settled).toEqual([]); // and nobody is told their write is durable

    writer.runs[0]!.commit();
    await first;
    await turn();
    expect(writer.runs).toHaveLength(2);
    expect(writer.runs[1]!.ops.map((o) => (o.args[0] as { subject: string }).subject)).toEqual(['s-2', 's-3', 's-4']);
    expect(settled).toEqual(['first']);
    writer.runs[1]!.commit();
    await Promise.all([second, third]);
    expect(settled).toEqual(['first', 'second', 'third']);
    expect(commit.batches).toBe(2);
  });

  it('adds the hooks’ coalesced writes when a batch is sent, and not while one is in flight', async () => {
    const writer = new ManualWriter();
    const commit = new GroupCommit(db, { writer });
    let dirty = ['t1'];
    commit.onBeforeCommit(() => dirty.splice(0).map((id) => op('saveTicketSnapshot', id, 1, '{}', 'now')));
    void commit.write('appendAudit', entry(1));
    await turn();
    expect(writer.runs[0]!.ops.map((o) => o.op)).toEqual(['appendAudit', 'saveTicketSnapshot']);
    dirty = ['t2'];
    commit.schedule();
    await turn();
    expect(writer.runs).toHaveLength(1);
    writer.runs[0]!.commit();
    await turn();
    await turn();
    expect(writer.runs[1]!.ops.map((o) => o.op)).toEqual(['saveTicketSnapshot']);
  });

  it('fails a batch’s writers and the writes queued behind it, forgets state through the rollback hook, then carries on', async () => {
    const writer = new ManualWriter();
    const commit = new GroupCommit(db, { writer });
    let rollbacks = 0;
    commit.onAfterRollback(() => rollbacks++);
    const inBatch = commit.write('appendAudit', entry(1));
    await turn();
    const behind = commit.write('appendAudit', entry(2));
    writer.runs[0]!.fail(new Error('disk full'));
    await expect(inBatch).rejects.toThrow('disk full');
    await expect(behind).rejects.toThrow('disk full');
    expect(rollbacks).toBe(1);

    const later = commit.write('appendAudit', entry(3));
    await turn();
    writer.runs.at(-1)!.commit();
    await expect(later).resolves.toBeUndefined();
  });

  it('runs afterQueuedWrites only once the writes queued before it are committed', async () => {
    const writer = new ManualWriter();
    const commit = new GroupCommit(db, { writer });
    const events: string[] = [];
    void commit.write('appendAudit', entry(1)).then(() => events.push('write'));
    commit.afterQueuedWrites(() => events.push('after'));
    await turn();
    await turn();
    expect(events).toEqual([]);
    writer.runs[0]!.commit();
    await turn();
    expect(events).toEqual(['write', 'after']);
  });
});

describe('answers after commit', () => {
  it('holds a synchronous answer that queued writes until they commit, and passes the others through', async () => {
    const writer = new ManualWriter();
    const commit = new GroupCommit(db, { writer });
    const handlers = answerAfterCommit(commit, {
      step: (n: number) => {
        void commit.write('appendAudit', entry(n));
        return `stepped ${n}`;
      },
      read: (n: number) => `read ${n}`,
      send: async (n: number) => `sent ${n}`,
    });
    expect(handlers.read(1)).toBe('read 1');
    expect(await handlers.send(2)).toBe('sent 2');

    let answered: unknown = null;
    void Promise.resolve(handlers.step(3)).then((v) => (answered = v));
    await turn();
    await turn();
    expect(answered).toBeNull();
    writer.runs[0]!.commit();
    await turn();
    expect(answered).toBe('stepped 3');
  });
});

describe.each(['worker', 'main'] as const)('group commit through the %s writer', (mode) => {
  const start = () => {
    const commit = new GroupCommit(db, { mode });
    commits.push(commit);
    expect(commit.mode).toBe(mode);
    return commit;
  };

  it('acknowledges a write only once it is committed and readable from the main connection, in the order queued', async () => {
    const commit = start();
    await commit.write('insertConversation', conversation('CV-1'));
    const acks = Array.from({ length: 40 }, (_, i) =>
      commit.write('insertMessage', message('CV-1', i + 1), `消息 ${i + 1}`).then(() => {
        // the reader connection already sees it when the writer is told
        expect(listMessagesAfter(db, 'CV-1', i, 1)[0]?.seq).toBe(i + 1);
      }),
    );
    await Promise.all(acks);
    expect(listMessagesAfter(db, 'CV-1', 0).map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const head = db.prepare('SELECT last_seq FROM conversations WHERE id = ?').get('CV-1') as { last_seq: number };
    expect(head.last_seq).toBe(40);
  });

  it('chains audit rows in the order queued across many batches, computing each link in the writer', async () => {
    const commit = start();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 60; i++) {
      writes.push(commit.writeAll([audit(i)]));
      if (i % 7 === 0) await turn(); // spread over several batches
    }
    await Promise.all(writes);
    expect(commit.batches).toBeGreaterThan(1);
    expect(ledgerSubjects()).toEqual(Array.from({ length: 60 }, (_, i) => `s-${i}`));
    expect(verifyLedger(db)).toMatchObject({ ok: true, rows: 60 });
  });

  it('rolls back a failing batch entirely and keeps an AppFailure’s code', async () => {
    const commit = start();
    const good = commit.write('appendAudit', entry(1));
    const bad = commit.write('appendAudit', { actor: 'tester', kind: 'Not A Kind', subject: 'x', payload: null });
    const err = await bad.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppFailure);
    expect((err as AppFailure).code).toBe('BAD_REQUEST');
    await expect(good).rejects.toBeDefined();
    expect(ledgerSubjects()).toEqual([]);
    await commit.write('appendAudit', entry(2));
    expect(ledgerSubjects()).toEqual(['s-2']);
  });

  it('drain() waits for pending and coalesced writes; close() commits them, then refuses new writes', async () => {
    const commit = start();
    let dirty = [1, 2];
    commit.onBeforeCommit(() => dirty.splice(0).map(audit));
    commit.schedule();
    await commit.drain();
    expect(ledgerSubjects()).toEqual(['s-1', 's-2']);

    void commit.write('appendAudit', entry(3));
    dirty = [4];
    await commit.close();
    expect(ledgerSubjects()).toEqual(['s-1', 's-2', 's-3', 's-4']);
    dirty = [5];
    await expect(commit.write('appendAudit', entry(6))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    commit.schedule();
    await turn();
    expect(ledgerSubjects()).toEqual(['s-1', 's-2', 's-3', 's-4']);
  });
});
