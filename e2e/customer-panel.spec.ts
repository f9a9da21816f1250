import { expect, test, type Page } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSession, signIn } from './support/deck';
import { importCustomersCli, openChatAs, readLedger, type ChatCustomer } from './support/customers';
import { freePort, startHubProcess, startWebHost, tempDir } from './support/processes';

/**
 * The customer tag panel end to end: it follows the focused conversation, a visitor gets a calm empty state, a
 * revealed field shows its value with a countdown and masks itself again, and a profile changed on the hub (imported
 * with the customers CLI while the hub runs) appears without a reload.
 */

test.describe.configure({ mode: 'serial' });

let dir: string;
let hubDb: string;
let hub: Awaited<ReturnType<typeof startHubProcess>>;
let host: Awaited<ReturnType<typeof startWebHost>>;
let agent: Page;
const chats: Record<string, ChatCustomer> = {};

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  dir = tempDir('e2e-customer-');
  hubDb = join(dir, 'hub.db');
  hub = await startHubProcess({ port: await freePort(), db: hubDb });
  host = await startWebHost({ dataDir: join(dir, 'agent01'), hubUrl: hub.url });
  agent = await (await browser.newContext()).newPage();
  await signIn(agent, host.url, 'agent01');
  // Both customers are BR-SH01's: routed to agent01.
  chats.C0005 = await openChatAs(browser, { url: hub.url, db: hubDb, lines: hub.lines }, 'C0005', '基金赎回多久到账?');
  chats.C0011 = await openChatAs(browser, { url: hub.url, db: hubDb, lines: hub.lines }, 'C0011', '港股通怎么开通?');
  chats.visitor = await openChatAs(browser, { url: hub.url, db: hubDb, lines: hub.lines }, null, '随便问问');
  for (const c of Object.values(chats)) await expect(agent.getByTestId(`session-${c.conversationId}`)).toBeVisible({ timeout: 20_000 });
});

test.afterAll(async () => {
  for (const c of Object.values(chats)) await c.context.close().catch(() => {});
  await agent?.context().close().catch(() => {});
  await host?.stop();
  await hub?.stop();
});

const panel = () => agent.getByTestId('customer-panel');

test('the panel follows the focused conversation, masked by default', async () => {
  await openSession(agent, chats.C0005!.conversationId);
  await agent.getByTestId('side-tab-customer').click();
  await expect(panel()).toHaveAttribute('data-customer-id', 'C0005');
  await expect(agent.getByTestId('customer-name')).toHaveText('肖**');
  await expect(agent.getByTestId('customer-value-phone')).toHaveText('181****6537');
  await expect(agent.getByTestId('customer-value-idNumber')).toHaveText('3701**********2242');
  await expect(agent.getByTestId('customer-risk-grade')).toHaveAttribute('data-grade', 'C5');
  await expect(agent.getByTestId('customer-style-tags')).toContainText('量化关注');
  await expect(agent.getByTestId('customer-holdings')).toContainText('50-100万');
  await expect(panel()).not.toContainText('18184966537');

  await openSession(agent, chats.C0011!.conversationId);
  await expect(panel()).toHaveAttribute('data-customer-id', 'C0011');
  await expect(agent.getByTestId('customer-name')).toHaveText('陆**');
  await expect(agent.getByTestId('customer-risk-grade')).toHaveAttribute('data-grade', 'C4');
  await expect(agent.getByTestId('customer-style-tags')).toContainText('价值投资');

  // Service history expands to channel, outcome and satisfaction.
  await agent.getByTestId('customer-history-toggle').click();
  await expect(agent.getByTestId('customer-contact')).toHaveCount(3);
  await expect(agent.getByTestId('customer-contact').first()).toContainText('要求重置交易密码');

  await openSession(agent, chats.visitor!.conversationId);
  await expect(panel()).toHaveAttribute('data-state', 'visitor');

  await openSession(agent, chats.C0005!.conversationId);
  await expect(panel()).toHaveAttribute('data-customer-id', 'C0005');
});

test('a reveal needs a reason, shows the value with a countdown, is logged, and masks itself again', async () => {
  test.setTimeout(90_000);
  await openSession(agent, chats.C0005!.conversationId);
  await agent.getByTestId('reveal-phone').click();
  await expect(agent.getByTestId('reveal-confirm')).toBeDisabled();
  await agent.getByTestId('reveal-reason').fill('核实客户身份');
  await agent.getByTestId('reveal-confirm').click();

  const value = agent.getByTestId('customer-value-phone');
  await expect(value).toHaveText('18184966537');
  const countdown = agent.getByTestId('reveal-countdown-phone');
  const first = Number(await countdown.getAttribute('data-seconds'));
  expect(first).toBeGreaterThan(25);
  expect(first).toBeLessThanOrEqual(30);
  await expect.poll(async () => Number(await countdown.getAttribute('data-seconds')), { timeout: 5000 }).toBeLessThan(first);
  // Other fields stay masked.
  await expect(agent.getByTestId('customer-value-idNumber')).toHaveText('3701**********2242');

  await expect
    .poll(() => readLedger(hubDb).find((r) => r.kind === 'pii.reveal' && r.subject === 'C0005')?.payload)
    .toMatchObject({ field: 'phone', reason: '核实客户身份', role: 'agent' });

  // Switching away and back never brings the value back without a new reveal.
  await openSession(agent, chats.C0011!.conversationId);
  await openSession(agent, chats.C0005!.conversationId);
  await expect(agent.getByTestId('customer-value-phone')).toHaveText('181****6537');

  // A value left on screen masks itself when the hub's 30 s grant runs out.
  await agent.getByTestId('reveal-idNumber').click();
  await agent.getByTestId('reveal-reason').fill('业务办理需要');
  await agent.getByTestId('reveal-confirm').click();
  await expect(agent.getByTestId('customer-value-idNumber')).toHaveText('370102196208042242');
  await expect(agent.getByTestId('customer-value-idNumber')).toHaveText('3701**********2242', { timeout: 35_000 });
  await expect(agent.getByTestId('customer-field-idNumber')).toHaveAttribute('data-revealed', 'false');
});

test('a profile changed on the hub appears in the panel without a reload', async () => {
  await openSession(agent, chats.C0005!.conversationId);
  await expect(agent.getByTestId('customer-risk-grade')).toHaveAttribute('data-grade', 'C5');
  const line = readFileSync('resources/customers/customers.jsonl', 'utf8')
    .split('\n')
    .find((l) => l.includes('"id": "C0005"') || l.includes('"id":"C0005"'))!;
  const profile = JSON.parse(line) as { riskGrade: string; styleTags: string[] };
  profile.riskGrade = 'C3';
  profile.styleTags = [...profile.styleTags, '红利策略'];
  const file = join(dir, 'c0005.jsonl');
  writeFileSync(file, `${JSON.stringify(profile)}\n`);
  const imported = importCustomersCli(file, hubDb);
  expect(imported.status, imported.output).toBe(0);

  await expect(agent.getByTestId('customer-risk-grade')).toHaveAttribute('data-grade', 'C3', { timeout: 15_000 });
  await expect(agent.getByTestId('customer-style-tags')).toContainText('红利策略');
  await expect(panel()).toHaveAttribute('data-customer-id', 'C0005');
});
