import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startHubProcess, startWebHost, tempDir } from './support/processes';
import { DECK_LAYOUT_RULES, layoutProblems, openCustomer, openSession, sendFromDeck, signIn, type Customer } from './support/deck';

/**
 * The deck with live sessions, photographed in zh-CN and English at 100 % and 150 % font scale and once in dark, and
 * checked automatically: key elements stay inside the viewport and their containers, do not overlap their siblings,
 * and labels that must not ellipsize show their whole text. Screenshots go to test-results/screenshots/.
 */

const SHOTS_DIR = join('test-results', 'screenshots');

const VARIANTS = [
  { name: 'zh-CN-100', locale: 'zh-CN', scale: 100, theme: 'light' },
  { name: 'zh-CN-150', locale: 'zh-CN', scale: 150, theme: 'light' },
  { name: 'en-100', locale: 'en', scale: 100, theme: 'light' },
  { name: 'en-150', locale: 'en', scale: 150, theme: 'light' },
  { name: 'zh-CN-120-dark', locale: 'zh-CN', scale: 120, theme: 'dark' },
  { name: 'en-150-dark-narrow', locale: 'en', scale: 150, theme: 'dark', viewport: { width: 1280, height: 800 } },
] as const;

test.describe.configure({ mode: 'serial' });

let hub: Awaited<ReturnType<typeof startHubProcess>>;
let host: Awaited<ReturnType<typeof startWebHost>>;
let agent: Page;
const customers: Customer[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = tempDir('e2e-shots-');
  const hubDb = join(dir, 'hub.db');
  hub = await startHubProcess({ port: await freePort(), db: hubDb });
  host = await startWebHost({ dataDir: join(dir, 'ws'), hubUrl: hub.url });
  agent = await (await browser.newContext()).newPage();
  await signIn(agent, host.url, 'agent01');
  const questions = [
    '你好,我想开通创业板权限,需要满足什么条件?',
    '我的股东账户被冻结了,怎么解冻?',
    '理财产品到期兑付一般几天到账?',
    '交易密码忘记了,可以在手机上重置吗?',
    '开户的视频见证一直排队,要等多久?',
    // The sixth waits in the pool: agent01 serves at most five.
    '请问港股通开通需要多少资产?',
  ];
  for (const q of questions) customers.push(await openCustomer(browser, { url: hub.url, db: hubDb }, q));
  await expect(agent.locator('[data-testid^="pool-item-"]')).toHaveCount(1, { timeout: 15_000 });

  // A conversation with some history, a draft, and the customer typing.
  const main = customers[0]!;
  await openSession(agent, main.conversationId);
  await sendFromDeck(agent, '您好!开通创业板需要满足:前 20 个交易日日均资产不低于 10 万元,并具备 24 个月以上的 A 股交易经验。');
  await main.page.getByTestId('customer-input').fill('我去年才开户,交易经验不够两年怎么办?有没有别的办法可以先买创业板的基金?');
  await main.page.getByTestId('customer-send').click();
  await expect(agent.getByTestId('message-list')).toContainText('交易经验不够两年');
  await sendFromDeck(agent, '交易经验不足两年的话,暂时无法开通创业板股票交易权限;创业板相关的基金(如创业板指数基金)可在场外申购,不受此限制,但请注意产品风险等级需与您的风险承受能力匹配。');
  await openSession(agent, customers[1]!.conversationId);
  await sendFromDeck(agent, '您好,账户冻结一般是因为证件过期或长期未使用,请问您最近一次登录是什么时候?');
  await openSession(agent, main.conversationId);
  await agent.getByTestId('composer').fill('好的,我这边先为您查询一下适合您风险等级的');
  await main.page.getByTestId('customer-input').pressSequentially('好的谢谢', { delay: 50 });
});

test.afterAll(async () => {
  for (const c of customers) await c.context.close().catch(() => {});
  await host?.stop();
  await hub?.stop();
});

async function applyAppearance(page: Page, variant: (typeof VARIANTS)[number]) {
  const locale = await page.evaluate(() => document.documentElement.lang);
  if (locale !== variant.locale) {
    await page.getByTestId('language-switch').getByText(variant.locale === 'en' ? 'EN' : '中文', { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', variant.locale);
  }
  const fontSize = `${(14 * variant.scale) / 100}px`;
  if ((await page.evaluate(() => document.documentElement.style.fontSize)) !== fontSize) {
    await page.getByTestId('font-scale').click();
    await page.locator('.ant-select-item-option', { hasText: `${variant.scale}%` }).click();
    await expect(page.locator('html')).toHaveCSS('font-size', fontSize);
  }
  if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== variant.theme) {
    await page.getByTestId('theme-switch').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', variant.theme);
  }
  // Let tooltips and dropdowns opened by the clicks go away, and the layout settle.
  await page.mouse.move(700, 500);
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).toHaveCount(0);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

for (const variant of VARIANTS) {
  test(`deck layout: ${variant.name}`, async () => {
    await agent.setViewportSize('viewport' in variant ? variant.viewport : { width: 1440, height: 900 });
    await applyAppearance(agent, variant);
    await expect(agent.getByTestId('conversation')).toBeVisible();
    await expect(agent.getByTestId('ticket-actions')).toBeVisible();
    mkdirSync(SHOTS_DIR, { recursive: true });
    const path = join(SHOTS_DIR, `deck-${variant.name}.png`);
    await agent.screenshot({ path, animations: 'disabled' });
    await test.info().attach(`deck-${variant.name}`, { path, contentType: 'image/png' });
    // Soft, so every variant is still photographed and checked when one has a problem.
    expect.soft(await layoutProblems(agent, DECK_LAYOUT_RULES)).toEqual([]);
  });
}
