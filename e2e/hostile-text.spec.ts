import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { freePort, startHubProcess, startWebHost, tempDir, type Started } from './support/processes';
import { connectSocket, customerSession, loginStaff, nextEvent, request, waitConnected } from '../server/testing/clients';
import { openHubDb } from '../server/db/open';
import { loadDemoOrg, seedDemoOrg } from '../server/org';
import { generateHostileStrings, readHostileStrings } from '../resources/security/generate';
import type { ConversationSummary, CustomerHello } from '../shared/protocol/hub';
import type { Result } from '../shared/result';

/**
 * Hostile text (resources/security/hostile-strings.txt, ≥ 1,000 lines of script injection, bidi and zero-width
 * tricks, template injection…) sent through the real hub as customer messages and shown in the agent's deck in
 * Chromium, and sent by an agent and shown on the customer's H5 page. Every payload that could run calls
 * `__pwned(line)` or `alert(line)`; both are trapped, CSP violations are recorded, and every message must be shown
 * as exactly the text that was sent.
 */

/** The deck loads a page of 200 messages per conversation: the corpus is spread over conversations below that. */
const PER_CONVERSATION = 190;
const corpus = readHostileStrings();

let dir: string;
let hub: Started & { url: string };
let host: Started & { url: string };
let agentSocket: Socket;
const customers: Socket[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  expect(corpus, 'the committed corpus is what the generator produces').toEqual(generateHostileStrings());
  console.log(`[hostile text] corpus: ${corpus.length} lines, longest ${Math.max(...corpus.map((l) => l.length))} characters`);
  dir = tempDir('e2e-hostile-');
  // agent01 serves every test conversation at once: give it room before the hub seeds the rest of the demo org.
  const seed = openHubDb(join(dir, 'hub.db'));
  const org = loadDemoOrg();
  seedDemoOrg(seed, { ...org, staff: org.staff.map((s) => (s.username === 'agent01' ? { ...s, capacity: 50 } : s)) });
  seed.close();
  hub = await startHubProcess({ port: await freePort(), db: join(dir, 'hub.db') });
  host = await startWebHost({ dataDir: join(dir, 'ws'), hubUrl: hub.url });
  agentSocket = connectSocket(hub.url, (await loginStaff(hub.url, 'agent01')).token);
  await waitConnected(agentSocket);
});

test.afterAll(async () => {
  for (const c of customers) c.close();
  agentSocket?.close();
  await host?.stop();
  await hub?.stop();
});

/** Traps every way a payload could announce itself, before any page script runs. */
async function armTraps(page: Page) {
  const dialogs: string[] = [];
  const cspConsole: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    // Inline script, handlers, loads and frames refused by CSP; `eval` refusals are judged by their source below.
    if (/Refused to (execute|load|apply|frame|connect|navigate)/i.test(m.text())) cspConsole.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __pwnedHits: unknown[]; __pwned: (n: unknown) => void; __csp: string[] };
    w.__pwnedHits = [];
    w.__csp = [];
    w.__pwned = (n) => void w.__pwnedHits.push(n);
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`));
  });
  return {
    async assertNothingRan() {
      const hits = await page.evaluate(() => (window as unknown as { __pwnedHits: unknown[] }).__pwnedHits);
      const csp = (await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).filter(
        // zod probes once whether it may compile validators (`new Function('')`); CSP refuses, as it should. That
        // probe comes from the app's own bundle; a payload could only reach eval by running script first.
        (v) => !/^script-src eval\s+at https?:\/\/127\.0\.0\.1:\d+\/assets\/index-[\w-]+\.js:/.test(v),
      );
      expect(hits, 'payloads that executed (line numbers)').toEqual([]);
      expect(dialogs, 'alert/confirm/prompt dialogs').toEqual([]);
      expect(csp, 'CSP violations (markup that reached the DOM and tried to run or load)').toEqual([]);
      expect(cspConsole).toEqual([]);
    },
  };
}

/** Attributes a script could hide in: any on* handler, or a javascript: URL, anywhere under `selector`. */
async function injectedMarkup(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    const found: string[] = [];
    for (const el of root ? [root, ...root.querySelectorAll('*')] : []) {
      if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'MATH', 'STYLE', 'LINK', 'META', 'BASE', 'TEMPLATE'].includes(el.tagName)) found.push(el.tagName);
      for (const a of el.attributes) if (/^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)) found.push(`${el.tagName}[${a.name}]`);
    }
    return found;
  }, selector);
}

test('the agent deck shows customers\' hostile messages as plain text and runs none of them', async ({ browser }) => {
  test.setTimeout(180_000);
  const chunks: string[][] = [];
  for (let i = 0; i < corpus.length; i += PER_CONVERSATION) chunks.push(corpus.slice(i, i + PER_CONVERSATION));
  const conversationIds: string[] = [];
  let rejected = 0;
  for (const [c, chunk] of chunks.entries()) {
    const socket = connectSocket(hub.url, (await customerSession(hub.url)).token);
    customers.push(socket);
    await waitConnected(socket);
    const hello = await request<CustomerHello>(socket, 'customer.hello', {});
    if (!hello.ok) throw new Error(hello.error.message);
    const conversationId = hello.value.conversationId;
    conversationIds.push(conversationId);
    const assigned = nextEvent<ConversationSummary>(agentSocket, 'conv.updated', (s) => s.id === conversationId && s.ownerId === 'agent01', 15_000);
    // A plain opening line first: the hub routes by the first message, and agent01 serves the account-opening group.
    const opening = await request<unknown>(socket, 'msg.send', { conversationId, clientMsgId: `opening-${c}-of-corpus`, text: '你好,我想开户' });
    expect(opening.ok).toBe(true);
    await assigned;
    for (let i = 0; i < chunk.length; i += 40) {
      const results = await Promise.all(
        chunk.slice(i, i + 40).map((text, k) => {
          const line = c * PER_CONVERSATION + i + k + 1;
          return request<unknown>(socket, 'msg.send', { conversationId, clientMsgId: `hostile-${line}`, text });
        }),
      );
      rejected += results.filter((r: Result<unknown>) => !r.ok).length;
    }
  }
  expect(rejected, 'customer messages refused by the hub').toBe(0);

  const page = await (await browser.newContext()).newPage();
  const traps = await armTraps(page);
  await page.goto(host.url);
  await page.getByTestId('demo-account-agent01').click();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online');

  const shown = new Map<number, string>();
  for (const [c, conversationId] of conversationIds.entries()) {
    await page.getByTestId(`session-${conversationId}`).click();
    const list = page.getByTestId('message-list');
    await expect(list).toBeVisible();
    await expect.poll(async () => Number(await list.getAttribute('data-count')), { timeout: 20_000 }).toBeGreaterThanOrEqual(chunks[c]!.length);
    // The list opens at the newest message once it has measured itself.
    await expect(list.locator('[data-testid^="message-hostile-"]').first()).toBeVisible();
    const firstLine = c * PER_CONVERSATION + 1;
    // Walk the virtualised list from the newest message to the oldest, reading every bubble that gets rendered.
    for (let step = 0; step < 2_000; step++) {
      const { texts, atTop } = await page.evaluate(() => {
        const scroller = document.querySelector('[data-testid="message-list"] .ws-virtuoso') as HTMLElement | null;
        const texts: [string, string][] = [];
        for (const el of document.querySelectorAll('[data-testid^="message-hostile-"]')) {
          texts.push([el.getAttribute('data-testid')!, el.querySelector('[data-role="text"]')?.textContent ?? '']);
        }
        const atTop = !scroller || scroller.scrollTop <= 0;
        if (scroller) scroller.scrollTop = Math.max(0, scroller.scrollTop - scroller.clientHeight * 0.7);
        return { texts, atTop };
      });
      for (const [testId, text] of texts) shown.set(Number(testId.replace('message-hostile-', '')), text);
      if (atTop && shown.has(firstLine)) break;
      await page.waitForTimeout(16); // one frame for the virtualised list to render what came into view
    }
    expect(await injectedMarkup(page, '[data-testid="message-list"]')).toEqual([]);
  }

  const wrong = [...shown].filter(([line, text]) => text !== corpus[line - 1]).map(([line, text]) => `line ${line}: shown ${JSON.stringify(text.slice(0, 80))}`);
  const missing = corpus.map((_l, i) => i + 1).filter((line) => !shown.has(line));
  console.log(`[hostile text] deck: ${corpus.length} customer messages in ${conversationIds.length} conversations; shown literally: ${shown.size - wrong.length}, altered: ${wrong.length}, not found while scrolling: ${missing.length}`);
  expect(wrong).toEqual([]);
  expect(missing).toEqual([]);
  // The session list shows the latest message as a preview: hostile too, and must stay text.
  expect(await injectedMarkup(page, 'body')).toEqual([]);
  await traps.assertNothingRan();
});

test('the customer page shows an agent\'s hostile replies as plain text and runs none of them', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true })).newPage();
  const traps = await armTraps(page);
  await page.goto(hub.url);
  await expect(page.getByTestId('customer-status')).toHaveText('已连接');
  const assigned = nextEvent<ConversationSummary>(agentSocket, 'conv.updated', (s) => s.ownerId === 'agent01' && s.lastMessagePreview.includes('请帮我看看'), 15_000);
  await page.getByTestId('customer-input').fill('请帮我看看这些消息');
  await page.getByTestId('customer-send').click();
  const conversationId = (await assigned).id;

  let accepted = 0;
  const refusals = new Map<string, number>();
  for (let i = 0; i < corpus.length; i += 40) {
    const results = await Promise.all(
      corpus.slice(i, i + 40).map((text, k) => request<unknown>(agentSocket, 'msg.send', { conversationId, clientMsgId: `agent-hostile-${i + k + 1}`, text })),
    );
    for (const r of results) {
      if (r.ok) accepted++;
      else refusals.set(r.error.code, (refusals.get(r.error.code) ?? 0) + 1);
    }
  }
  // The hub may refuse some replies for compliance reasons; only refusals of that kind are acceptable.
  expect([...refusals.keys()].filter((code) => code !== 'COMPLIANCE_BLOCKED')).toEqual([]);
  await expect.poll(() => page.locator('#log .msg.theirs').count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(accepted);

  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('#log .msg[data-client-id^="agent-hostile-"]')].map((el) => [el.getAttribute('data-client-id')!, el.querySelector('span')?.textContent ?? ''] as const),
  );
  const wrong = shown.filter(([id, text]) => text !== corpus[Number(id.replace('agent-hostile-', '')) - 1]).map(([id]) => id);
  // Scroll through the whole log so that anything lazily triggered by visibility gets its chance to fire.
  await page.evaluate(async () => {
    const log = document.getElementById('log')!;
    for (let y = 0; y < log.scrollHeight; y += log.clientHeight) {
      log.scrollTop = y;
      await new Promise((r) => requestAnimationFrame(r));
    }
  });
  console.log(`[hostile text] customer page: ${corpus.length} agent replies sent, accepted by the hub: ${accepted}, refused: ${JSON.stringify(Object.fromEntries(refusals))}; shown: ${shown.length}, altered: ${wrong.length}`);
  expect(shown).toHaveLength(accepted);
  expect(wrong).toEqual([]);
  expect(await injectedMarkup(page, '#log')).toEqual([]);
  await traps.assertNothingRan();
  // Control: markup that does reach the DOM is caught by the traps (here CSP refuses its inline handler and reports it).
  await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.innerHTML = '<img src="/no-such-image.png" onerror="__pwned(0)">';
    document.body.append(probe);
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.length)).toBeGreaterThan(0);
  // The page is served with a policy that would stop inline script even if markup got through.
  const csp = (await fetch(hub.url)).headers.get('content-security-policy') ?? '';
  expect(csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))).toBe("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-eval/);
});
