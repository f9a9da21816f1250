import { describe, expect, it } from 'vitest';
import type { MessageView } from '../../../shared/ipc/contract';
import { canDecide, charCount, latestCustomerText, localizedMessage, parseTags } from './forms';

describe('parseTags', () => {
  it('splits on ASCII and Chinese separators, trims and drops duplicates', () => {
    expect(parseTags('两融, 利息，两融、 授信 ')).toEqual(['两融', '利息', '授信']);
  });

  it('splits tags typed with commas into a tag box, keeps at most 20 of up to 40 characters', () => {
    expect(parseTags(['开户，销户', '开户'])).toEqual(['开户', '销户']);
    expect(parseTags(Array.from({ length: 25 }, (_, i) => `t${i}`))).toHaveLength(20);
    expect(parseTags(['长'.repeat(50)])[0]).toHaveLength(40);
  });
});

describe('charCount', () => {
  it('counts characters, not UTF-16 units, ignoring surrounding whitespace', () => {
    expect(charCount('  融资融券📈 ')).toBe(5);
  });
});

describe('canDecide', () => {
  it('needs a reason to reject, none to approve', () => {
    expect(canDecide(true, '')).toBe(true);
    expect(canDecide(false, '   ')).toBe(false);
    expect(canDecide(false, '内容与 KB-0069 重复')).toBe(true);
  });
});

const msg = (senderKind: MessageView['senderKind'], text: string, kind: MessageView['kind'] = 'text'): MessageView => ({
  clientMsgId: `${senderKind}-${text}`,
  conversationId: 'CV-1',
  seq: 1,
  senderKind,
  senderName: senderKind,
  kind,
  text,
  at: '2025-01-01T00:00:00.000Z',
  status: 'sent',
});

describe('latestCustomerText', () => {
  it("is the customer's newest text message, skipping the agent, system lines, whispers and cards", () => {
    const history = [
      msg('customer', '两融利息怎么算'),
      msg('customer', '还有创业板怎么开通'),
      msg('agent', '您好'),
      msg('system', '会话已转接', 'system'),
      msg('lead', '先安抚', 'whisper'),
      msg('customer', '', 'text'),
    ];
    expect(latestCustomerText(history)).toBe('还有创业板怎么开通');
  });

  it('is null without a customer message or history', () => {
    expect(latestCustomerText([msg('agent', '您好')])).toBeNull();
    expect(latestCustomerText(undefined)).toBeNull();
  });
});

describe('localizedMessage', () => {
  it('shows the half of a bilingual service message in the interface language', () => {
    const m = '与服务器的连接已断开,请稍后重试 / Not connected to the hub; try again shortly';
    expect(localizedMessage(m, 'zh-CN')).toBe('与服务器的连接已断开,请稍后重试');
    expect(localizedMessage(m, 'en')).toBe('Not connected to the hub; try again shortly');
    expect(localizedMessage('贡献 3 已处理（approved）/ Contribution 3 was already approved', 'en')).toBe('Contribution 3 was already approved');
  });

  it('leaves other messages whole, including a slash inside one language', () => {
    expect(localizedMessage('Sign in first', 'zh-CN')).toBe('Sign in first');
    expect(localizedMessage('费率 0.3‰/年', 'en')).toBe('费率 0.3‰/年');
  });
});
