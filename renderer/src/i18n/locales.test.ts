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

/** Feature files (resources/locales/<locale>/<feature>.json) merged under their feature name, as the app does. */
const featureFiles = import.meta.glob<{ default: Record<string, unknown> }>('../../../resources/locales/*/*.json', { eager: true });
function withFeatures(locale: string, base: Record<string, unknown>) {
  const merged: Record<string, unknown> = { ...base };
  for (const [path, mod] of Object.entries(featureFiles)) {
    const m = /locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (m && m[1] === locale) merged[m[2]!] = mod.default;
  }
  return merged;
}

describe('locales', () => {
  const zh = keys(withFeatures('zh-CN', zhCN));
  const e = keys(withFeatures('en', en));

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
