import { describe, expect, it } from 'vitest';
import { excerptFromSelection, MAX_EXCERPT } from './excerpt';

const body = '【适用对象】年满18周岁的中国大陆居民。\n【所需材料】本人有效二代身份证原件、本人名下的一类银行借记卡。\n【办理流程】1. 下载公司APP';

describe('excerptFromSelection', () => {
  it('returns the selected passage as the body spells it', () => {
    expect(excerptFromSelection(body, '本人有效二代身份证原件')).toBe('本人有效二代身份证原件');
  });

  it('finds a selection across paragraphs whatever whitespace the page put between them', () => {
    // The preview renders each line as a block: the DOM selection has a blank line where the body has one newline.
    expect(excerptFromSelection(body, '中国大陆居民。\n\n【所需材料】')).toBe('中国大陆居民。\n【所需材料】');
    expect(excerptFromSelection(body, '  1. 下载公司APP \n')).toBe('1. 下载公司APP');
  });

  it('refuses a selection that is not part of the body (title, meta line) or only whitespace', () => {
    expect(excerptFromSelection(body, '个人投资者线上开户流程')).toBeNull();
    expect(excerptFromSelection(body, ' \n\t ')).toBeNull();
    expect(excerptFromSelection(body, '')).toBeNull();
  });

  it('treats regular-expression characters in the selection literally', () => {
    expect(excerptFromSelection('利率 (年化) 6.5%*', '(年化) 6.5%*')).toBe('(年化) 6.5%*');
    expect(excerptFromSelection('利率 6x5', '6.5')).toBeNull();
  });

  it('refuses an excerpt longer than the service accepts', () => {
    const long = '甲'.repeat(MAX_EXCERPT + 1);
    expect(excerptFromSelection(long, long)).toBeNull();
    expect(excerptFromSelection(long, '甲'.repeat(MAX_EXCERPT))).toHaveLength(MAX_EXCERPT);
  });
});
