import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migration } from '../db/migrations/003_audit_ledger';
import { canonicalJson } from './canonical';
import { appendAudit, exportAudit, exportBound, GENESIS_HASH, hashRow, verifyLedger } from './ledger';

let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  migration.up(db);
});
afterEach(() => db.close());

function seed(count: number) {
  for (let i = 1; i <= count; i++) {
    appendAudit(db, {
      actor: `agent-${i % 3}`,
      kind: 'suitability.decision',
      subject: `T-${1000 + i}`,
      payload: { decision: i % 2 ? 'allow' : 'deny', product: `P${i}`, reasons: [{ code: 'WITHIN_GRADE' }] },
      at: `2026-06-${String(i).padStart(2, '0')}T10:00:00+08:00`,
    });
  }
}

function dropTriggers() {
  db.exec('DROP TRIGGER audit_ledger_no_update; DROP TRIGGER audit_ledger_no_delete;');
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops no data', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });

  it('refuses values JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/\$\.a/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined/);
  });
});

describe('appendAudit', () => {
  it('chains each row to the one before', () => {
    const first = appendAudit(db, {
      actor: 'A001',
      kind: 'compliance.warning_shown',
      subject: 'T-1',
      payload: { rule: 'guarantee', b: 2, a: 1 },
      at: '2026-06-01T09:00:00+08:00',
    });
    const second = appendAudit(db, {
      actor: 'A001',
      kind: 'compliance.acknowledged',
      subject: 'T-1',
      payload: { rule: 'guarantee' },
    });
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(GENESIS_HASH);
    expect(first.at).toBe('2026-06-01T01:00:00.000Z');
    expect(first.hash).toBe(
      hashRow(GENESIS_HASH, {
        seq: 1,
        at: first.at,
        actor: 'A001',
        kind: 'compliance.warning_shown',
        subject: 'T-1',
        payload: '{"a":1,"b":2,"rule":"guarantee"}',
      }),
    );
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, payload: { rule: 'guarantee' } });
    expect(second.hash).not.toBe(first.hash);
  });

  it('rejects an invalid entry without writing anything', () => {
    expect(() => appendAudit(db, { actor: '', kind: 'x', subject: 's', payload: {} })).toThrow(/actor/);
    expect(() => appendAudit(db, { actor: 'a', kind: 'Bad Kind', subject: 's', payload: {} })).toThrow(
      /kind/,
    );
    expect(() =>
      appendAudit(db, { actor: 'a', kind: 'x', subject: 's', payload: { n: Number.POSITIVE_INFINITY } }),
    ).toThrow(/payload/);
    expect(() =>
      appendAudit(db, { actor: 'a', kind: 'x', subject: 's', payload: {}, at: 'yesterday' }),
    ).toThrow(/at/);
    expect(verifyLedger(db)).toEqual({ ok: true, rows: 0, headHash: GENESIS_HASH });
  });
});

describe('the database itself', () => {
  it('refuses UPDATE and DELETE while the triggers are in place', () => {
    seed(3);
    expect(() => db.prepare("UPDATE audit_ledger SET actor = 'someone-else' WHERE seq = 2").run()).toThrow(
      /append-only/,
    );
    expect(() => db.prepare('DELETE FROM audit_ledger WHERE seq = 3').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_ledger').run()).toThrow(/append-only/);
    expect(verifyLedger(db)).toMatchObject({ ok: true, rows: 3 });
  });
});

describe('verifyLedger', () => {
  it('accepts an untouched ledger and reports its size and head', () => {
    seed(8);
    const result = verifyLedger(db);
    expect(result).toMatchObject({ ok: true, rows: 8 });
    if (result.ok)
      expect(result.headHash).toBe(exportAudit(db, { from: '2026-01-01', to: '2026-12-31' })[7]!.hash);
  });

  it('catches an edited payload at its row', () => {
    seed(8);
    dropTriggers();
    db.prepare(`UPDATE audit_ledger SET payload = replace(payload, '"deny"', '"allow"') WHERE seq = 4`).run();
    expect(verifyLedger(db)).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      reason: expect.stringContaining('edited'),
    });
  });

  it('catches an edited timestamp or actor', () => {
    seed(8);
    dropTriggers();
    db.prepare("UPDATE audit_ledger SET at = '2026-06-06T03:00:00.000Z' WHERE seq = 6").run();
    db.prepare("UPDATE audit_ledger SET actor = 'agent-x' WHERE seq = 7").run();
    expect(verifyLedger(db)).toMatchObject({ ok: false, firstBadSeq: 6 });
  });

  it('catches an edit whose hash was recomputed, at the next row', () => {
    seed(8);
    dropTriggers();
    const row = db.prepare('SELECT * FROM audit_ledger WHERE seq = 5').get() as Record<
      string,
      string | number
    >;
    const payload = '{"decision":"allow"}';
    const newHash = hashRow(row.prev_hash as string, {
      seq: 5,
      at: row.at as string,
      actor: row.actor as string,
      kind: row.kind as string,
      subject: row.subject as string,
      payload,
    });
    db.prepare('UPDATE audit_ledger SET payload = ?, hash = ? WHERE seq = 5').run(payload, newHash);
    expect(verifyLedger(db)).toMatchObject({
      ok: false,
      firstBadSeq: 6,
      reason: expect.stringContaining('does not link'),
    });
  });

  it('catches a deleted row as a gap at its seq', () => {
    seed(8);
    dropTriggers();
    db.prepare('DELETE FROM audit_ledger WHERE seq = 3').run();
    expect(verifyLedger(db)).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      reason: expect.stringContaining('missing'),
    });
  });

  it('catches a deleted first row', () => {
    seed(4);
    dropTriggers();
    db.prepare('DELETE FROM audit_ledger WHERE seq = 1').run();
    expect(verifyLedger(db)).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('catches a deleted row when the later rows were renumbered to hide the gap', () => {
    seed(6);
    dropTriggers();
    db.exec('DELETE FROM audit_ledger WHERE seq = 3; UPDATE audit_ledger SET seq = seq - 1 WHERE seq > 3;');
    expect(verifyLedger(db)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('catches two rows whose whole content was swapped, at the earlier one', () => {
    seed(8);
    dropTriggers();
    const cols = ['at', 'actor', 'kind', 'subject', 'payload', 'prev_hash', 'hash'];
    const get = db.prepare('SELECT * FROM audit_ledger WHERE seq = ?');
    const a = get.get(3) as Record<string, unknown>;
    const b = get.get(5) as Record<string, unknown>;
    // hash is UNIQUE: park row 5's hash before row 3 takes it.
    db.prepare('UPDATE audit_ledger SET hash = ? WHERE seq = 5').run('f'.repeat(64));
    const set = db.prepare(
      `UPDATE audit_ledger SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`,
    );
    set.run({ ...Object.fromEntries(cols.map((c) => [c, b[c]])), seq: 3 });
    set.run({ ...Object.fromEntries(cols.map((c) => [c, a[c]])), seq: 5 });
    expect(verifyLedger(db)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('catches two rows whose payloads were swapped', () => {
    seed(8);
    dropTriggers();
    const payloadOf = (seq: number) =>
      (db.prepare('SELECT payload FROM audit_ledger WHERE seq = ?').get(seq) as { payload: string }).payload;
    const [two, seven] = [payloadOf(2), payloadOf(7)];
    expect(two).not.toBe(seven);
    db.prepare('UPDATE audit_ledger SET payload = ? WHERE seq = 2').run(seven);
    db.prepare('UPDATE audit_ledger SET payload = ? WHERE seq = 7').run(two);
    expect(verifyLedger(db)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('catches rows reordered by swapping their seq', () => {
    seed(8);
    dropTriggers();
    db.exec(
      'UPDATE audit_ledger SET seq = 100 WHERE seq = 4; UPDATE audit_ledger SET seq = 4 WHERE seq = 6; UPDATE audit_ledger SET seq = 6 WHERE seq = 100;',
    );
    expect(verifyLedger(db)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });
});

describe('exportAudit', () => {
  it('returns the rows in a date range, whole days in China Standard Time', () => {
    seed(8);
    appendAudit(db, {
      actor: 'hub',
      kind: 'pii.reveal',
      subject: 'C0001',
      payload: { field: 'phone' },
      at: '2026-06-08T23:59:59+08:00',
    });
    appendAudit(db, {
      actor: 'hub',
      kind: 'pii.reveal',
      subject: 'C0001',
      payload: { field: 'phone' },
      at: '2026-06-09T00:00:00+08:00',
    });
    const rows = exportAudit(db, { from: '2026-06-03', to: '2026-06-08' });
    expect(rows.map((r) => r.seq)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(rows[0]).toMatchObject({ subject: 'T-1003', payload: { decision: 'allow', product: 'P3' } });
  });

  it('accepts datetimes with and without an offset', () => {
    seed(4);
    expect(
      exportAudit(db, { from: '2026-06-02T10:00:00', to: '2026-06-03T02:00:00Z' }).map((r) => r.seq),
    ).toEqual([2, 3]);
  });

  it('refuses bad bounds clearly', () => {
    expect(() => exportAudit(db, { from: '2026/06/01', to: '2026-06-02' })).toThrow(/--from "2026\/06\/01"/);
    expect(() => exportAudit(db, { from: '2026-06-05', to: '2026-06-01' })).toThrow(/after/);
    expect(exportBound('2026-06-01', 'to')).toBe('2026-06-01T15:59:59.999Z');
  });
});
