import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openHubDb } from '../server/db/open';
import { supersedeArticle } from '../server/knowledge/repository';
import { layoutProblems, openCustomer, openSession, signIn, type Customer, type LayoutRule } from './support/deck';
import { freePort, startHubProcess, startWebHost, tempDir } from './support/processes';

/**
 * Issue 5 end to end, with the real hub and one real browser-mode workstation per staff member: an agent searches
 * the local knowledge index (a two-character query, a typo, traditional characters), previews an article and quotes
 * it — a selected passage and a whole result — into the draft with its source; the hub goes down and search keeps
 * working; an article superseded meanwhile is flagged and never quoted silently; a proposal made offline fails
 * without losing the text and goes through once the hub is back; the branch lead approves it (and rejects an
 * insight, which needs a reason); the agent's panel finds the new article after a manual sync. Then the panel and the review are photographed in zh-CN and English at 100 % and 150 % and checked for
 * layout problems (test-results/screenshots/knowledge-*.png).
 */

const SHOTS = join('test-results', 'screenshots');
const QUESTION = '我想开通两融账户,需要什么条件?';
const PROPOSAL = {
  title: '融券卖出后的还券方式',
  category: '融资融券',
  tags: ['融券', '还券'],
  body: '融券卖出后可以通过两种方式归还：1. 买券还券，在二级市场买入同品种证券归还；2. 直接还券，用账户内已有的同品种证券归还。到期前未归还的，公司将按合同进行强制平仓。',
};
const INSIGHT = '客户常问视频见证能否在周末办理:周末只能填资料,见证顺延到下一交易日。';
const REJECT_REASON = '内容与现有条目重复';

test.describe.configure({ mode: 'serial' });

let dir: string;
let hubDb: string;
let hubPort: number;
let hub: Awaited<ReturnType<typeof startHubProcess>>;
let hosts: Awaited<ReturnType<typeof startWebHost>>[] = [];
let agent: Page;
let lead: Page;
let customer: Customer;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  dir = tempDir('e2e-knowledge-');
  hubDb = join(dir, 'hub.db');
  hubPort = await freePort();
  hub = await startHubProcess({ port: hubPort, db: hubDb });
  hosts = await Promise.all(['agent01', 'lead-sh'].map((name) => startWebHost({ dataDir: join(dir, name), hubUrl: hub.url })));
  agent = await (await browser.newContext()).newPage();
  await signIn(agent, hosts[0]!.url, 'agent01');
  customer = await openCustomer(browser, { url: hub.url, db: hubDb }, QUESTION);
  await expect(agent.getByTestId(`session-${customer.conversationId}`)).toBeVisible({ timeout: 20_000 });
  await openSession(agent, customer.conversationId);
});

test.afterAll(async () => {
  await customer?.context.close().catch(() => {});
  for (const h of hosts) await h.stop();
  await hub?.stop();
});

const search = (page: Page) => page.getByTestId('knowledge-search');
const result = (page: Page, id: string) => page.getByTestId(`kb-result-${id}`);
const activeResultId = async (page: Page) =>
  (await page.locator('[data-testid="kb-results"] [role="option"][aria-selected="true"]').getAttribute('data-testid'))?.replace('kb-result-', '');

/** Selects `text` inside the element with the test id, across the text nodes highlighting splits it into. */
async function selectText(page: Page, testId: string, text: string): Promise<void> {
  await page.getByTestId(testId).evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    while (walker.nextNode()) nodes.push(walker.currentNode as Text);
    const all = nodes.map((n) => n.data).join('');
    const start = all.indexOf(wanted);
    if (start < 0) throw new Error(`"${wanted}" is not in the element`);
    const locate = (offset: number, isEnd: boolean) => {
      let at = 0;
      for (const n of nodes) {
        if (offset < at + n.data.length || (isEnd && offset === at + n.data.length)) return { node: n, offset: offset - at };
        at += n.data.length;
      }
      throw new Error('offset past the end');
    };
    const a = locate(start, false);
    const b = locate(start + wanted.length, true);
    const range = document.createRange();
    range.setStart(a.node, a.offset);
    range.setEnd(b.node, b.offset);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, text);
}

async function signInLead(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(hosts[1]!.url);
  await page.getByTestId('demo-account-lead-sh').click();
  await expect(page.getByTestId('lead-workspace')).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  return page;
}

test('the agent searches as they type, previews and quotes with the source; search keeps working offline', async () => {
  await agent.getByTestId('side-tab-knowledge').click();
  const sync = agent.getByTestId('kb-sync');
  await expect(sync).toHaveAttribute('data-status', 'caught-up');
  await expect(sync).toHaveAttribute('data-articles', '176');

  // With the search box empty, the panel suggests articles for the customer's latest message.
  await expect(agent.getByTestId('kb-suggest-for')).toHaveText(QUESTION);
  // (Which articles is the index's business; the panel must show its confident ones, highlighted.)
  await expect(agent.getByTestId('kb-suggestions').getByRole('option').first()).toBeVisible();
  await expect(agent.getByTestId('kb-suggestions').getByTestId('kb-snippet').locator('mark').first()).toBeVisible();

  // Ctrl+K from the composer focuses the search box.
  await agent.getByTestId('composer').click();
  await agent.keyboard.press('Control+k');
  await expect(search(agent)).toBeFocused();

  // Two characters: a synonym of 融资融券, highlighted where the article says it.
  await search(agent).pressSequentially('两融', { delay: 30 });
  await expect(result(agent, 'KB-0069')).toBeVisible();
  await expect(agent.getByTestId('kb-summary')).toHaveAttribute('data-confident', 'true');
  await expect(result(agent, 'KB-0069').getByTestId('kb-snippet').locator('mark').first()).toHaveText('融资融券');
  await expect(result(agent, 'KB-0069').getByTestId('kb-score')).toHaveText(/^\d{1,3}%$/);

  // A typo (版 for 板) and traditional characters find the same articles as the right spelling.
  await search(agent).fill('创业版');
  await expect(result(agent, 'KB-0039')).toBeVisible();
  await expect(result(agent, 'KB-0039').getByTestId('kb-snippet').locator('mark').first()).toHaveText('创业板');
  await search(agent).fill('兩融');
  await expect(result(agent, 'KB-0069')).toBeVisible();

  // Nothing answers 比特币: the panel says so, still lists the weak results, marked, and offers to contribute.
  await search(agent).fill('比特币');
  await expect(agent.getByTestId('kb-no-match')).toBeVisible();
  await expect(agent.getByTestId('kb-results')).toHaveAttribute('data-weak', 'true');
  await expect(agent.getByTestId('kb-results').getByRole('option').first()).toBeVisible();
  // No weak result is preselected, so Ctrl+Enter cannot quote one by accident.
  await expect(agent.getByTestId('kb-results').locator('[aria-selected="true"]')).toHaveCount(0);
  await agent.getByTestId('kb-propose-from-search').click();
  await expect(agent.getByTestId('kb-propose-title')).toHaveValue('比特币');
  await agent.getByTestId('kb-propose-cancel').click();
  await search(agent).fill('兩融');
  await expect(result(agent, 'KB-0069')).toBeVisible();

  // ↑/↓ move through the results, Enter previews the active one.
  const first = await activeResultId(agent);
  expect(first).toBeTruthy();
  await search(agent).press('ArrowDown');
  const second = await activeResultId(agent);
  expect(second).not.toBe(first);
  await search(agent).press('ArrowUp');
  expect(await activeResultId(agent)).toBe(first);
  while ((await activeResultId(agent)) !== 'KB-0069') await search(agent).press('ArrowDown');
  await search(agent).press('Enter');
  const preview = agent.getByTestId('kb-preview');
  await expect(preview).toHaveAttribute('data-article-id', 'KB-0069');
  await expect(preview.getByTestId('kb-preview-meta')).toContainText('KB-0069 · v1');
  await expect(preview.getByTestId('kb-preview-meta')).toContainText('知识库管理员');
  await expect(preview.getByTestId('kb-preview-body')).toContainText('日均资产不低于50万元');

  // Select a passage and quote just that: it lands in the draft with the article's title, id and version.
  const passage = '申请前20个交易日证券账户日均资产不低于50万元';
  await selectText(agent, 'kb-preview-body', passage);
  await expect(preview.getByTestId('kb-preview-quote')).toHaveAttribute('data-selection', 'passage');
  await preview.getByTestId('kb-preview-quote').click();
  const composer = agent.getByTestId('composer');
  await expect(composer).toHaveValue(`…${passage}…\n——《融资融券开户条件》[KB-0069 v1]\n`);

  // Back to the results (Esc), and Ctrl+Enter quotes the active result at the cursor, after what is there.
  await search(agent).focus();
  await search(agent).press('Escape');
  await expect(agent.getByTestId('kb-results')).toBeVisible();
  await search(agent).fill('创业版');
  await expect(result(agent, 'KB-0039')).toBeVisible();
  const quoted = await activeResultId(agent);
  await search(agent).press('Control+Enter');
  await expect(composer).toHaveValue(new RegExp(`^…${passage}…\\n——《融资融券开户条件》\\[KB-0069 v1\\]\\n[^—]+\\n——《[^》]+》\\[${quoted} v1\\]\\n$`));

  // The agent sends the draft: the customer reads the quotes with their sources.
  await agent.getByTestId('send-button').click();
  await expect(customer.page.getByTestId('customer-log')).toContainText('——《融资融券开户条件》[KB-0069 v1]');
  await expect(composer).toHaveValue('');

  // The hub goes down: the panel says so, and search still answers from the local index.
  await hub.stop();
  await expect(agent.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'online');
  await expect(agent.getByTestId('kb-sync')).toHaveAttribute('data-status', 'offline');
  await search(agent).fill('开户视频见证');
  await expect(result(agent, 'KB-0002')).toBeVisible();
  await search(agent).fill('两融');
  await expect(result(agent, 'KB-0069')).toBeVisible();
});

test('a superseded article is never quoted silently; a proposal survives a failed submission, the lead approves it, the agent finds it after a sync', async ({ browser }) => {
  test.setTimeout(150_000);
  // Offline, the proposal cannot reach the hub: the dialog says so and keeps everything typed.
  await agent.getByTestId('kb-propose').click();
  await agent.getByTestId('kb-propose-title').fill(PROPOSAL.title);
  await agent.getByTestId('kb-propose-category').locator('input').fill(PROPOSAL.category);
  const tags = agent.getByTestId('kb-propose-tags').locator('input');
  for (const tag of PROPOSAL.tags) {
    await tags.fill(tag);
    await tags.press('Enter');
  }
  await agent.getByTestId('kb-propose-body').fill(PROPOSAL.body);
  await agent.getByTestId('kb-propose-submit').click();
  await expect(agent.getByTestId('kb-propose-error')).toBeVisible();
  await agent.getByTestId('kb-propose-cancel').click();
  await expect(agent.getByTestId('kb-propose-form')).toBeHidden();

  // Meanwhile the knowledge base manager replaces KB-0003 with KB-0001, while the agent reads KB-0003.
  await search(agent).fill('开户需要满足哪些条件');
  await result(agent, 'KB-0003').click();
  await expect(agent.getByTestId('kb-preview')).toHaveAttribute('data-superseded', 'false');
  const hubDbHandle = openHubDb(hubDb);
  try {
    supersedeArticle(hubDbHandle, 'KB-0003', 'KB-0001');
  } finally {
    hubDbHandle.close();
  }

  // The hub comes back on the same port; the workstation reconnects and syncs by itself: the preview now warns.
  hub = await startHubProcess({ port: hubPort, db: hubDb });
  await expect(agent.getByTestId('connection-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await expect(agent.getByTestId('kb-preview')).toHaveAttribute('data-superseded', 'true');
  await expect(agent.getByTestId('kb-preview-superseded')).toContainText('个人投资者线上开户流程');
  // Quoting it is never silent: the agent is asked, and quotes the replacement instead.
  await agent.getByTestId('kb-preview-quote').click();
  await expect(agent.getByTestId('kb-quote-new')).toBeVisible();
  await agent.getByTestId('kb-quote-new').click();
  await expect(agent.getByTestId('composer')).toHaveValue(/——《个人投资者线上开户流程》\[KB-0001 v1\]\n$/);
  await expect(agent.getByTestId('composer')).not.toHaveValue(/KB-0003/);
  await agent.getByTestId('kb-preview-back').click();

  // The proposal typed offline is still there; the same click now submits it.
  await agent.getByTestId('kb-propose').click();
  await expect(agent.getByTestId('kb-propose-title')).toHaveValue(PROPOSAL.title);
  await expect(agent.getByTestId('kb-propose-body')).toHaveValue(PROPOSAL.body);
  await agent.getByTestId('kb-propose-submit').click();
  await expect(agent.getByTestId('kb-contributed')).toContainText(PROPOSAL.title);
  await expect(agent.getByTestId('kb-propose-form')).toBeHidden();

  // An insight on an article, which the lead will reject.
  await search(agent).fill('视频见证');
  await result(agent, 'KB-0002').click();
  await expect(agent.getByTestId('kb-preview')).toHaveAttribute('data-article-id', 'KB-0002');
  await agent.getByTestId('kb-insight').click();
  await agent.getByTestId('kb-insight-text').fill(INSIGHT);
  await agent.getByTestId('kb-insight-submit').click();
  await expect(agent.getByTestId('kb-contributed')).toContainText('KB-0002');

  // The branch lead reviews both in the lead workspace.
  lead = await signInLead(browser);
  await lead.getByTestId('lead-tab-knowledge').click();
  await expect(lead.getByTestId('lead-tab-knowledge-count')).toContainText('2');
  const proposal = lead.locator('[data-testid^="kb-contribution-"][data-kind="proposal"]');
  const insight = lead.locator('[data-testid^="kb-contribution-"][data-kind="insight"]');
  await expect(proposal).toHaveCount(1);
  await expect(proposal.getByTestId('kb-contribution-title')).toHaveText(PROPOSAL.title);
  await expect(proposal).toContainText('王晓雯');
  await expect(insight.getByTestId('kb-contribution-title')).toContainText('开户视频见证的时间与常见失败原因');
  await expect(insight.getByTestId('kb-contribution-body')).toHaveText(INSIGHT);

  // A rejection needs a reason.
  const insightId = (await insight.getAttribute('data-testid'))!.replace('kb-contribution-', '');
  await lead.getByTestId(`kb-reject-${insightId}`).click();
  const confirmReject = lead.getByTestId(`kb-reject-confirm-${insightId}`);
  await expect(confirmReject).toBeDisabled();
  await lead.getByTestId(`kb-reject-reason-${insightId}`).fill(REJECT_REASON);
  await expect(confirmReject).toBeEnabled();
  await confirmReject.click();
  await expect(insight).toHaveCount(0);

  const proposalId = (await proposal.getAttribute('data-testid'))!.replace('kb-contribution-', '');
  await lead.getByTestId(`kb-approve-${proposalId}`).click();
  await expect(lead.locator('.ant-message')).toContainText('KB-0177');
  await expect(lead.getByTestId('kb-review-empty')).toBeVisible();

  // The agent refreshes the knowledge panel and finds the new article.
  await agent.getByTestId('kb-preview-back').click();
  await agent.getByTestId('kb-refresh').click();
  await expect(agent.getByTestId('kb-sync')).toHaveAttribute('data-articles', '177');
  await expect(agent.getByTestId('kb-sync')).toHaveAttribute('data-status', 'caught-up');
  await search(agent).fill('还券方式');
  await expect(result(agent, 'KB-0177')).toBeVisible();
  await result(agent, 'KB-0177').click();
  await expect(agent.getByTestId('kb-preview-meta')).toContainText('KB-0177 · v1');
  await expect(agent.getByTestId('kb-preview-body')).toContainText('买券还券');
});

// ------------------------------------------------------------------------------------------------ screenshots

const VARIANTS = [
  { name: 'zh-CN-100', locale: 'zh-CN', scale: 100 },
  { name: 'zh-CN-150', locale: 'zh-CN', scale: 150 },
  { name: 'en-100', locale: 'en', scale: 100 },
  { name: 'en-150', locale: 'en', scale: 150 },
] as const;

const PANEL_RULES: LayoutRule[] = [
  { name: 'side panel tabs', selector: '[data-testid^="side-tab-"]', container: '.ws-side', noOverlap: true, noTruncation: true },
  { name: 'knowledge panel', selector: '[data-testid="knowledge-panel"]', container: '.ws-side', scrolls: true },
  { name: 'search and sync', selector: '.ws-kb-top > *', container: '.ws-kb-top', noOverlap: true },
  { name: 'sync line', selector: '.ws-kb-sync > *', container: '.ws-kb-sync', noOverlap: true },
  { name: 'results', selector: '.ws-kb-result', container: '.ws-side', scrolls: true, noOverlap: true },
  { name: 'result heads', selector: '.ws-kb-result-head > *', container: '.ws-kb-result', scrolls: true, noOverlap: true, noTruncation: '.ws-kb-score' },
  { name: 'result feet', selector: '.ws-kb-result-foot > *', container: '.ws-kb-result', scrolls: true, noOverlap: true, noTruncation: '.ws-kb-source' },
  { name: 'panel foot', selector: '.ws-kb-foot > *', container: '.ws-kb-foot', scrolls: true, noOverlap: true, noTruncation: '.ant-btn > span:not(.anticon)' },
];
const PREVIEW_RULES: LayoutRule[] = [
  { name: 'preview', selector: '[data-testid="kb-preview"] > *', container: '.ws-side', scrolls: true },
  { name: 'preview facts', selector: '.ws-kb-facts > *', container: '.ws-kb-facts', scrolls: true, noOverlap: true },
  { name: 'preview actions', selector: '.ws-kb-preview .ws-kb-actions .ant-btn', container: '.ws-kb-actions', scrolls: true, noOverlap: true, noTruncation: '.ant-btn > span:not(.anticon)' },
];
const REVIEW_RULES: LayoutRule[] = [
  { name: 'lead tabs', selector: '.ws-lead-tabs .ant-tabs-tab', noOverlap: true, noTruncation: '.ws-lead-tab > span' },
  { name: 'review head', selector: '.ws-kb-review-head > *', container: '.ws-kb-review-head', noOverlap: true, noTruncation: true },
  { name: 'contribution cards', selector: '.ws-kb-card', container: '.ws-kb-review', scrolls: true, noOverlap: true },
  { name: 'card actions', selector: '.ws-kb-card .ws-kb-actions .ant-btn', container: '.ws-kb-card', scrolls: true, noOverlap: true, noTruncation: '.ant-btn > span:not(.anticon)' },
];

async function applyAppearance(page: Page, variant: (typeof VARIANTS)[number]) {
  if ((await page.evaluate(() => document.documentElement.lang)) !== variant.locale) {
    await page.getByTestId('language-switch').getByText(variant.locale === 'en' ? 'EN' : '中文', { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', variant.locale);
  }
  const fontSize = `${(14 * variant.scale) / 100}px`;
  if ((await page.evaluate(() => document.documentElement.style.fontSize)) !== fontSize) {
    await page.getByTestId('font-scale').click();
    await page.locator('.ant-select-item-option', { hasText: `${variant.scale}%` }).click();
    await expect(page.locator('html')).toHaveCSS('font-size', fontSize);
  }
  await page.mouse.move(700, 500);
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await expect(page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')).toHaveCount(0);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function shoot(page: Page, name: string, rules: LayoutRule[]) {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `knowledge-${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  await test.info().attach(name, { path, contentType: 'image/png' });
  expect.soft(await layoutProblems(page, rules), name).toEqual([]);
}

test('the knowledge panel and the review look right in both languages at 100 % and 150 %', async () => {
  test.setTimeout(150_000);
  // Something waiting for review, for the lead's screenshots.
  await agent.getByTestId('kb-preview-back').click();
  await agent.getByTestId('kb-propose').click();
  await agent.getByTestId('kb-propose-title').fill('港股通交收日与A股不同');
  await agent.getByTestId('kb-propose-category').locator('input').fill('港股通');
  await agent.getByTestId('kb-propose-body').fill('港股通实行T+2交收，卖出港股后资金T+2日才可取出，但T+0日即可用于买入A股以外的港股通股票。节假日安排以交易所公告为准。');
  await agent.getByTestId('kb-propose-submit').click();
  await expect(agent.getByTestId('kb-contributed')).toContainText('港股通交收日');
  await agent.locator('[data-testid="kb-contributed"] .ant-alert-close-icon').click();
  await lead.getByTestId('kb-review-reload').click();
  await expect(lead.locator('[data-testid^="kb-contribution-"][data-kind]')).toHaveCount(1);

  for (const variant of VARIANTS) {
    await applyAppearance(agent, variant);
    await search(agent).fill('两融');
    await expect(result(agent, 'KB-0069')).toBeVisible();
    await shoot(agent, `results-${variant.name}`, PANEL_RULES);
    await result(agent, 'KB-0069').click();
    await expect(agent.getByTestId('kb-preview')).toHaveAttribute('data-article-id', 'KB-0069');
    await shoot(agent, `preview-${variant.name}`, PREVIEW_RULES);
    await search(agent).fill('比特币');
    await expect(agent.getByTestId('kb-no-match')).toBeVisible();
    await shoot(agent, `nomatch-${variant.name}`, PANEL_RULES);
    await search(agent).fill('');

    await applyAppearance(lead, variant);
    await expect(lead.locator('[data-testid^="kb-contribution-"][data-kind]')).toHaveCount(1);
    await shoot(lead, `review-${variant.name}`, REVIEW_RULES);
  }
});
