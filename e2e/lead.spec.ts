import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from '../server/testing/clients';
import type { AppealCase } from '../shared/qa';
import type { ConversationSummary, CustomerHello } from '../shared/protocol/hub';
import { conversationStartedWith, customerBubbles } from './support/deck';
import { freePort, startHubProcess, startWebHost, tempDir } from './support/processes';

/**
 * Issue 9 end to end, with the real hub and one real browser-mode workstation per staff member: a BR-SH01 customer
 * complains, agent01 gets the chat, the hub escalates it by itself; the branch lead sees why in the queue, follows the
 * chat live, whispers to the agent (never to the customer), takes it over and resolves it in the deck; the dashboard
 * counts it. A lead of another branch sees none of it. Screenshots of the lead's views go to test-results/screenshots/.
 */

const SHOTS = join('test-results', 'screenshots');
const COMPLAINT = '我要投诉到12386';
const FOLLOW_UP = '你们到底管不管';
const WHISPER = '先安抚情绪,我来接管';
const LEAD_REPLY = '您好,我是营业部负责人,这个问题我来处理';

async function signInStaff(browser: Browser, hostUrl: string, username: string, workspace: 'deck' | 'lead-workspace'): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(hostUrl);
  await page.getByTestId(`demo-account-${username}`).click();
  await expect(page.getByTestId(workspace)).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  return page;
}

/** Texts on the customer page, in the order shown. */
const customerTexts = (page: Page) => page.locator('[data-testid="customer-log"] .msg > span:first-child').allTextContents();

test('a complaint escalates by itself; the lead monitors, whispers, takes over and resolves; the dashboard counts it; another branch sees nothing', async ({ browser }) => {
  test.setTimeout(240_000);
  mkdirSync(SHOTS, { recursive: true });
  const dir = tempDir('e2e-lead-');
  const hubDb = join(dir, 'hub.db');
  const hub = await startHubProcess({ port: await freePort(), db: hubDb });
  const hosts = await Promise.all(['agent01', 'lead-sh', 'lead-bj'].map((name) => startWebHost({ dataDir: join(dir, name), hubUrl: hub.url })));
  const [agentHost, leadHost, otherHost] = hosts as [(typeof hosts)[0], (typeof hosts)[0], (typeof hosts)[0]];
  try {
    const agent = await signInStaff(browser, agentHost.url, 'agent01', 'deck');
    const lead = await signInStaff(browser, leadHost.url, 'lead-sh', 'lead-workspace');
    const otherLead = await signInStaff(browser, otherHost.url, 'lead-bj', 'lead-workspace');
    // The dashboard's charts and everything else must run under the page's CSP (no eval, no inline script).
    const cspViolations: string[] = [];
    lead.on('console', (m) => {
      if (/Content Security Policy|unsafe-eval/i.test(m.text())) cspViolations.push(m.text());
    });

    // A demo customer of BR-SH01 complains.
    const customer = await (await browser.newContext({ viewport: { width: 390, height: 760 }, isMobile: true })).newPage();
    await customer.goto(`${hub.url}/?customer=C0005`);
    await expect(customer.getByTestId('customer-status')).toHaveText('已连接');
    await customer.getByTestId('customer-input').fill(COMPLAINT);
    await customer.getByTestId('customer-send').click();
    await expect(customerBubbles(customer, COMPLAINT)).toHaveCount(1);
    let id = '';
    await expect.poll(() => (id = conversationStartedWith(hubDb, COMPLAINT) ?? '')).not.toBe('');

    // agent01 gets the chat.
    await expect(agent.getByTestId(`session-${id}`)).toBeVisible({ timeout: 20_000 });

    // The hub escalates it automatically; the lead's queue says why.
    const row = lead.getByTestId(`escalation-${id}`);
    await expect(row).toBeVisible({ timeout: 20_000 });
    await expect(row).toHaveAttribute('data-auto', 'true');
    await expect(row.getByTestId('escalation-kind')).toHaveText('自动');
    await expect(row.getByTestId('escalation-reason')).toContainText('投诉');
    await expect(row).toContainText('王晓雯');
    await expect(lead.getByTestId('escalation-count')).toHaveText('1');
    await expect(lead.getByTestId('lead-tab-escalations-count')).toContainText('1');

    // Monitoring: the transcript, live.
    await row.click();
    const monitor = lead.getByTestId('monitor');
    await expect(monitor).toHaveAttribute('data-conversation-id', id);
    await expect(lead.getByTestId('monitoring-on')).toBeVisible();
    await expect(lead.getByTestId('monitor-escalation')).toContainText('投诉');
    const transcript = monitor.getByTestId('message-list');
    await expect(transcript).toContainText(COMPLAINT);
    await customer.getByTestId('customer-input').fill(FOLLOW_UP);
    await customer.getByTestId('customer-send').click();
    await expect(transcript.locator('[data-role="text"]', { hasText: FOLLOW_UP })).toHaveCount(1, { timeout: 15_000 });
    // The lead acts only where the ticket machine allows: all three on an escalated ticket.
    for (const action of ['takeOver', 'reassign', 'return']) await expect(lead.getByTestId(`lead-action-${action}`)).toBeEnabled();

    // Whisper: the agent sees it, the customer never does.
    await lead.getByTestId('whisper-input').fill(WHISPER);
    await lead.getByTestId('whisper-send').click();
    await expect(transcript.locator('.ws-message-whisper', { hasText: WHISPER })).toHaveCount(1, { timeout: 15_000 });
    await expect(lead.getByTestId('whisper-input')).toHaveValue('');
    await agent.getByTestId(`session-${id}`).click();
    await expect(agent.getByTestId('message-list').locator('.ws-message-whisper', { hasText: WHISPER })).toHaveCount(1, { timeout: 15_000 });
    await lead.screenshot({ path: join(SHOTS, 'lead-escalations-zh-CN.png') });

    // The team board shows the chat on agent01's row, marked as escalated; live, pushed every ~2 s.
    await lead.getByTestId('lead-tab-team').click();
    await expect(lead.getByTestId('board-agent-agent01').getByTestId(`board-chat-${id}`)).toHaveAttribute('data-escalated', 'true', { timeout: 15_000 });
    await expect(lead.getByTestId('board-agent-agent04')).toHaveCount(0);
    const firstAt = await lead.getByTestId('team-board').getAttribute('data-at');
    await expect(lead.getByTestId('team-board')).not.toHaveAttribute('data-at', firstAt!, { timeout: 10_000 });
    await lead.screenshot({ path: join(SHOTS, 'lead-team-zh-CN.png') });
    // Back on the escalations tab the same chat is still followed.
    await lead.getByTestId('lead-tab-escalations').click();
    await expect(lead.getByTestId('monitor')).toHaveAttribute('data-conversation-id', id);

    // The other branch's lead sees neither the escalation nor the session.
    await expect(otherLead.getByTestId('escalation-queue')).toBeVisible();
    await expect(otherLead.getByTestId(`escalation-${id}`)).toHaveCount(0);
    await expect(otherLead.getByTestId(`live-${id}`)).toHaveCount(0);
    await expect(otherLead.getByTestId('escalation-count')).toHaveText('0');

    // Take over: the chat moves to the lead's own deck, where the lead writes like an agent.
    await lead.getByTestId('lead-action-takeOver').click();
    await expect(lead.getByTestId('lead-workspace')).toHaveAttribute('data-tab', 'mine');
    const pane = lead.getByTestId('conversation');
    await expect(pane).toHaveAttribute('data-conversation-id', id);
    await expect(lead.getByTestId(`session-${id}`)).toBeVisible();
    const composer = lead.getByTestId('composer');
    await expect(composer).toBeEditable({ timeout: 15_000 });
    await composer.fill(LEAD_REPLY);
    await lead.getByTestId('send-button').click();
    await expect(pane.getByTestId('message-list').locator('[data-status="sent"]', { hasText: LEAD_REPLY })).toHaveCount(1, { timeout: 15_000 });
    await expect(customerBubbles(customer, LEAD_REPLY)).toHaveCount(1, { timeout: 15_000 });
    // One continuous conversation for the customer: the same thread, in order, with no whisper in it.
    const seen = await customerTexts(customer);
    const at = (text: string) => seen.indexOf(text);
    expect(at(COMPLAINT)).toBeGreaterThanOrEqual(0);
    expect(at(COMPLAINT)).toBeLessThan(at(FOLLOW_UP));
    expect(at(FOLLOW_UP)).toBeLessThan(at(LEAD_REPLY));
    expect(seen.join('\n')).not.toContain(WHISPER);
    await lead.screenshot({ path: join(SHOTS, 'lead-mine-zh-CN.png') });

    // Resolve, like an agent: the customer is asked to rate.
    await expect(lead.getByTestId('action-resolve')).toBeEnabled();
    await lead.getByTestId('action-resolve').click();
    await lead.getByTestId('resolve-dialog-note').fill('负责人接管,已说明投诉处理流程');
    await lead.getByTestId('resolve-dialog-ok').click();
    await expect(customer.getByTestId('customer-csat')).toBeVisible({ timeout: 15_000 });
    await customer.getByTestId('csat-4').click();
    await customer.getByTestId('csat-submit').click();
    await expect(customer.getByTestId('customer-csat')).toContainText('感谢您的评价');
    await expect(customer.getByTestId('customer-log')).not.toContainText(WHISPER);

    // The dashboard (today) counts it.
    await lead.getByTestId('lead-tab-dashboard').click();
    await expect(lead.getByTestId('dashboard')).toHaveAttribute('data-loaded', 'true', { timeout: 15_000 });
    await expect.poll(async () => Number(await lead.getByTestId('kpi-volume').getAttribute('data-value'))).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => Number(await lead.getByTestId('kpi-escalation-rate').getAttribute('data-value'))).toBeGreaterThan(0);
    await expect(lead.locator('[data-testid="hot-topic"][data-term="投诉"]')).toHaveCount(1);
    await expect(lead.getByTestId('chart-by-day').locator('canvas')).toHaveCount(1);
    await lead.screenshot({ path: join(SHOTS, 'lead-dashboard-zh-CN.png') });

    // CSV export: a real file download, UTF-8 with BOM, with the figures in it.
    const [download] = await Promise.all([lead.waitForEvent('download'), lead.getByTestId('dashboard-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^数据看板-BR-SH01-today-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('类别,指标,数值,单位\r\n');
    expect(csv).toMatch(/热点话题,投诉,\d+,个/);

    // The other branch's dashboard has nothing of it.
    await otherLead.getByTestId('lead-tab-dashboard').click();
    await expect(otherLead.getByTestId('dashboard')).toHaveAttribute('data-loaded', 'true', { timeout: 15_000 });
    await expect(otherLead.getByTestId('kpi-volume')).toHaveAttribute('data-value', '0');

    // English, for the screenshots.
    await lead.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await expect(lead.locator('html')).toHaveAttribute('lang', 'en');
    await lead.mouse.move(700, 880); // away from the switch, so its tooltip is not in the picture
    await expect(lead.getByTestId('lead-tab-dashboard')).toContainText('Dashboard');
    await lead.screenshot({ path: join(SHOTS, 'lead-dashboard-en.png') });
    await lead.getByTestId('lead-tab-team').click();
    await expect(lead.getByTestId('board-agent-agent01')).toBeVisible();
    await lead.screenshot({ path: join(SHOTS, 'lead-team-en.png') });
    await lead.getByTestId('lead-tab-appeals').click();
    await expect(lead.getByTestId('appeals')).toBeVisible();
    await lead.getByTestId('lead-tab-escalations').click();
    // Resolved, the chat is still followed live until it closes; the lead's actions are off, with the machine's reason.
    await lead.getByTestId(`live-${id}`).click();
    await expect(lead.getByTestId('monitor').getByTestId('message-list').locator('[data-role="text"]', { hasText: LEAD_REPLY })).toBeVisible();
    await expect(lead.getByTestId('lead-action-takeOver')).toBeDisabled();
    await expect(lead.getByTestId('lead-action-takeOver')).toHaveAttribute('aria-label', /^Take over: .+/);
    await lead.screenshot({ path: join(SHOTS, 'lead-escalations-en.png') });

    expect(cspViolations).toEqual([]);
  } finally {
    for (const h of hosts) await h.stop();
    await hub.stop();
  }
});

/** A staff socket straight to the hub (for the steps of other roles that have their own end-to-end tests). */
async function staffSocket(hubUrl: string, username: string, sockets: Socket[]): Promise<Socket> {
  const { token } = await loginStaff(hubUrl, username);
  const socket = connectSocket(hubUrl, token);
  sockets.push(socket);
  await waitConnected(socket);
  return socket;
}

const LOW_MARKS = {
  points: { greeting: 5, accuracy: 2, compliance: 10, empathy: 1, resolution: 5, efficiency: 5 },
  critical: { promised_returns: 'pass', privacy_leak: 'pass', missing_suitability_notice: 'pass', abusive_language: 'pass' },
} as const;
const APPEAL_REASON = '客户问题已准确解答,低分系客户对开通条件不满';

test('the branch lead decides a QA appeal: sees the score and the reason, overturns with a new score', async ({ browser }) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  const dir = tempDir('e2e-lead-appeal-');
  const hub = await startHubProcess({ port: await freePort(), db: join(dir, 'hub.db') });
  const host = await startWebHost({ dataDir: join(dir, 'lead-sh'), hubUrl: hub.url });
  const sockets: Socket[] = [];
  try {
    // A finished session of agent01, scored low by the branch reviewer, appealed by the agent (their own e2e paths).
    const agent = await staffSocket(hub.url, 'agent01', sockets);
    const qa = await staffSocket(hub.url, 'qa01', sockets);
    const session = await customerSession(hub.url, { customerId: 'C0011' });
    const customer = connectSocket(hub.url, session.token);
    sockets.push(customer);
    await waitConnected(customer);
    const hello = await request<CustomerHello>(customer, 'customer.hello', {});
    if (!hello.ok) throw new Error(hello.error.message);
    const id = hello.value.conversationId;
    const assigned = nextEvent<ConversationSummary>(agent, 'conv.updated', (c) => c.id === id && c.ownerId === 'agent01', 15_000);
    await request(customer, 'msg.send', { conversationId: id, clientMsgId: 'appeal-c-0001', text: '怎么开通创业板' });
    await assigned;
    await request(agent, 'msg.send', { conversationId: id, clientMsgId: 'appeal-a-0001', text: '需要两年交易经验和10万元资产' });
    expect(await request(agent, 'ticket.resolve', { conversationId: id })).toMatchObject({ ok: true });
    await request(customer, 'csat.submit', { conversationId: id, score: 1 });
    expect(await request(agent, 'ticket.close', { conversationId: id })).toMatchObject({ ok: true });
    // The close reaches the hub's store in its next group commit; until then QA is told the session has not ended.
    let reviewed: Awaited<ReturnType<typeof request>> | null = null;
    await expect
      .poll(async () => (reviewed = await request(qa, 'qa.review', { conversationId: id, level: 'branch', scorecardId: 'zh_service', answers: LOW_MARKS, notes: '解答不够耐心' })).ok)
      .toBe(true);
    expect(reviewed, JSON.stringify(reviewed)).toMatchObject({ ok: true, value: { result: { passed: false } } });
    const appealed = await request(agent, 'qa.appeal', { conversationId: id, reason: APPEAL_REASON });
    expect(appealed, JSON.stringify(appealed)).toMatchObject({ ok: true, value: { status: 'appealed' } });

    const lead = await signInStaff(browser, host.url, 'lead-sh', 'lead-workspace');
    await lead.getByTestId('lead-tab-appeals').click();
    const row = lead.getByTestId(`appeal-${id}`);
    await expect(row).toHaveAttribute('data-status', 'appealed');
    await expect(row).toContainText(APPEAL_REASON);
    await expect(row).toContainText('王晓雯');
    await expect(row).toContainText('不合格');

    await row.getByTestId(`appeal-decide-${id}`).click();
    const dialog = lead.getByTestId('decide-dialog');
    await expect(dialog).toContainText(APPEAL_REASON);
    await expect(dialog).toContainText('解答不够耐心');
    await expect(lead.getByTestId('decide-ok')).toBeDisabled(); // notes are required
    await lead.getByTestId('decide-overturn').click();
    await dialog.getByRole('spinbutton').fill('85');
    await lead.getByTestId('decide-pass').click();
    await expect(lead.getByTestId('decide-ok')).toBeDisabled();
    await lead.getByTestId('decide-notes').fill('复核录音,解答准确,改判合格');
    await expect(lead.getByTestId('decide-ok')).toBeEnabled();
    await lead.screenshot({ path: join(SHOTS, 'lead-appeal-dialog-zh-CN.png') });
    await lead.getByTestId('decide-ok').click();
    await expect(dialog).toHaveCount(0);

    // Decided: gone from the pending list, listed under all with the new score; the agent's result changed on the hub.
    await expect(row).toHaveCount(0);
    await lead.getByText(/^全部/).click();
    await expect(row).toHaveAttribute('data-status', 'overturned');
    await expect(row).toContainText('85');
    const results = await request<AppealCase[]>(agent, 'qa.myResults', {});
    expect(results.ok && results.value.find((c) => c.sessionId === id)).toMatchObject({ status: 'overturned', score: { total: 85, passed: true } });

    await lead.getByTestId('language-switch').getByText('EN', { exact: true }).click();
    await expect(row).toContainText('Overturned');
    await lead.mouse.move(700, 880);
    await lead.screenshot({ path: join(SHOTS, 'lead-appeals-en.png') });
  } finally {
    for (const s of sockets) s.close();
    await host.stop();
    await hub.stop();
  }
});
