import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type Hub } from '../hub';
import { listMessagesAfter } from '../repos/messages';
import { getConversation } from '../repos/conversations';
import { SimulatedAgent, loginAgent } from './agent';
import { SimulatedCustomer } from './customer';
import { loadQuestionBank, parseQuestionBank } from './bank';
import { createStats, type SimStats } from './stats';

let dir: string;
let hub: Hub;
const closers: (() => void)[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-test-'));
  hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {} });
});
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const questions = loadQuestionBank();
const fast = { firstMessageDelayMs: [10, 30] as [number, number], thinkTimeMs: [20, 60] as [number, number] };

async function startAgent(stats: SimStats, resolveAfterAnswers: [number, number] | null = null) {
  const { token, agentId } = await loginAgent(hub.url, 'agent01', 'demo123');
  const agent = new SimulatedAgent({ hubUrl: hub.url, token, agentId, index: 0, seed: 7, stats, behaviour: { thinkTimeMs: [20, 60], resolveAfterAnswers } });
  closers.push(() => agent.close());
  await agent.start();
  return agent;
}

function customer(stats: SimStats, index: number, behaviour: object = {}) {
  const c = new SimulatedCustomer({ hubUrl: hub.url, index, seed: 7, questions, stats, behaviour: { ...fast, leaveEarlyProbability: 0, leaveWhenDoneProbability: 1, ...behaviour } });
  closers.push(() => c.close());
  return c;
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('simulated customers and agents against a real hub', () => {
  it('hold whole conversations: question from the bank, agent answers, every follow-up said once, then the customer leaves', async () => {
    const stats = createStats();
    await startAgent(stats);
    const customers = [0, 1, 2].map((i) => customer(stats, i));
    await Promise.all(customers.map((c) => c.start()));
    await until(() => customers.every((c) => c.hasLeft), 'every customer to finish and leave');

    expect(stats.left).toBe(3);
    expect(stats.customerSent).toBe(stats.customerAcked);
    expect(stats.agentSent).toBe(stats.agentAcked);
    for (const c of customers) {
      const history = listMessagesAfter(hub.db, c.conversationId!, 0);
      const said = history.filter((m) => m.senderKind === 'customer').map((m) => m.text);
      // The customer said its question then each follow-up, each exactly once and in order.
      expect(said).toEqual([c.question.text, ...c.question.followUps]);
      // ...and the agent answered every one of them before the customer went on.
      expect(history.filter((m) => m.senderKind === 'agent').length).toBe(said.length);
      expect(new Set(history.map((m) => m.clientMsgId)).size).toBe(history.length);
      // Leaving reached the hub: the conversation is closed (its routing row is written behind, in the next batch).
      await until(() => Boolean(getConversation(hub.db, c.conversationId!)?.closedAt), `conversation ${c.conversationId} to be stored as closed`, 5_000);
    }
  });

  it('rate the service when the agent resolves the chat, then close the page', async () => {
    const stats = createStats();
    await startAgent(stats, [1, 1]);
    // Customers think long enough that the rating request comes before any follow-up.
    const customers = [5, 6].map((i) => customer(stats, i, { leaveWhenDoneProbability: 0, thinkTimeMs: [1500, 2000] }));
    await Promise.all(customers.map((c) => c.start()));
    await until(() => stats.rated === 2, 'both customers to rate');
    expect(stats.resolved).toBe(2);
    expect(stats.ended).toBe(2);
    for (const c of customers) {
      const history = listMessagesAfter(hub.db, c.conversationId!, 0);
      // question, the one answer, then the hub's closing note asking for a rating
      expect(history.filter((m) => m.senderKind !== 'system').map((m) => m.senderKind)).toEqual(['customer', 'agent']);
    }
  });

  it('chooses the same question for the same seed and index, and varies it across customers', () => {
    const stats = createStats();
    const again = (index: number, seed = 7) => new SimulatedCustomer({ hubUrl: hub.url, index, seed, questions, stats }).question.text;
    expect(again(3)).toBe(again(3));
    const asked = new Set(Array.from({ length: 20 }, (_, i) => again(i)));
    expect(asked.size).toBeGreaterThan(5);
    expect(Array.from({ length: 20 }, (_, i) => again(i, 8))).not.toEqual(Array.from({ length: 20 }, (_, i) => again(i, 7)));
  });

  it('resends what it wrote while the hub was down after reconnecting, and the hub stores it exactly once', async () => {
    const stats = createStats();
    const c = customer(stats, 0, { converse: false, ackTimeoutMs: 1000, retryDelayMs: 100 });
    await c.start();
    const first = c.send('重启前');
    await until(() => stats.customerAcked === 1, 'the first ack');
    const port = hub.port;
    await hub.close();
    const during = c.send('断线时写的消息');
    expect(c.unacknowledged).toBe(1);
    hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, port, log: () => {} });
    await until(() => stats.customerAcked === 2, 'the resent message to be acknowledged');

    expect(stats.reconnects).toBeGreaterThanOrEqual(1);
    const history = listMessagesAfter(hub.db, c.conversationId!, 0);
    expect(history.map((m) => [m.clientMsgId, m.text])).toEqual([
      [first, '重启前'],
      [during, '断线时写的消息'],
    ]);
  });

  it('a simulated agent catches up on the question a customer asked before any agent was online', async () => {
    const stats = createStats();
    const c = customer(stats, 4, { leaveWhenDoneProbability: 0 });
    await c.start();
    await until(() => stats.customerAcked === 1, 'the question to be stored');
    await startAgent(stats);
    await until(() => stats.repliesReceived >= 1, 'an answer to the early question');
    const history = listMessagesAfter(hub.db, c.conversationId!, 0).filter((m) => m.senderKind !== 'system');
    expect(history[0]).toMatchObject({ seq: 1, senderKind: 'customer', text: c.question.text });
    expect(history[1]).toMatchObject({ senderKind: 'agent', senderId: 'agent01' });
  });
});

describe('question bank', () => {
  it('reports what is wrong with a bad bank and where', () => {
    expect(() => parseQuestionBank('{"version":1,"questions":[{"text":""}]}', 'q.json')).toThrow(/q\.json: questions\.0\.text/);
    expect(() => parseQuestionBank('{ nope', 'q.json')).toThrow(/q\.json: not valid JSON/);
  });

  it('the shipped bank has questions with follow-ups', () => {
    expect(questions.questions.length).toBeGreaterThan(10);
    expect(questions.questions.some((q) => q.followUps.length > 1)).toBe(true);
  });
});
