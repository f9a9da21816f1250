import { describe, expect, it } from 'vitest';
import type { ConversationView } from '../../../shared/ipc/contract';
import { FRESH_MEMORY, look, type AttentionMemory } from './attention';

const NOW = Date.parse('2024-05-06T10:00:00Z');
const iso = (offsetS: number) => new Date(NOW + offsetS * 1000).toISOString();

const conv = (id: string, extra: Partial<ConversationView> = {}): ConversationView => ({
  id,
  customerId: `k-${id}`,
  customerName: `客户${id}`,
  branchId: null,
  channel: 'h5',
  skillGroup: '开户',
  state: 'active',
  ownerId: 'agent01',
  lastSeq: 1,
  lastMessagePreview: `preview ${id}`,
  lastMessageAt: iso(-30),
  createdAt: iso(-600),
  firstResponseDueAt: null,
  replyDueAt: null,
  ticket: null,
  unread: 0,
  ...extra,
});

const ctx = (extra: Partial<{ activeId: string | null; focused: boolean; now: number }> = {}) => ({ activeId: null, focused: true, now: NOW, ...extra });

function learned(list: ConversationView[]): AttentionMemory {
  return look(FRESH_MEMORY, list, ctx()).memory;
}

describe('look', () => {
  it('stays quiet on the first look, even with unread messages and red timers', () => {
    const { cues } = look(FRESH_MEMORY, [conv('a', { unread: 3 }), conv('b', { replyDueAt: iso(-5) })], ctx());
    expect(cues).toEqual([]);
  });

  it('announces a newly assigned chat once', () => {
    const memory = learned([conv('a')]);
    const first = look(memory, [conv('a'), conv('b')], ctx());
    expect(first.cues).toEqual([{ kind: 'assigned', conversationId: 'b', customerName: '客户b', preview: 'preview b' }]);
    expect(look(first.memory, [conv('a'), conv('b')], ctx()).cues).toEqual([]);
  });

  it('stays silent for the open chat in a focused window, but not when the window is in the background', () => {
    const memory = learned([conv('a'), conv('b')]);
    const grown = [conv('a', { unread: 1 }), conv('b', { unread: 2 })];
    expect(look(memory, grown, ctx({ activeId: 'a', focused: true })).cues.map((c) => c.conversationId)).toEqual(['b']);
    expect(look(memory, grown, ctx({ activeId: 'a', focused: false })).cues.map((c) => c.conversationId)).toEqual(['a', 'b']);
  });

  it('does not cue when unread goes down (read elsewhere)', () => {
    const memory = learned([conv('a', { unread: 4 })]);
    expect(look(memory, [conv('a', { unread: 0 })], ctx()).cues).toEqual([]);
  });

  it('cues an SLA turning red even in the open, focused chat, once per turn, ahead of messages', () => {
    const memory = learned([conv('a', { replyDueAt: iso(100) }), conv('b')]);
    // 'a' now has 5 s left of a 130 s window: red; 'b' has a new message.
    const next = [conv('a', { replyDueAt: iso(5), unread: 1 }), conv('b', { unread: 1 })];
    const first = look(memory, next, ctx({ activeId: 'a', focused: true }));
    expect(first.cues.map((c) => [c.kind, c.conversationId])).toEqual([
      ['sla', 'a'],
      ['message', 'b'],
    ]);
    expect(first.cues[0]).toMatchObject({ overdue: false });
    // Still red a second later: no repeat.
    expect(look(first.memory, next, ctx({ now: NOW + 1000 })).cues).toEqual([]);
    // Back to green (the agent replied), then red again: a new cue.
    const green = look(first.memory, [conv('a', { replyDueAt: iso(300), lastMessageAt: iso(0) }), conv('b', { unread: 1 })], ctx());
    expect(green.cues).toEqual([]);
    const again = look(green.memory, [conv('a', { replyDueAt: iso(-1) }), conv('b', { unread: 1 })], ctx());
    expect(again.cues).toMatchObject([{ kind: 'sla', conversationId: 'a', overdue: true }]);
  });
});
