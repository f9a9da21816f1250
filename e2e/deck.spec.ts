import { expect, test, type Browser, type Page } from '@playwright/test';
import { join } from 'node:path';
import { freePort, startHubProcess, startWebHost, tempDir } from './support/processes';
import {
  customerBubbles,
  openCustomer,
  openSession,
  readHubMessages,
  sendFromDeck,
  sessionItems,
  sessionOrder,
  signIn,
  type Customer,
} from './support/deck';

/**
 * Issue 4 end to end: one agent serves five customers at once on the real workstation (browser mode, real services)
 * against a real hub process; keyboard switching; drafts that survive a reload and a restart of the services host;
 * a message written while the hub is down goes out exactly once; the agent's status is honoured by the hub; a
 * transfer hands the chat, with its history, to a colleague signed in elsewhere.
 */

const QUESTIONS = [
  '客户一:我想开户,需要准备什么材料?',
  '客户二:开户视频见证一直失败怎么办?',
  '客户三:股东账户开通进度怎么查?',
  '客户四:身份证过期了如何更新资料?',
  '客户五:忘记交易密码怎么重置?',
];

test.describe.configure({ mode: 'serial' });

let dir: string;
let hubPort: number;
let hostPort: number;
let hubDb: string;
let hub: Awaited<ReturnType<typeof startHubProcess>>;
let host: Awaited<ReturnType<typeof startWebHost>>;
let agent: Page;
const customers: Customer[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  dir = tempDir('e2e-deck-');
  hubPort = await freePort();
  hostPort = await freePort();
  hubDb = join(dir, 'hub.db');
  hub = await startHubProcess({ port: hubPort, db: hubDb });
  host = await startWebHost({ dataDir: join(dir, 'agent01'), hubUrl: hub.url, port: hostPort });
  agent = await newAgentPage(browser);
  await signIn(agent, host.url, 'agent01');
  await expect(agent.getByTestId('agent-status')).toHaveAttribute('data-status', 'online');
  for (const q of QUESTIONS) customers.push(await openCustomer(browser, { url: hub.url, db: hubDb }, q));
});

test.afterAll(async () => {
  for (const c of customers) await c.context.close().catch(() => {});
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await host?.stop();
  await hub?.stop();
});

async function newAgentPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  cleanups.push(() => context.close());
  return context.newPage();
}

test('one agent serves five customers at once, each answer reaching the right customer', async () => {
  await expect(sessionItems(agent)).toHaveCount(5, { timeout: 20_000 });
  await expect(agent.getByTestId('capacity')).toHaveAttribute('data-load', '5');
  await expect(agent.getByTestId('capacity')).toHaveAttribute('data-capacity', '5');
  for (const [i, c] of customers.entries()) {
    await openSession(agent, c.conversationId);
    await expect(agent.getByTestId('message-list')).toContainText(c.firstMessage);
    // The hub's "王晓雯 为您服务" system line is part of the history, shown inline.
    await expect(agent.getByTestId('message-list').locator('[data-kind="system"]', { hasText: '为您服务' })).toHaveCount(1);
    await expect(agent.getByTestId('ticket-state')).toHaveAttribute('data-state', /assigned|active/);
    await expect(agent.getByTestId('action-close')).toHaveAttribute('data-allowed', 'false');
    await sendFromDeck(agent, `您好,客户${i + 1},我是王晓雯,马上为您处理。`);
  }
  for (const [i, c] of customers.entries()) {
    await expect(customerBubbles(c.page, `您好,客户${i + 1},我是王晓雯,马上为您处理。`)).toHaveCount(1);
    for (const [j] of customers.entries()) if (j !== i) await expect(c.page.getByTestId('customer-log')).not.toContainText(`客户${j + 1},我是王晓雯`);
  }
  // Replied: the lifecycle now waits for the customer, and the machine allows resolve but still not close.
  await expect(agent.getByTestId('ticket-state')).toHaveAttribute('data-state', 'awaitingCustomer');
  await expect(agent.getByTestId('action-resolve')).toBeEnabled();
});

test('Ctrl+1…5 and Ctrl+↑/↓ switch to the right conversation', async () => {
  await agent.getByTestId('composer').focus();
  const order = await sessionOrder(agent);
  expect(order).toHaveLength(5);
  const textOf = new Map(customers.map((c) => [c.conversationId, c.firstMessage]));
  for (const n of [3, 1, 5, 2, 4]) {
    await agent.keyboard.press(`Control+Digit${n}`);
    const id = order[n - 1]!;
    await expect(agent.getByTestId('conversation')).toHaveAttribute('data-conversation-id', id);
    await expect(agent.getByTestId('message-list')).toContainText(textOf.get(id)!);
    await expect(agent.getByTestId(`session-${id}`)).toHaveAttribute('aria-current', 'true');
  }
  // From the 4th: down to the 5th, down stays at the end, then up three times to the 2nd.
  await agent.keyboard.press('Control+ArrowDown');
  await expect(agent.getByTestId('conversation')).toHaveAttribute('data-conversation-id', order[4]!);
  await agent.keyboard.press('Control+ArrowDown');
  await expect(agent.getByTestId('conversation')).toHaveAttribute('data-conversation-id', order[4]!);
  for (const expected of [order[3]!, order[2]!, order[1]!]) {
    await agent.keyboard.press('Control+ArrowUp');
    await expect(agent.getByTestId('conversation')).toHaveAttribute('data-conversation-id', expected);
    await expect(agent.getByTestId('message-list')).toContainText(textOf.get(expected)!);
  }
});

test('a draft survives a page reload and a restart of the services host', async ({ browser }) => {
  const target = customers[2]!;
  const draft = '草稿:您的股东账户正在审核,预计 1 个工作日内';
  const id = target.conversationId;
  await openSession(agent, id);
  await agent.getByTestId('composer').fill(draft);
  await expect(agent.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
  // Another chat's draft must not leak into this one.
  await openSession(agent, customers[0]!.conversationId);
  await expect(agent.getByTestId('composer')).toHaveValue('');

  await agent.reload();
  await expect(agent.getByTestId('deck')).toBeVisible();
  await agent.getByTestId(`session-${id}`).click();
  await expect(agent.getByTestId('composer')).toHaveValue(draft);

  // Stop the services host and start a new one on the same data folder and port (a new per-run token).
  await host.stop();
  await expect(agent.getByTestId('connection-state')).toHaveAttribute('data-state', 'reconnecting');
  host = await startWebHost({ dataDir: join(dir, 'agent01'), hubUrl: hub.url, port: hostPort });
  // Browser mode keeps the sign-in token in memory only: sign in again; the draft is in the local database.
  await agent.close();
  agent = await newAgentPage(browser);
  await signIn(agent, host.url, 'agent01');
  await expect(agent.getByTestId(`session-${id}`)).toBeVisible();
  await agent.getByTestId(`session-${id}`).click();
  await expect(agent.getByTestId('composer')).toHaveValue(draft);
  await expect(agent.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
});

test('a message sent while the hub is down shows as pending, then is delivered exactly once', async () => {
  const target = customers[1]!;
  const id = target.conversationId;
  await openSession(agent, id);
  const text = `离线时写的回复 ${Date.now()}`;
  await hub.stop();
  await expect(agent.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'online');
  await agent.getByTestId('composer').fill(text);
  await agent.getByTestId('send-button').click();
  const bubble = agent.getByTestId('message-list').locator('[data-testid^="message-"][data-status]', { has: agent.locator('[data-role="text"]', { hasText: text }) });
  await expect(bubble).toHaveAttribute('data-status', 'pending');
  await expect(agent.getByTestId('composer')).toHaveValue('');

  hub = await startHubProcess({ port: hubPort, db: hubDb });
  await expect(agent.getByTestId('connection-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await expect(bubble).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  await expect(bubble).toHaveCount(1);
  await expect(customerBubbles(target.page, text)).toHaveCount(1, { timeout: 20_000 });
  // Give a duplicate every chance to show up (a second flush, a late resync) before counting for good.
  await target.page.reload();
  await expect(customerBubbles(target.page, text)).toHaveCount(1);
  const stored = readHubMessages(hubDb, id).filter((m) => m.text === text);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ senderKind: 'agent', senderName: '王晓雯' });
});

test('status is honoured by the hub: a busy agent gets no new chat, and the pool says why', async ({ browser }) => {
  const colleague = await newAgentPage(browser);
  const colleagueHost = await startWebHost({ dataDir: join(dir, 'agent02'), hubUrl: hub.url });
  cleanups.push(() => colleagueHost.stop());
  await signIn(colleague, colleagueHost.url, 'agent02');
  await colleague.getByTestId('agent-status').click();
  await colleague.getByTestId('agent-status-busy').click();
  await expect(colleague.getByTestId('agent-status')).toHaveAttribute('data-status', 'busy');

  const sixth = await openCustomer(browser, { url: hub.url, db: hubDb }, '客户六:开户需要多长时间?');
  customers.push(sixth);
  // agent01 is at capacity and agent02 is busy: the chat waits in the pool, visible to both, grabbable by neither.
  const inPool = (page: Page) => page.locator('[data-testid^="pool-item-"]', { hasText: '开户' });
  await expect(inPool(agent)).toHaveCount(1, { timeout: 15_000 });
  await expect(inPool(agent).getByTestId('grab-button')).toBeDisabled();
  await expect(inPool(agent).getByTestId('pool-reason')).toContainText('上限');
  await expect(inPool(colleague)).toHaveCount(1);
  await expect(inPool(colleague).getByTestId('grab-button')).toBeDisabled();
  await expect(sessionItems(colleague)).toHaveCount(0);

  // Back online: the colleague grabs it (or the dispatcher hands it over first); either way it opens for them.
  await colleague.getByTestId('agent-status').click();
  await colleague.getByTestId('agent-status-online').click();
  await expect(colleague.getByTestId('agent-status')).toHaveAttribute('data-status', 'online');
  const grab = inPool(colleague).getByTestId('grab-button');
  await grab.click({ timeout: 2000 }).catch(() => {});
  await expect(colleague.getByTestId(`session-${sixth.conversationId}`)).toHaveCount(1, { timeout: 15_000 });
  await expect(inPool(agent)).toHaveCount(0);
  await colleague.close();
});

test('a transfer moves the chat with its history to a colleague signed in elsewhere', async ({ browser }) => {
  const colleague = await newAgentPage(browser);
  const colleagueHost = await startWebHost({ dataDir: join(dir, 'agent02b'), hubUrl: hub.url });
  cleanups.push(() => colleagueHost.stop());
  await signIn(colleague, colleagueHost.url, 'agent02');
  const target = customers[3]!;
  const id = target.conversationId;
  await openSession(agent, id);

  await agent.getByTestId('action-transfer').click();
  await expect(agent.getByTestId('transfer-dialog')).toBeVisible();
  await agent.getByTestId('transfer-to-agent').click();
  await agent.getByTestId('transfer-agent-select').click();
  await agent.locator('.ant-select-item-option', { hasText: '陈思远' }).click();
  await agent.getByTestId('transfer-note').fill('客户证件过期,已告知需上传新证件,请继续跟进');
  await agent.getByTestId('transfer-dialog-ok').click();

  await expect(agent.getByTestId(`session-${id}`)).toHaveCount(0, { timeout: 15_000 });
  await expect(agent.getByTestId('capacity')).toHaveAttribute('data-load', '4');
  const moved = colleague.getByTestId(`session-${id}`);
  await expect(moved).toBeVisible({ timeout: 15_000 });
  await moved.click();
  const list = colleague.getByTestId('message-list');
  await expect(list).toContainText(target.firstMessage);
  await expect(list).toContainText('您好,客户4,我是王晓雯');
  await expect(list.locator('[data-kind="system"]', { hasText: '转接给 陈思远' })).toHaveCount(1);
  await expect(list.locator('[data-kind="system"]', { hasText: '请继续跟进' })).toHaveCount(1);

  await sendFromDeck(colleague, '您好,我是陈思远,接着为您办理证件更新。');
  await expect(customerBubbles(target.page, '您好,我是陈思远,接着为您办理证件更新。')).toHaveCount(1);
});

test('ticket actions follow the shared machine: escalate needs a reason; resolve, then close', async () => {
  // Escalate agent01's chat with customer 5: the dialog will not submit without a reason.
  const escalated = customers[4]!;
  await openSession(agent, escalated.conversationId);
  await agent.getByTestId('action-escalate').click();
  await expect(agent.getByTestId('escalate-dialog-ok')).toBeDisabled();
  await agent.getByTestId('escalate-dialog-note').fill('客户要求投诉处理,需负责人介入');
  await agent.getByTestId('escalate-dialog-ok').click();
  await expect(agent.getByTestId('ticket-state')).toHaveAttribute('data-state', 'escalated');
  // Escalated: the machine leaves nothing to the agent, and each button says why.
  for (const action of ['resolve', 'transfer', 'escalate', 'close']) await expect(agent.getByTestId(`action-${action}`)).toBeDisabled();

  // Customer 1's chat (waiting for the customer): resolve with an optional summary, then close.
  const done = customers[0]!;
  await openSession(agent, done.conversationId);
  await expect(agent.getByTestId('ticket-state')).toHaveAttribute('data-state', 'awaitingCustomer');
  await agent.getByTestId('action-resolve').click();
  await agent.getByTestId('resolve-dialog-ok').click();
  await expect(agent.getByTestId('ticket-state')).toHaveAttribute('data-state', 'resolved');
  await expect(customerBubbles(done.page, '坐席已结束本次服务,欢迎对本次服务进行评价')).toHaveCount(1);
  await expect(agent.getByTestId('action-close')).toBeEnabled();
  await agent.getByTestId('action-close').click();
  await agent.getByTestId('close-dialog-ok').click();
  await expect(agent.getByTestId(`session-${done.conversationId}`)).toHaveCount(0);
});
