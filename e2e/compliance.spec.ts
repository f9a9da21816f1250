import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { openSession, readHubMessages, signIn } from './support/deck';
import { openChatAs, readLedger, verifyLedgerCli, type ChatCustomer } from './support/customers';
import { freePort, startHubProcess, startWebHost, tempDir } from './support/processes';

/**
 * Live compliance and suitability end to end: the real workstation (browser mode, real services) against a real hub
 * process, customers on the hub's chat page. A blocked draft cannot be sent, a warned one goes out after an
 * acknowledgement that lands in the audit ledger, an unsuitable push cannot be sent, a push that needs the customer's
 * confirmation is confirmed on the chat page and shown confirmed in the deck, and the ledger verifies.
 */

test.describe.configure({ mode: 'serial' });

let hubDb: string;
let hub: Awaited<ReturnType<typeof startHubProcess>>;
let host: Awaited<ReturnType<typeof startWebHost>>;
let agent: Page;
const customers: ChatCustomer[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = tempDir('e2e-compliance-');
  hubDb = join(dir, 'hub.db');
  hub = await startHubProcess({ port: await freePort(), db: hubDb });
  host = await startWebHost({ dataDir: join(dir, 'agent01'), hubUrl: hub.url });
  agent = await (await browser.newContext()).newPage();
  // C0006 and C0022 belong to BR-SH01: they are routed to agent01 first.
  await signIn(agent, host.url, 'agent01');
});

test.afterAll(async () => {
  for (const c of customers) await c.context.close().catch(() => {});
  await agent?.context().close().catch(() => {});
  await host?.stop();
  await hub?.stop();
});

async function chat(customerId: string | null, firstMessage: string): Promise<ChatCustomer> {
  const c = await openChatAs(agent.context().browser()!, { url: hub.url, db: hubDb, lines: hub.lines }, customerId, firstMessage);
  customers.push(c);
  await expect(agent.getByTestId(`session-${c.conversationId}`)).toBeVisible({ timeout: 20_000 });
  await openSession(agent, c.conversationId);
  return c;
}

/** Shows a product in the products tab with its suitability for the open conversation (the tab keeps its selection). */
async function openProduct(code: string) {
  await agent.getByTestId('side-tab-products').click();
  await agent.getByTestId('products-search').fill(code);
  const head = agent.getByTestId(`product-${code}`).locator('.ws-prow-head');
  if ((await head.getAttribute('aria-expanded')) !== 'true') await head.click();
  await expect(head).toHaveAttribute('aria-expanded', 'true');
}

const composer = () => agent.getByTestId('composer');
const sendButton = () => agent.getByTestId('send-button');

test('a blocked draft cannot be sent: Send is disabled with the reason, Enter does nothing, the customer receives nothing', async () => {
  const customer = await chat(null, '你好,理财产品能保本吗?');
  const blocked = '这款产品是保本保收益的，您放心买就行。';
  await composer().fill(blocked);

  // Highlighted in place, with the rule's reason and the compliant wording under the composer.
  const mark = agent.getByTestId('compliance-mark');
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveAttribute('data-severity', 'block');
  await expect(mark).toHaveText('保本保收益');
  const hit = agent.locator('[data-testid="compliance-hit"][data-rule="guarantee.principal"]');
  await expect(hit).toContainText('保本保收益');
  await expect(hit).toContainText('该产品不保证本金安全');
  await expect(agent.getByTestId('compliance-block-reason')).toContainText('禁止发送');
  await expect(sendButton()).toBeDisabled();

  // The mark sits under its words: same top-left as the text's position in the textarea (checked via a range in the mirror).
  const aligned = await agent.evaluate(() => {
    const area = document.querySelector<HTMLTextAreaElement>('[data-testid="composer"]')!;
    const markEl = document.querySelector<HTMLElement>('[data-testid="compliance-mark"]')!;
    const a = area.getBoundingClientRect();
    const m = markEl.getBoundingClientRect();
    return m.left >= a.left && m.right <= a.right && m.top >= a.top && m.bottom <= a.bottom;
  });
  expect(aligned).toBe(true);

  await composer().press('Enter');
  await expect(composer()).toHaveValue(blocked);
  await expect(agent.getByTestId('message-list')).not.toContainText('保本保收益');

  // Shown warnings are reported to the hub's ledger once the draft has been on screen for a moment.
  await expect
    .poll(() => readLedger(hubDb).filter((r) => r.kind === 'compliance.warning_shown' && r.subject === customer.conversationId).map((r) => (r.payload as { ruleIds: string[] }).ruleIds).flat())
    .toContain('guarantee.principal');

  await agent.waitForTimeout(1000);
  await expect(customer.page.getByTestId('customer-log')).not.toContainText('保本保收益');
  expect(readHubMessages(hubDb, customer.conversationId).some((m) => m.text.includes('保本保收益'))).toBe(false);

  // One click replaces the phrase with the compliant wording; then the draft may go.
  await hit.getByTestId('compliance-replace').click();
  await expect(composer()).toHaveValue(/该产品不保证本金安全/);
  await expect(agent.getByTestId('compliance-mark')).toHaveCount(0);
  await expect(sendButton()).toBeEnabled();
  await sendButton().click();
  await expect(customer.page.getByTestId('customer-log')).toContainText('该产品不保证本金安全');
});

test('a warned draft needs an acknowledgement; cancelling keeps the draft, acknowledging sends it and records it', async () => {
  const customer = customers[0]!;
  const warned = '行情不错，建议您满仓。';
  await composer().fill(warned);
  await expect(agent.getByTestId('compliance-mark')).toHaveAttribute('data-severity', 'warn');
  await expect(agent.getByTestId('compliance-warn-note')).toBeVisible();
  await expect(sendButton()).toBeEnabled();

  await sendButton().click();
  const dialog = agent.getByTestId('ack-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('满仓');
  await agent.getByTestId('ack-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(composer()).toHaveValue(warned);

  await composer().press('Enter');
  await expect(dialog).toBeVisible();
  await expect(agent.getByTestId('ack-confirm')).toBeDisabled();
  await agent.getByTestId('ack-rule-induce.full_position').click();
  await agent.getByTestId('ack-reason').fill('客户主动询问仓位，已提示风险');
  await expect(agent.getByTestId('ack-confirm')).toBeEnabled();
  await agent.getByTestId('ack-confirm').click();

  await expect(customer.page.getByTestId('customer-log')).toContainText(warned);
  await expect(composer()).toHaveValue('');
  await expect
    .poll(() => readLedger(hubDb).find((r) => r.kind === 'compliance.acknowledged' && r.subject === customer.conversationId)?.payload)
    .toMatchObject({ ruleIds: ['induce.full_position'], reason: '客户主动询问仓位，已提示风险' });
});

test('an unsuitable product cannot be pushed: deny disables the push with the reasons (ordinary C3, R4 product)', async () => {
  const customer = await chat('C0006', '我想了解一下指数基金');
  await openProduct('EQ001');
  const check = agent.getByTestId('product-check');
  await expect(check.getByTestId('product-decision')).toHaveAttribute('data-decision', 'deny');
  await expect(check.getByTestId('product-reasons')).toContainText('C3');
  await expect(check.getByTestId('product-push')).toBeDisabled();

  // The customer asking for it changes the decision to a confirmation (the house rules' rule 4d).
  await check.getByTestId('customer-initiated').click();
  await expect(check.getByTestId('product-decision')).toHaveAttribute('data-decision', 'confirm');
  await check.getByTestId('customer-initiated').click();
  await expect(check.getByTestId('product-decision')).toHaveAttribute('data-decision', 'deny');

  await agent.waitForTimeout(500);
  expect(readHubMessages(hubDb, customer.conversationId).some((m) => m.kind === 'card')).toBe(false);
  await expect(customer.page.getByTestId('customer-card')).toHaveCount(0);
});

test('a push that needs confirmation is confirmed by the customer and shown confirmed in the deck (elderly C5, R4)', async () => {
  const customer = await chat('C0022', '有没有适合我的基金?');
  await openProduct('EQ001');
  const check = agent.getByTestId('product-check');
  await expect(check.getByTestId('product-decision')).toHaveAttribute('data-decision', 'confirm');
  await expect(check).toContainText('特别风险揭示');
  await check.getByTestId('product-push').click();

  const card = agent.locator('[data-testid="card-message"][data-product="EQ001"]');
  await expect(card.getByTestId('push-confirmation')).toHaveAttribute('data-state', 'pending');
  await expect(card.getByTestId('card-decision')).toHaveAttribute('data-decision', 'confirm');
  await expect(card).toContainText('R4');

  const confirmButton = customer.page.getByTestId('customer-confirm-push');
  await expect(confirmButton).toBeEnabled();
  await confirmButton.click();
  await expect(card.getByTestId('push-confirmation')).toHaveAttribute('data-state', 'confirmed');
  await expect(card.getByTestId('push-confirmation')).toContainText('客户已确认');

  const kinds = readLedger(hubDb).map((r) => r.kind);
  expect(kinds).toContain('suitability.pushed');
  expect(kinds).toContain('suitability.customer_confirmed');
});

test('the audit ledger verifies', () => {
  const { status, output } = verifyLedgerCli(hubDb);
  expect(status, output).toBe(0);
});
