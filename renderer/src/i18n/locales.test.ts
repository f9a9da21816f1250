import { describe, expect, it } from 'vitest';
import zhCN from '../../../resources/locales/zh-CN.json';
import en from '../../../resources/locales/en.json';

/** Flattens nested keys; plural suffixes are folded because Chinese has one plural form and English two. */
function keys(obj: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [kk, vv] of keys(v, path)) out.set(kk, vv);
    else out.set(path.replace(/_(zero|one|two|few|many|other)$/, ''), v);
  }
  return out;
}

const placeholders = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  const zh = keys(zhCN);
  const e = keys(en);

  it('have the same keys in zh-CN and en', () => {
    expect([...e.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('have no empty strings and use the same interpolation variables', () => {
    for (const [key, value] of zh) {
      expect(String(value).trim(), key).not.toBe('');
      expect(String(e.get(key)).trim(), key).not.toBe('');
      expect(placeholders(e.get(key)), key).toEqual(placeholders(value));
    }
  });
});
