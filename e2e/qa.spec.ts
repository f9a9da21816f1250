import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from '../server/testing/clients';
import type { ConversationSummary, CustomerHello } from '../shared/protocol/hub';
import { layoutProblems, type LayoutRule } from './support/deck';
import { freePort, startHubProcess, startWebHost, tempDir } from './support/processes';

/**
 * Issue 8 end to end, on a real hub process and the browser-mode workstation: finished sessions are made quickly
 * over sockets; then in Chromium the branch reviewer draws a sample and sees why each session is in it, replays and
 * scores; head office spot-checks blind and scores; the agent sees the result in the deck and appeals; the branch
 * lead overturns it in the lead workspace; the report reflects all of it. Screenshots (zh-CN and en) go to
 * test-results/screenshots/qa-*.png, with a layout check on each.
 */

const SHOTS_DIR = join('test-results', 'screenshots');

// A step that cannot happen should fail with its own message, not run into the test's timeout.
test.use({ actionTimeout: 15_000 });

const QA_LAYOUT_RULES: LayoutRule[] = [
  { name: 'header controls', selector: '[data-testid="header-controls"] > *', container: '.ws-header', noOverlap: true },
  { name: 'workspace tabs', selector: '.ws-qa-tabs .ant-tabs-tab', noOverlap: true, noTruncation: true },
];
const REPLAY_LAYOUT_RULES: LayoutRule[] = [
  ...QA_LAYOUT_RULES,
  { name: 'replay columns', selector: '.ws-qa-messages, .ws-qa-timeline, .ws-qa-side', noOverlap: true },
  { name: 'message bubbles', selector: '.ws-qa-bubble', container: '.ws-qa-messages', scrolls: true },
  { name: 'scorecard rows', selector: '.ws-qa-criterion', container: '.ws-qa-side', scrolls: true },
  { name: 'scorecard row parts', selector: '.ws-qa-criterion > *', container: '.ws-qa-criterion', scrolls: true, noOverlap: true },
];

interface Script {
  customerId: string;
  customer: string[];
  agent: string[];
  blocked?: boolean;
  csat: number;
}

/** One finished session of a BR-SH01 demo customer served by agent01 (as in server/qa.test.ts). */
async function finishedSession(hubUrl: string, agent: Socket, lead: Socket, script: Script): Promise<string> {
  const session = await customerSession(hubUrl, { customerId: script.customerId });
  const customer = connectSocket(hubUrl, session.token);
  try {
    await waitConnected(customer);
    const hello = await request<CustomerHello>(customer, 'customer.hello', {});
    if (!hello.ok) throw new Error(hello.error.message);
    const id = hello.value.conversationId;
    const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (s) => s.id === id && s.ownerId === 'agent01', 10_000);
    let n = 0;
    const tag = `${script.customerId}-${Date.now().toString(36)}`;
    await request(customer, 'msg.send', { conversationId: id, clientMsgId: `${tag}-c-${n++}`, text: script.customer[0] });
    await assigned;
    if (script.blocked) {
      const blocked = await request(agent, 'msg.send', { conversationId: id, clientMsgId: `${tag}-blocked`, text: '这款产品保本保收益' });
      expect(blocked.ok, 'the hub blocks a promise of returns').toBe(false);
    }
    for (const text of script.agent) expect(await request(agent, 'msg.send', { conversationId: id, clientMsgId: `${tag}-a-${n++}`, text })).toMatchObject({ ok: true });
    for (const text of script.customer.slice(1)) await request(customer, 'msg.send', { conversationId: id, clientMsgId: `${tag}-c-${n++}`, text });
    const summary = await request<ConversationSummary[]>(agent, 'conv.list', {});
    if (summary.ok && summary.value.find((c) => c.id === id)?.state === 'escalated') await request(lead, 'lead.return', { conversationId: id, guidance: '请耐心解释' });
    expect(await request(agent, 'ticket.resolve', { conversationId: id }), `resolve ${script.customerId}`).toMatchObject({ ok: true });
    expect(await request(customer, 'csat.submit', { conversationId: id, score: script.csat })).toMatchObject({ ok: true });
    expect(await request(agent, 'ticket.close', { conversationId: id }), `close ${script.customerId}`).toMatchObject({ ok: true });
    return id;
  } finally {
    customer.close();
  }
}

async function staffSocket(hubUrl: string, username: string): Promise<Socket> {
  const { token } = await loginStaff(hubUrl, username);
  const socket = connectSocket(hubUrl, token);
  await waitConnected(socket);
  return socket;
}

/**
 * The browser-mode host is one workstation with one signed-in user, as a desktop is: people take turns on it, so
 * the roles sign out and in on the same page.
 */
async function signInAs(page: Page, hostUrl: string, username: string, ready: string): Promise<void> {
  if (page.url() === 'about:blank') await page.goto(hostUrl);
  if (await page.getByTestId('sign-out').isVisible()) await page.getByTestId('sign-out').click();
  await page.getByTestId(`demo-account-${username}`).click();
  await expect(page.getByTestId(ready)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
}

async function setPoints(card: Locator, criterionId: string, points: number): Promise<void> {
  const input = card.getByTestId(`criterion-${criterionId}`).locator('input');
  await input.fill(String(points));
  await input.press('Tab');
}

/**
 * Checks the layout and photographs the page in zh-CN and in English (then switches back to zh-CN). `overlay`
 * opens a drawer or dialog for the picture (the language switch is underneath it) and closes it afterwards.
 */
async function shoot(page: Page, name: string, rules: LayoutRule[], overlay?: { open(): Promise<void>; close(): Promise<void> }): Promise<void> {
  for (const [label, locale] of [['中文', 'zh-CN'], ['EN', 'en']] as const) {
    await page.getByTestId('language-switch').getByText(label, { exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await overlay?.open();
    // Let charts and fonts settle: wait for fonts and two animation frames rather than a fixed sleep.
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
    // No tooltip from the language switch, no toast left over from an earlier step.
    await page.mouse.move(2, page.viewportSize()!.height - 2);
    await expect(page.locator('.ant-message-notice, .ant-tooltip:not(.ant-tooltip-hidden)')).toHaveCount(0, { timeout: 10_000 });
    expect(await layoutProblems(page, rules), `layout of ${name} (${locale})`).toEqual([]);
    await page.screenshot({ path: join(SHOTS_DIR, `qa-${name}-${locale}.png`) });
    await overlay?.close();
  }
  await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
}

test('QA: sample, replay and score, blind spot check, appeal, decision and report', async ({ browser }) => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS_DIR, { recursive: true });
  const dir = tempDir('e2e-qa-');
  const hub = await startHubProcess({ port: await freePort(), db: join(dir, 'hub.db') });
  const host = await startWebHost({ dataDir: join(dir, 'ws'), hubUrl: hub.url });
  try {
    // ---- finished sessions, made quickly over sockets ----
    const agentSocket = await staffSocket(hub.url, 'agent01');
    const leadSocket = await staffSocket(hub.url, 'lead-sh');
    const blocked = await finishedSession(hub.url, agentSocket, leadSocket, {
      customerId: 'C0005',
      customer: ['有没有稳健一点的理财产品?'],
      agent: ['您好,我们有多款中低风险的理财产品,过往业绩不代表未来表现。'],
      blocked: true,
      csat: 4,
    });
    const lowCsat = await finishedSession(hub.url, agentSocket, leadSocket, {
      customerId: 'C0011',
      customer: ['怎么开通创业板?', '就这样?'],
      agent: ['需要两年交易经验。'],
      csat: 1,
    });
    const plain = await finishedSession(hub.url, agentSocket, leadSocket, { customerId: 'C0031', customer: ['交易密码忘了怎么办?'], agent: ['您可以在App上重置交易密码。'], csat: 5 });
    agentSocket.close();
    leadSocket.close();

    // ---- qa01 (branch): draw a sample and see why each session is in it ----
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    const qa = page;
    await signInAs(page, host.url, 'qa01', 'qa-workspace');
    await expect(qa.getByTestId('qa-workspace')).toHaveAttribute('data-level', 'branch');
    await qa.getByTestId('sample-seed').fill('e2e-week-1');
    await qa.getByTestId('sample-draw').click();
    const result = qa.getByTestId('sample-result');
    await expect(result).toBeVisible();
    await expect(result.getByTestId(`sample-item-${blocked}`).getByTestId('reason-compliance_block')).toHaveText('合规拦截');
    await expect(result.getByTestId(`sample-item-${lowCsat}`).getByTestId('reason-low_csat')).toHaveText('低满意度');
    const drawnIds = async () => result.locator('[data-testid^="sample-item-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    const firstDraw = await drawnIds();
    expect(firstDraw.length).toBeGreaterThanOrEqual(2);
    await expect(qa.getByTestId('sample-drawn')).toHaveAttribute('data-drawn', String(firstDraw.length));
    // The same seed draws the same sample again: reproducible for audit.
    const firstSampleId = await result.getAttribute('data-sample-id');
    await qa.getByTestId('sample-draw').click();
    await expect(result).not.toHaveAttribute('data-sample-id', firstSampleId!);
    expect(await drawnIds()).toEqual(firstDraw);
    await shoot(qa, 'sample', QA_LAYOUT_RULES);

    // ---- replay the blocked session: timeline, pinned comment, scorecard ----
    await result.getByTestId(`open-replay-${blocked}`).click();
    const replay = qa.getByTestId('replay');
    await expect(replay).toHaveAttribute('data-conversation-id', blocked);
    await expect(replay.getByTestId('replay-day')).toHaveCount(1);
    await expect(replay.getByTestId('replay-messages')).toContainText('过往业绩不代表未来表现');
    await expect(replay.getByTestId('replay-messages')).not.toContainText('保本保收益'); // a blocked message never reached the conversation
    const timeline = replay.getByTestId('replay-timeline');
    await expect(timeline.locator('[data-testid="timeline-compliance"][data-detail="block"]')).toHaveCount(1);
    await expect(timeline.locator('[data-testid="timeline-transition"][data-detail="closed"]')).toHaveCount(1);
    await expect(timeline.locator('[data-testid="timeline-transition"][data-detail="resolved"]')).toHaveCount(1);
    await expect(replay.getByTestId('replay-csat')).toContainText('4');

    const firstCustomer = replay.locator('[data-sender="customer"]').first();
    await firstCustomer.locator('.ws-qa-bubble').click();
    await replay.getByTestId('comment-input').fill('客户需求识别及时,但应先做风险测评提示');
    await replay.getByTestId('comment-save').click();
    await expect(firstCustomer.getByTestId('replay-comment')).toContainText('应先做风险测评提示');

    const card = replay.getByTestId('scorecard');
    const live = card.getByTestId('score-live');
    await expect(live).toHaveAttribute('data-verdict', 'pending');
    await card.getByTestId('score-full-marks').click();
    await expect(card.getByTestId('score-total')).toHaveText('100');
    await expect(live).toHaveAttribute('data-verdict', 'pass');
    // A failed critical item fails the session at full points; passing it again restores the verdict.
    await card.getByTestId('critical-promised_returns').getByText('违反', { exact: true }).click();
    await expect(live).toHaveAttribute('data-verdict', 'fail');
    await expect(card.getByTestId('score-total')).toHaveText('100');
    await card.getByTestId('critical-promised_returns').getByText('未违反').click();
    await expect(live).toHaveAttribute('data-verdict', 'pass');
    await card.getByTestId('score-notes').fill('拦截后及时改用合规表述,服务规范。');
    await shoot(qa, 'replay', REPLAY_LAYOUT_RULES);
    await card.getByTestId('score-submit').click();
    await expect(card.getByTestId('score-submit')).toHaveText('更新评分');

    // ---- the queue: the scored session left it; score the low-CSAT one below the pass mark ----
    await qa.getByTestId('qa-tab-queue').click();
    const queue = qa.getByTestId('qa-queue');
    await expect(queue.getByTestId(`queue-item-${lowCsat}`)).toHaveAttribute('data-status', 'pending');
    await expect(queue.getByTestId(`queue-item-${blocked}`)).toHaveCount(0);
    await queue.getByTestId(`review-${lowCsat}`).click();
    await expect(replay).toHaveAttribute('data-conversation-id', lowCsat);
    await card.getByTestId('score-full-marks').click();
    await setPoints(card, 'accuracy', 2); // weight 30 of 10 points: −24
    await setPoints(card, 'empathy', 1); // weight 10 of 5 points: −8
    await expect(card.getByTestId('score-total')).toHaveText('68');
    await expect(live).toHaveAttribute('data-verdict', 'fail');
    await card.getByTestId('score-notes').fill('解答过于简略,未说明开通条件的具体要求。');
    await card.getByTestId('score-submit').click();
    await expect(card.getByTestId('score-submit')).toHaveText('更新评分');

    // ---- qa-hq (head office): blind spot check ----
    const hq = page;
    await signInAs(page, host.url, 'qa-hq', 'qa-workspace');
    await expect(hq.getByTestId('qa-workspace')).toHaveAttribute('data-level', 'head_office');
    const spot = hq.getByTestId('qa-spotchecks');
    const task = spot.locator('[data-testid^="spot-task-"]');
    await expect(task).toHaveCount(1); // ceil(10 % of BR-SH01's two reviews)
    await expect(task).toHaveAttribute('data-done', 'false');
    const checked = (await task.getAttribute('data-testid'))!.slice('spot-task-'.length);
    expect([blocked, lowCsat]).toContain(checked);
    await expect(spot).not.toContainText('合格'); // no verdict, no score of the branch
    await spot.getByTestId(`spot-review-${checked}`).click();
    const hqReplay = hq.getByTestId('replay');
    await expect(hqReplay).toHaveAttribute('data-conversation-id', checked);
    await expect(hqReplay.getByTestId('blind-notice')).toBeVisible();
    await expect(hqReplay.getByTestId('review-comparison')).toHaveCount(0);
    const hqCard = hqReplay.getByTestId('scorecard');
    await expect(hqCard.getByTestId('score-total')).toHaveText('0');
    await hqCard.getByTestId('score-full-marks').click();
    await hqCard.getByTestId('critical-missing_suitability_notice').getByText('违反', { exact: true }).click();
    await hqCard.getByTestId('score-notes').fill('推介理财产品前未提示适当性风险。');
    await hqCard.getByTestId('score-submit').click();
    // Once head office has scored, both levels are shown side by side.
    const branchTotal = checked === blocked ? 100 : 68;
    await expect(hqReplay.getByTestId('compare-branch')).toHaveAttribute('data-total', String(branchTotal));
    await expect(hqReplay.getByTestId('compare-head_office')).toHaveAttribute('data-total', '100');
    await hqReplay.getByTestId('review-comparison').scrollIntoViewIfNeeded();
    await shoot(hq, 'spot-check', REPLAY_LAYOUT_RULES);
    await hq.getByTestId('qa-tab-disagreements').click();
    await expect(hq.getByTestId(`disagreement-${checked}`)).toBeVisible();

    // ---- agent01: sees the results in the deck and appeals the failed one ----
    const agent = page;
    await signInAs(page, host.url, 'agent01', 'deck');
    await agent.getByTestId('my-qa-results').click();
    const mine = agent.getByTestId('my-qa-list');
    const failed = mine.getByTestId(`my-result-${lowCsat}`);
    await expect(failed).toHaveAttribute('data-passed', 'false');
    await expect(failed).toHaveAttribute('data-total', '68');
    await expect(failed.getByTestId('my-result-notes')).toContainText('解答过于简略');
    await expect(mine.getByTestId(`my-result-${blocked}`)).toHaveAttribute('data-passed', 'true');
    await expect(mine.getByTestId(`my-result-${plain}`)).toHaveCount(0); // not reviewed, not published
    await failed.getByTestId('my-result-replay').click();
    const agentReplay = agent.getByRole('dialog').getByTestId('replay');
    await expect(agentReplay).toHaveAttribute('data-conversation-id', lowCsat);
    await expect(agentReplay.getByTestId('replay-result')).toHaveAttribute('data-total', '68');
    await expect(agentReplay.getByTestId('comment-form')).toHaveCount(0);
    await expect(agentReplay.getByTestId('scorecard')).toHaveCount(0);
    await agent.keyboard.press('Escape');
    await expect(agentReplay).toHaveCount(0);
    await failed.getByTestId('appeal-open').click();
    await failed.getByTestId('appeal-reason').fill('客户只问了开通条件,我已准确回答两年经验要求,低分系客户对规则不满。');
    await failed.getByTestId('appeal-submit').click();
    await expect(failed).toHaveAttribute('data-status', 'appealed');
    await expect(failed.getByTestId('appeal-event-appealed')).toContainText('低分系客户对规则不满');
    await expect(failed.getByTestId('appeal-open')).toHaveCount(0);

    await agent.locator('.ant-drawer-close').click();
    await expect(agent.getByTestId('my-qa-list')).toHaveCount(0);

    // ---- lead-sh decides in the lead workspace: overturned to a pass ----
    const lead = page;
    await signInAs(page, host.url, 'lead-sh', 'lead-workspace');
    await lead.getByTestId('lead-tab-appeals').click();
    await expect(lead.getByTestId(`appeal-${lowCsat}`)).toHaveAttribute('data-status', 'appealed');
    await lead.getByTestId(`appeal-decide-${lowCsat}`).click();
    const dialog = lead.getByTestId('decide-dialog');
    await dialog.getByTestId('decide-overturn').click();
    await dialog.locator('input[data-testid="decide-score"], [data-testid="decide-score"] input').fill('85');
    await dialog.getByTestId('decide-pass').click();
    await dialog.locator('textarea[data-testid="decide-notes"], [data-testid="decide-notes"] textarea').fill('复核全程,解答准确,改判合格。');
    await lead.getByTestId('decide-ok').click();
    await expect(dialog).toHaveCount(0);

    // The agent sees the decision in the history.
    await signInAs(page, host.url, 'agent01', 'deck');
    await agent.getByTestId('my-qa-results').click();
    await expect(failed).toHaveAttribute('data-status', 'overturned');
    await expect(failed).toHaveAttribute('data-total', '85');
    await expect(failed.getByTestId('appeal-event-overturned')).toContainText('68 → 85');

    const drawer = {
      open: async () => {
        await agent.getByTestId('my-qa-results').click();
        await expect(failed).toHaveAttribute('data-status', 'overturned');
        await expect(failed).toBeInViewport({ ratio: 1 }); // the drawer has finished sliding in
      },
      close: async () => {
        await agent.locator('.ant-drawer-close').click();
        await expect(agent.getByTestId('my-qa-list')).toHaveCount(0);
      },
    };
    await drawer.close();
    const modalReplay = agent.locator('.ant-modal').getByTestId('replay');
    await shoot(agent, 'mine-replay', [{ name: 'read-only replay columns', selector: '.ant-modal .ws-qa-messages, .ant-modal .ws-qa-timeline, .ant-modal .ws-qa-side', noOverlap: true }], {
      open: async () => {
        await drawer.open();
        await failed.getByTestId('my-result-replay').click();
        await expect(modalReplay.getByTestId('replay-overturned')).toContainText('85');
        await expect(modalReplay.getByTestId('replay-result')).toBeInViewport({ ratio: 1 });
      },
      close: async () => {
        await agent.keyboard.press('Escape');
        await expect(modalReplay).toHaveCount(0);
        await drawer.close();
      },
    });
    await shoot(agent, 'mine', [{ name: 'result cards', selector: '.ws-qa-mine-card', container: '.ant-drawer-body', scrolls: true, noOverlap: true }], drawer);

    // ---- the report reflects all of it ----
    await signInAs(page, host.url, 'qa01', 'qa-workspace');
    await qa.getByTestId('qa-tab-report').click();
    const report = qa.getByTestId('qa-report');
    const agentRow = report.getByTestId('report-agent-agent01');
    await expect(agentRow).toHaveAttribute('data-count', '2');
    await expect(agentRow).toHaveAttribute('data-pass-rate', '1'); // the overturned session now passes
    await expect(agentRow).toContainText('王晓雯'); // agents by name, with the id beside it
    await expect(report.getByTestId('stat-pairs')).toContainText('1');
    // Head office failed the checked session; the branch had passed the blocked one and failed the low-CSAT one.
    if (checked === blocked) {
      await expect(report.getByTestId('stat-agreement')).toContainText('0.0%');
      await expect(report.getByTestId('stat-kappa')).toHaveAttribute('data-value', '0.000');
    } else {
      await expect(report.getByTestId('stat-agreement')).toContainText('100.0%');
      await expect(report.getByTestId('stat-kappa')).toHaveAttribute('data-value', ''); // undefined: one shared category
    }
    await expect(report.getByTestId('chart-agents').locator('canvas')).toHaveCount(1);
    const [download] = await Promise.all([qa.waitForEvent('download'), report.getByTestId('csv-agent').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\nagent01,王晓雯,2,');
    await shoot(qa, 'report', QA_LAYOUT_RULES);
  } finally {
    await host.stop();
    await hub.stop();
  }
});
