import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

/** A strict RFC 4180 reader for the round-trip property (records end with CRLF). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  return records;
}

describe('toCsv', () => {
  it('writes a header and CRLF-terminated records, quoting only where RFC 4180 needs it', () => {
    const rows = [
      { agent: '张三', note: 'said "hi", then left', score: 88.5 },
      { agent: 'Li', note: 'line1\nline2', score: 70 },
    ];
    expect(toCsv(rows, ['agent', 'note', 'score'])).toBe(
      'agent,note,score\r\n' + '张三,"said ""hi"", then left",88.5\r\n' + 'Li,"line1\nline2",70\r\n',
    );
  });

  it('defuses formula injection in text cells but leaves numbers alone', () => {
    const rows = [
      { v: '=HYPERLINK("http://x","点我")' },
      { v: '+1+2' },
      { v: '-3' },
      { v: '@SUM(A1)' },
      { v: '\tcmd' },
      { v: 'a=b' },
      { v: -3 },
    ];
    const lines = toCsv(rows, ['v']).split('\r\n');
    expect(lines.slice(1, 8)).toEqual([`"'=HYPERLINK(""http://x"",""点我"")"`, `'+1+2`, `'-3`, `'@SUM(A1)`, `'\tcmd`, 'a=b', '-3']);
  });

  it('adds a UTF-8 BOM for Excel only when asked', () => {
    expect(toCsv([{ a: '客户' }], ['a'], { bom: true }).startsWith('\uFEFFa\r\n')).toBe(true);
    expect(toCsv([{ a: '客户' }], ['a']).charCodeAt(0)).toBe('a'.charCodeAt(0));
  });

  it('supports computed columns, empty cells, dates, LF endings and no header', () => {
    const rows = [{ id: 's1', total: 80, passed: true, at: new Date('2025-03-03T01:00:00Z'), missing: null }];
    const csv = toCsv(
      rows,
      [
        'id',
        { header: '结果', value: (r) => (r.passed ? '合格' : '不合格') },
        { header: 'at', value: (r) => r.at },
        { header: 'missing', value: (r) => r.missing },
      ],
      { lineEnding: '\n', header: false },
    );
    expect(csv).toBe('s1,合格,2025-03-03T01:00:00.000Z,\n');
  });

  it('round-trips any text through an RFC 4180 reader (formula cells come back with their quote prefix)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 2, maxLength: 2 }), { maxLength: 5 }), (cells) => {
        const rows = cells.map(([x, y]) => ({ x: x as string, y: y as string }));
        const parsed = parseCsv(toCsv(rows, ['x', 'y']));
        const expected = rows.map((r) => [r.x, r.y].map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
        expect(parsed).toEqual([['x', 'y'], ...expected]);
      }),
      { numRuns: 200 },
    );
  });

  it('needs at least one column', () => {
    expect(() => toCsv([{ a: 1 }], [])).toThrow(/column/);
  });
});
