/**
 * CSV export for QA reports (RFC 4180): fields joined by commas, records ended by CRLF, a field quoted when it holds
 * a comma, a double quote, CR or LF, and quotes inside doubled.
 *
 * Formula injection: Excel and WPS run a cell that starts with = + - @ (and tab or CR) as a formula, so a customer
 * who typed "=HYPERLINK(...)" could attack the reviewer who opens the export. Such *text* cells get a leading single
 * quote, which spreadsheets show as plain text (OWASP "CSV injection"). Numbers are left alone: -3 is not a formula.
 */

export type CsvCell = string | number | boolean | bigint | Date | null | undefined;

/** A column is a property name of the row, or a header with a function that reads the cell. */
export type CsvColumn<Row> = (keyof Row & string) | { header: string; value: (row: Row) => CsvCell };

export interface CsvOptions {
  /** Prefix a UTF-8 byte order mark so that Excel in zh-CN opens the file as UTF-8, not GBK. Default false. */
  bom?: boolean;
  /** Default '\r\n' as RFC 4180 says. */
  lineEnding?: '\r\n' | '\n';
  /** Write the header record first. Default true. */
  header?: boolean;
}

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value.length > 0 && FORMULA_TRIGGERS.has(value[0] as string) ? `'${value}` : value;
  return String(value);
}

function quoteField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(rows: readonly Row[], columns: readonly CsvColumn<Row>[], options: CsvOptions = {}): string {
  if (columns.length === 0) throw new RangeError('toCsv needs at least one column');
  const eol = options.lineEnding ?? '\r\n';
  const records: string[] = [];
  if (options.header ?? true) {
    records.push(columns.map((c) => quoteField(cellText(typeof c === 'string' ? c : c.header))).join(','));
  }
  for (const row of rows) {
    records.push(
      columns
        .map((c) => quoteField(cellText(typeof c === 'string' ? (row[c as keyof Row] as CsvCell) : c.value(row))))
        .join(','),
    );
  }
  const body = records.map((r) => r + eol).join('');
  return (options.bom ? '\uFEFF' : '') + body;
}
