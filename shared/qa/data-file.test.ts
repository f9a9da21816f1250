import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppFailure } from '../result';
import { locateJsonLines, parseDataFile } from './data-file';

const Schema = z.object({ name: z.string(), items: z.array(z.object({ id: z.string(), weight: z.number().positive() })) });

const text = ['{', '  "name": "demo",', '  "items": [', '    { "id": "a", "weight": 1 },', '    {', '      "id": "b",', '      "weight": -2', '    }', '  ]', '}'].join('\n');

function issuesOf(fn: () => unknown): { line: number; path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppFailure);
    return (err as AppFailure).details as { line: number; path: string; message: string }[];
  }
  throw new Error('expected a failure');
}

describe('parseDataFile', () => {
  it('maps paths to the lines their values start on', () => {
    const lines = locateJsonLines(text);
    expect(lines.get('name')).toBe(2);
    expect(lines.get('items.0.weight')).toBe(4);
    expect(lines.get('items.1')).toBe(5);
    expect(lines.get('items.1.weight')).toBe(7);
  });

  it('returns the parsed value when valid', () => {
    expect(parseDataFile(text.replace('-2', '2'), Schema, 'demo.json').items[1]).toEqual({ id: 'b', weight: 2 });
  });

  it('reports every schema problem with its line', () => {
    const broken = text.replace('"demo"', '7');
    expect(issuesOf(() => parseDataFile(broken, Schema, 'demo.json')).map((i) => [i.line, i.path])).toEqual([
      [2, 'name'],
      [7, 'items.1.weight'],
    ]);
    expect(() => parseDataFile(broken, Schema, 'demo.json')).toThrow(/demo\.json:7 items\.1\.weight/);
  });

  it('points a missing key at its object', () => {
    const missing = text.replace('"id": "b",', '').replace('-2', '2');
    expect(issuesOf(() => parseDataFile(missing, Schema, 'demo.json'))).toEqual([expect.objectContaining({ line: 5, path: 'items.1.id' })]);
  });

  it('reports a JSON syntax error with its line', () => {
    const syntax = text.replace('"id": "b",', '"id": "b"');
    const [issue] = issuesOf(() => parseDataFile(syntax, Schema, 'demo.json'));
    expect(issue?.line).toBe(7);
    expect(issue?.message).toMatch(/not valid JSON/);
  });
});
