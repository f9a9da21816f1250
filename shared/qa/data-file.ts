/**
 * Parse a JSON data file (rule set, sampling plan, scorecard) against a zod schema and report every problem with
 * the line it is on, so whoever edits the file can fix it in one go. Platform-free: the caller reads the file.
 */
import { type z } from 'zod';
import { AppFailure } from '../result';

export interface DataFileIssue {
  line: number;
  /** Dotted path inside the document, e.g. `criteria.2.weight`; empty for the document itself. */
  path: string;
  message: string;
}

/**
 * Map every JSON value's path to the line it starts on. A tiny scanner over already-valid JSON (JSON.parse has
 * accepted the text first), so it only tracks strings, nesting and newlines.
 */
export function locateJsonLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let pos = 0;
  let line = 1;

  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos] as string)) {
      if (text[pos] === '\n') line++;
      pos++;
    }
  };
  const readString = (): string => {
    const start = pos;
    pos++; // opening quote
    while (pos < text.length && text[pos] !== '"') pos += text[pos] === '\\' ? 2 : 1;
    pos++; // closing quote
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const readValue = (path: string) => {
    skipSpace();
    lines.set(path, line);
    const ch = text[pos];
    const child = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
    if (ch === '{') {
      pos++;
      skipSpace();
      if (text[pos] === '}') return void pos++;
      for (;;) {
        skipSpace();
        const key = readString();
        skipSpace();
        pos++; // colon
        readValue(child(key));
        skipSpace();
        if (text[pos++] === '}') return;
      }
    }
    if (ch === '[') {
      pos++;
      skipSpace();
      if (text[pos] === ']') return void pos++;
      for (let i = 0; ; i++) {
        readValue(child(i));
        skipSpace();
        if (text[pos++] === ']') return;
      }
    }
    if (ch === '"') return void readString();
    while (pos < text.length && !/[\s,\]}]/.test(text[pos] as string)) pos++; // number, true, false, null
  };

  readValue('');
  return lines;
}

/** The line of the deepest path prefix that exists in the document (a missing key reports its parent object). */
function lineOf(lines: Map<string, number>, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const found = lines.get(path.slice(0, n).map(String).join('.'));
    if (found !== undefined) return found;
  }
  return 1;
}

/**
 * Parse and validate. Throws AppFailure('BAD_REQUEST') whose message lists `file:line path: problem` for every issue
 * and whose `details` is the DataFileIssue list.
 */
export function parseDataFile<S extends z.ZodType>(text: string, schema: S, fileName: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : 1;
    const issue: DataFileIssue = { line, path: '', message: `not valid JSON: ${message}` };
    throw new AppFailure('BAD_REQUEST', `${fileName}:${line} ${issue.message}`, [issue]);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const lines = locateJsonLines(text);
  const issues: DataFileIssue[] = result.error.issues.map((i) => ({
    line: lineOf(lines, i.path),
    path: i.path.map(String).join('.'),
    message: i.message,
  }));
  const listing = issues.map((i) => `  ${fileName}:${i.line} ${i.path || '(root)'}: ${i.message}`).join('\n');
  throw new AppFailure('BAD_REQUEST', `${fileName} is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${listing}`, issues);
}
