import {
  guessLanguage,
  importLineSchema,
  sameContent,
  type Article,
  type ImportLine,
} from '../../../shared/knowledge/article';

export interface RejectedLine {
  line: number;
  message: string;
}

/**
 * Parses a JSON Lines import file. Every bad line is reported with its 1-based line number and the reason; good
 * lines are kept. A repeated id is rejected on its later line so that one file cannot say two things at once.
 */
export function parseImportFile(text: string): { good: ImportLine[]; bad: RejectedLine[] } {
  const good: ImportLine[] = [];
  const bad: RejectedLine[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      bad.push({
        line,
        message: `JSON 格式错误 / invalid JSON (${err instanceof Error ? err.message : String(err)})`,
      });
      return;
    }
    const parsed = importLineSchema.safeParse(value);
    if (!parsed.success) {
      bad.push({
        line,
        message: parsed.error.issues.map((x) => `${x.path.join('.') || '(line)'}: ${x.message}`).join('; '),
      });
      return;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      bad.push({
        line,
        message: `id ${parsed.data.id} 重复（第 ${first} 行已出现）/ duplicate id, first on line ${first}`,
      });
      return;
    }
    seen.set(parsed.data.id, line);
    good.push(parsed.data);
  });
  return { good, bad };
}

/**
 * Import lines as articles: new ids start at version 1; a changed article gets the next version and keeps its likes
 * and quote count; an unchanged one keeps its version (so re-importing the same file changes nothing).
 */
export function toArticles(
  lines: readonly ImportLine[],
  existing: (id: string) => Article | undefined,
  now: string,
  author = 'import',
): Article[] {
  return lines.map((l) => {
    const language = l.language ?? guessLanguage(l);
    const old = existing(l.id);
    if (old && sameContent(old, { ...l, language })) return old;
    return {
      id: l.id,
      title: l.title,
      body: l.body,
      tags: l.tags,
      category: l.category,
      language,
      version: old ? old.version + 1 : 1,
      effectiveFrom: now.slice(0, 10),
      author: old?.author ?? author,
      likes: old?.likes ?? 0,
      quoteCount: old?.quoteCount ?? 0,
      updatedAt: now,
    };
  });
}
