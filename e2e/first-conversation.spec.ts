import { expect, test } from '@playwright/test';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startHubProcess, startWebHost, tempDir } from './support/processes';

/**
 * Issue 2's end-to-end path: a customer on the hub's chat page and an agent on the real workstation (browser mode,
 * real services, real hub processes) talk; the hub restarts; nothing is lost and the workstation reconnects by itself.
 */
test('customer and agent converse end to end, and survive a hub restart', async ({ browser }) => {
  const dir = tempDir('e2e-first-');
  const hubPort = await freePort();
  let hub = await startHubProcess({ port: hubPort, db: join(dir, 'hub.db') });
  const host = await startWebHost({ dataDir: join(dir, 'ws'), hubUrl: hub.url });
  try {
    const agentPage = await (await browser.newContext()).newPage();
    await agentPage.goto(host.url);
    await agentPage.getByTestId('demo-account-agent01').click();
    await expect(agentPage.getByTestId('connection-state')).toHaveAttribute('data-state', 'online');

    const customerPage = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
    await customerPage.goto(hub.url);
    await expect(customerPage.getByTestId('customer-status')).toHaveText('已连接');
    await customerPage.getByTestId('customer-input').fill('你好,我想开通创业板');
    await customerPage.getByTestId('customer-send').click();

    const session = agentPage.locator('[data-testid^="session-CV-"]').first();
    await expect(session).toBeVisible();
    await session.click();
    await expect(agentPage.getByTestId('message-list')).toContainText('你好,我想开通创业板');

    await agentPage.getByTestId('composer').fill('您好!开通创业板需要满足两年交易经验和20个交易日日均资产10万元。');
    await agentPage.getByTestId('send-button').click();
    await expect(customerPage.getByTestId('customer-log')).toContainText('开通创业板需要满足两年交易经验');
    await expect(agentPage.locator('[data-testid^="message-"][data-status="sent"]')).toHaveCount(2);

    const customerOrder = async () => customerPage.locator('.msg > span:first-child').allTextContents();
    const agentOrder = async () => agentPage.locator('[data-testid^="message-"] [data-role="text"]').allTextContents();
    expect(await agentOrder()).toEqual(await customerOrder());

    // Restart the hub: history survives, and the workstation reconnects by itself.
    await hub.stop();
    await expect(agentPage.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'online');
    hub = await startHubProcess({ port: hubPort, db: join(dir, 'hub.db') });
    await expect(agentPage.getByTestId('connection-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
    await customerPage.reload();
    await expect(customerPage.getByTestId('customer-log')).toContainText('你好,我想开通创业板');
    await expect(customerPage.getByTestId('customer-log')).toContainText('开通创业板需要满足两年交易经验');

    await agentPage.getByTestId('composer').fill('重启之后也能正常收发。');
    await agentPage.getByTestId('send-button').click();
    await expect(customerPage.getByTestId('customer-log')).toContainText('重启之后也能正常收发。');
    expect(await agentOrder()).toEqual(await customerOrder());
  } finally {
    await host.stop();
    await hub.stop();
  }
});

test('a damaged local database is moved aside and rebuilt, and the agent is told so', async ({ browser }) => {
  const dir = tempDir('e2e-corrupt-');
  const wsDir = join(dir, 'ws');
  mkdirSync(wsDir, { recursive: true });
  // Not an SQLite file at all: what a disk fault or a half-copied profile leaves behind.
  writeFileSync(join(wsDir, 'workstation.db'), Buffer.from('this is not a database '.repeat(400)));
  const hub = await startHubProcess({ port: await freePort(), db: join(dir, 'hub.db') });
  const host = await startWebHost({ dataDir: wsDir, hubUrl: hub.url });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(host.url);
    const notice = page.getByTestId('startup-notice');
    await expect(notice).toContainText('本地数据文件已损坏');
    await expect(notice).toContainText('重建');
    // The damaged file is kept for support, beside the new one.
    expect(readdirSync(wsDir).some((f) => f.startsWith('workstation.db.corrupt'))).toBe(true);
    // The rebuilt database works: sign in and see the connection come up.
    await page.getByTestId('demo-account-agent01').click();
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online');
    await notice.getByRole('button', { name: '关闭' }).click();
    await expect(notice).toHaveCount(0);
  } finally {
    await host.stop();
    await hub.stop();
  }
});
