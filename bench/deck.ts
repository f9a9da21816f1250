/**
 * Deck benchmark (not a test: prints figures, asserts nothing).
 *
 *   npm run bench:deck -- [--sessions 10] [--messages 5000] [--switches 100] [--chars 600] [--keep]
 *
 * A real deck with real services: a hub (in this process) holds N conversations of M messages each, all owned by one
 * agent; the workstation's services host (browser mode, in this process) syncs them into its local cache; the built
 * renderer runs in Chromium, signed in as that agent. Seeding: the conversations are opened the real way (customer
 * sockets, dispatch, a first reply), then the long histories are written straight into the hub's database with the
 * hub's own repositories while the hub is stopped, and the hub is started again on that database.
 *
 * Measured in the page (performance.now + requestAnimationFrame, see bench/deck/probe.ts):
 * - session switch: Ctrl+↓ (and Ctrl+1 to wrap) → the new conversation's last message painted;
 * - keystroke → paint in the composer, and the same on a bare <textarea> page in the same browser (the anchor);
 * - the renderer's JS heap after a garbage collection (CDP Performance.getMetrics).
 * Writes bench/results/deck.json. `--profile` also prints where the renderer spent its time during the switches.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { findChromium } from '../e2e/support/chromium';
import { startWorkstationHost } from '../electron/services/host';
import { hashPassword, newSecret, TokenSigner } from '../server/auth';
import { openHubDb } from '../server/db/open';
import { startHub, type Hub } from '../server/hub';
import { getConversation, updateConversationHead } from '../server/repos/conversations';
import { insertMessages, maxSeq } from '../server/repos/messages';
import { getOrCreateMeta } from '../server/repos/meta';
import { insertStaffIfAbsent, upsertBranch } from '../server/repos/staff';
import type { Message } from '../shared/protocol/hub';
import type { Result } from '../shared/result';
import { PROBE_SOURCE, type DeckProbe } from './deck/probe';
import { percentile, round1, summarise } from './deck/stats';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

const ArgsSchema = z.object({
  sessions: z.coerce.number().int().min(2).max(50).default(10),
  messages: z.coerce.number().int().min(10).max(20_000).default(5000),
  switches: z.coerce.number().int().min(10).max(2000).default(100),
  chars: z.coerce.number().int().min(300).max(5000).default(600),
  keep: z.boolean().default(false),
  profile: z.boolean().default(false),
});
type Config = z.infer<typeof ArgsSchema>;

const AGENT = { id: 'bench-deck-agent', username: 'benchdeck', password: 'bench-password', name: '压测坐席' };
/** Long-lived tickets: nothing may time out or be reassigned while the benchmark runs. */
const DAY_MS = 24 * 3600_000;
const ROUTING = { ticket: { firstResponseSlaMs: DAY_MS, noReplyReassignMs: DAY_MS, idleCloseMs: DAY_MS, resolvedCloseMs: null } };

const GOALS = { switchP95Ms: 50, keyRatio: 1.2, heapMB: 300 };

function parseConfig(): Config {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      options: { sessions: { type: 'string' }, messages: { type: 'string' }, switches: { type: 'string' }, chars: { type: 'string' }, keep: { type: 'boolean' }, profile: { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\nusage: npm run bench:deck -- [--sessions N] [--messages M] [--switches S] [--chars C] [--keep]`);
    process.exit(2);
  }
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`Invalid arguments: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  return parsed.data;
}

const log = (line: string) => console.log(`[bench:deck] ${line}`);

// ---------------------------------------------------------------------------------------------------------------
// Seeding

function emitAck<T>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return new Promise((resolveAck, reject) => {
    socket.timeout(10_000).emit(event, payload, (err: Error | null, result: Result<T>) => {
      if (err) reject(err);
      else if (!result.ok) reject(new Error(`${event}: ${result.error.code} ${result.error.message}`));
      else resolveAck(result.value);
    });
  });
}

function connect(url: string, token: string): Promise<Socket> {
  return new Promise((resolveSocket, reject) => {
    const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
    socket.once('connect', () => resolveSocket(socket));
    socket.once('connect_error', reject);
  });
}

const until = async (what: string, check: () => boolean, timeoutMs = 30_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** A deterministic pseudo-random source, so every run seeds the same histories. */
function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 71 | t));
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CUSTOMER_LINES = [
  '请问创业板权限怎么开通?',
  '我的账户登录不上了,提示密码错误',
  '今天买的股票什么时候可以卖出?',
  '银证转账转不进去,显示银行余额不足,但我卡里有钱',
  '你好',
  '好的,谢谢',
  '港股通的交易时间和A股一样吗?如果不一样,节假日怎么安排?',
  '新股中签以后需要做什么?',
  '理财产品的风险等级是怎么划分的?我是稳健型投资者,能买R3的产品吗?',
  '佣金能不能再低一点?',
];
const AGENT_LINES = [
  '您好,很高兴为您服务,请问有什么可以帮您?',
  '请您稍等,我这边为您查询一下。',
  '开通创业板需要满足前20个交易日日均资产不低于10万元,并具备24个月以上的A股交易经验。',
  '根据规定,当日买入的股票需下一个交易日才能卖出(T+1)。',
  '建议您先在手机APP上重置交易密码,如仍无法登录,我可以为您登记工单。',
  '好的,还有其他可以帮您的吗?',
  '港股通交易日以两地交易所同时开市为准,具体请以交易所公告为准。',
  '中签后请在T+2日16:00前确保资金账户有足额资金缴款。',
];

interface Seeded {
  dbPath: string;
  conversations: { id: string; lastClientMsgId: string; lastSeq: number }[];
}

async function seed(dir: string, config: Config): Promise<Seeded> {
  const dbPath = join(dir, 'hub.db');
  const db = openHubDb(dbPath);
  const secret = getOrCreateMeta(db, 'token_secret', newSecret);
  upsertBranch(db, { id: 'BR-BENCH', name: '压测营业部', regionId: '华东' });
  const skills = ['开户', '交易', '两融', '理财', '港股通', 'english'];
  insertStaffIfAbsent(db, {
    id: AGENT.id,
    username: AGENT.username,
    displayName: AGENT.name,
    role: 'agent',
    branchId: 'BR-BENCH',
    skills,
    capacity: config.sessions + 5,
    passwordHash: hashPassword(AGENT.password),
    headOffice: false,
  });
  db.close();
  const signer = new TokenSigner(Buffer.from(secret, 'base64'));

  // 1. Open the conversations the real way: customers arrive, the dispatcher gives them to the agent, who answers.
  const hub: Hub = await startHub({ dbPath, port: 0, log: () => {}, routing: ROUTING });
  const agent = await connect(hub.url, signer.sign({ sub: AGENT.id, role: 'agent', name: AGENT.name, branchId: 'BR-BENCH' }, 3600));
  const customers: Socket[] = [];
  const ids: string[] = [];
  for (let i = 0; i < config.sessions; i++) {
    const customer = await connect(hub.url, signer.sign({ sub: `V-DECK-${String(i).padStart(4, '0')}`, role: 'customer', name: `压测客户${i}`, branchId: null }, 3600));
    customers.push(customer);
    const hello = await emitAck<{ conversationId: string }>(customer, 'customer.hello', { entryPoint: 'account-opening' });
    await emitAck(customer, 'msg.send', { conversationId: hello.conversationId, clientMsgId: `bench-open-${i}-c`, text: CUSTOMER_LINES[i % CUSTOMER_LINES.length] });
    ids.push(hello.conversationId);
  }
  await until('every conversation dispatched to the agent', () => ids.every((id) => getConversation(hub.db, id)?.ownerId === AGENT.id));
  for (const [i, id] of ids.entries()) await emitAck(agent, 'msg.send', { conversationId: id, clientMsgId: `bench-open-${i}-a`, text: AGENT_LINES[0] });
  for (const s of [agent, ...customers]) s.close();
  await hub.close();

  // 2. Write the long histories with the hub's repositories while it is stopped.
  const random = mulberry32(20240506);
  const seedDb = openHubDb(dbPath);
  const conversations: Seeded['conversations'] = [];
  const startMs = Date.now() - 3 * DAY_MS;
  seedDb.transaction(() => {
    for (const [i, id] of ids.entries()) {
      let seq = maxSeq(seedDb, id);
      const batch: Message[] = [];
      const count = config.messages - seq;
      for (let k = 0; k < count; k++) {
        seq++;
        const fromCustomer = random() < 0.5;
        const lines = fromCustomer ? CUSTOMER_LINES : AGENT_LINES;
        batch.push({
          id: `bench-m-${i}-${seq}`,
          conversationId: id,
          seq,
          clientMsgId: `bench-${i}-${seq}`,
          senderKind: fromCustomer ? 'customer' : 'agent',
          senderId: fromCustomer ? `V-DECK-${String(i).padStart(4, '0')}` : AGENT.id,
          senderName: fromCustomer ? `压测客户${i}` : AGENT.name,
          kind: 'text',
          text: `${lines[Math.floor(random() * lines.length)]}${random() < 0.2 ? `(${k})` : ''}`,
          at: new Date(startMs + (k * 3 * DAY_MS) / count).toISOString(),
        });
      }
      insertMessages(seedDb, batch);
      const last = batch.at(-1)!;
      updateConversationHead(seedDb, id, last.seq, last.text.slice(0, 80), new Date(Date.now() - (ids.length - i) * 60_000).toISOString());
      conversations.push({ id, lastClientMsgId: last.clientMsgId, lastSeq: last.seq });
    }
  })();
  seedDb.close();
  return { dbPath, conversations };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

const probe = (page: Page) => page.evaluateHandle(() => (window as unknown as { __deckProbe: DeckProbe }).__deckProbe);

async function measureSwitches(page: Page, lastOf: Map<string, string>, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const order = await page.locator('[data-testid^="session-CV-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('session-'.length)));
    const active = await page.getByTestId('conversation').getAttribute('data-conversation-id');
    const at = order.indexOf(active ?? '');
    const wrap = at < 0 || at === order.length - 1;
    const target = wrap ? order[0]! : order[at + 1]!;
    const handle = await probe(page);
    await handle.evaluate((p, [t, l]) => p.armSwitch(t, l), [target, lastOf.get(target)!] as const);
    await page.keyboard.press(wrap ? 'Control+Digit1' : 'Control+ArrowDown');
    samples.push(await handle.evaluate((p) => p.pending));
    await handle.dispose();
  }
  return samples;
}

/** Types `text` into the element with a human-ish pause between keys; returns keydown → paint per key. */
async function measureTyping(page: Page, selector: string, text: string): Promise<number[]> {
  await page.locator(selector).click();
  const handle = await probe(page);
  await handle.evaluate((p, sel) => p.startTyping(sel), selector);
  await page.keyboard.type(text, { delay: 35 });
  const samples = await handle.evaluate((p) => p.typing.stop());
  await handle.dispose();
  return samples;
}

function typingText(chars: number): string {
  const words = ['account', 'opening', 'needs', 'two', 'years', 'of', 'trading', 'and', 'an', 'average', 'balance', 'please', 'wait'];
  let out = '';
  for (let i = 0; out.length < chars; i++) out += `${words[i % words.length]} `;
  return out.slice(0, chars);
}

/** Opens the session and keeps scrolling its history to the top until every message is loaded. */
async function scrollToFirstMessage(page: Page, conversationId: string, total: number): Promise<void> {
  await page.getByTestId(`session-${conversationId}`).click();
  const list = page.locator(`[data-testid="message-list"][data-conversation-id="${conversationId}"]`);
  for (let guard = 0; guard < 500; guard++) {
    const count = Number(await list.getAttribute('data-count'));
    if (count >= total) return;
    await list.locator('[data-virtuoso-scroller]').evaluate((el) => el.scrollTo({ top: 0 }));
    await page.waitForFunction(
      ([sel, before]) => Number(document.querySelector(sel)?.getAttribute('data-count')) > before,
      [`[data-testid="message-list"][data-conversation-id="${conversationId}"]`, count] as const,
      { timeout: 10_000 },
    );
  }
  throw new Error(`could not load the whole history of ${conversationId}`);
}

async function heapMB(page: Page): Promise<{ afterGc: number; beforeGc: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN) / 1024 / 1024;
  };
  const beforeGc = await read();
  await cdp.send('HeapProfiler.collectGarbage');
  const afterGc = await read();
  await cdp.detach();
  return { afterGc: round1(afterGc), beforeGc: round1(beforeGc) };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Starts the V8 sampling profiler in the page; the returned function stops it and prints the top self times. */
async function startProfile(page: Page): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const byNode = new Map<number, number>();
    profile.samples.forEach((id, i) => byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const byFunction = new Map<string, number>();
    for (const node of profile.nodes) {
      const us = byNode.get(node.id) ?? 0;
      if (!us) continue;
      const f = node.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    }
    const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
    log(`profile: ${(total / 1000).toFixed(0)} ms sampled; top self time:`);
    for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
    await cdp.detach();
  };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const config = parseConfig();
  const dir = mkdtempSync(join(tmpdir(), 'bench-deck-'));
  log(`seeding ${config.sessions} sessions × ${config.messages} messages in ${dir}`);
  const seeded = await seed(dir, config);
  const lastOf = new Map(seeded.conversations.map((c) => [c.id, c.lastClientMsgId]));

  const hub = await startHub({ dbPath: seeded.dbPath, port: 0, log: () => {}, routing: ROUTING });
  const host = await startWorkstationHost({ dataDir: join(dir, 'workstation'), rendererDir: join(root, 'out', 'renderer'), hubUrl: hub.url });
  const executablePath = findChromium();
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript({ content: PROBE_SOURCE });
    const page = await context.newPage();
    await page.goto(host.bridge.url);
    await page.getByTestId('signin-username').fill(AGENT.username);
    await page.getByTestId('signin-password').fill(AGENT.password);
    const syncStarted = Date.now();
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('deck').waitFor();
    await page.locator('[data-testid^="session-CV-"]').nth(config.sessions - 1).waitFor({ timeout: 60_000 });
    // Open every session once and wait for its newest message: the services have synced it and the deck holds it.
    for (const c of seeded.conversations) {
      await page.getByTestId(`session-${c.id}`).click();
      await page.getByTestId(`message-${c.lastClientMsgId}`).waitFor({ timeout: 120_000 });
    }
    log(`signed in and synced ${config.sessions * config.messages} messages in ${((Date.now() - syncStarted) / 1000).toFixed(1)} s`);

    // Warm-up round (JIT, fonts, first layout of each list), then the measured switches.
    await measureSwitches(page, lastOf, config.sessions);
    const stopProfile = config.profile ? await startProfile(page) : null;
    const switches = await measureSwitches(page, lastOf, config.switches);
    if (stopProfile) await stopProfile();

    // Typing: composer and bare textarea alternately, in two halves each, so drift affects both alike.
    const bare = await context.newPage();
    await bare.setContent('<!doctype html><html><body style="margin:2rem;font:14px sans-serif"><textarea id="bare" rows="3" style="width:640px"></textarea></body></html>');
    const text = typingText(config.chars);
    const half = Math.ceil(text.length / 2);
    const composerSamples: number[] = [];
    const bareSamples: number[] = [];
    for (const part of [text.slice(0, half), text.slice(half)]) {
      await bare.bringToFront();
      bareSamples.push(...(await measureTyping(bare, '#bare', part)));
      await page.bringToFront();
      const stopTypingProfile = config.profile ? await startProfile(page) : null;
      composerSamples.push(...(await measureTyping(page, '[data-testid="composer"]', part)));
      if (stopTypingProfile) await stopTypingProfile();
    }
    await bare.close();
    const held = async () => (await page.locator('[data-conversation-id][data-count]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-count'))))).reduce((a, b) => a + b, 0);
    const heldBefore = await held();
    const heap = await heapMB(page);
    // The deck holds each session's newest page; older pages load as the agent scrolls up. Worst case: scroll every
    // session back to its first message and weigh the heap again.
    const loadAllStarted = Date.now();
    for (const c of seeded.conversations) await scrollToFirstMessage(page, c.id, c.lastSeq);
    const heldAll = await held();
    const heapAll = await heapMB(page);
    log(`scrolled all ${config.sessions} histories back to their first message in ${((Date.now() - loadAllStarted) / 1000).toFixed(1)} s`);

    const switchStats = summarise(switches);
    const keyStats = summarise(composerSamples);
    const bareStats = summarise(bareSamples);
    const result = {
      switchP95Ms: switchStats.p95Ms,
      keyP95Ms: keyStats.p95Ms,
      bareKeyP95Ms: bareStats.p95Ms,
      heapMB: heap.afterGc,
      sessions: config.sessions,
      messagesPerSession: config.messages,
      switch: switchStats,
      keystroke: keyStats,
      bareKeystroke: bareStats,
      keyRatioP95: Math.round((percentile(composerSamples, 95) / percentile(bareSamples, 95)) * 100) / 100,
      heapMBBeforeGc: heap.beforeGc,
      messagesHeld: heldBefore,
      heapMBAllHistoriesLoaded: heapAll.afterGc,
      messagesHeldAllLoaded: heldAll,
      chromium: browser.version(),
      goals: { switchP95Ms: `< ${GOALS.switchP95Ms}`, keyP95Ms: `≤ ${GOALS.keyRatio} × bareKeyP95Ms`, heapMB: `< ${GOALS.heapMB}` },
    };
    const out = join(root, 'bench', 'results', 'deck.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

    const verdict = (ok: boolean) => (ok ? 'meets the goal' : 'MISSES the goal');
    log(`session switch  p50 ${switchStats.p50Ms} ms  p95 ${switchStats.p95Ms} ms  max ${switchStats.maxMs} ms  (${switchStats.count} switches) — ${verdict(switchStats.p95Ms < GOALS.switchP95Ms)} (< ${GOALS.switchP95Ms} ms)`);
    log(`keystroke→paint composer p50 ${keyStats.p50Ms} ms  p95 ${keyStats.p95Ms} ms  (${keyStats.count} keys)`);
    log(`keystroke→paint bare textarea (anchor) p50 ${bareStats.p50Ms} ms  p95 ${bareStats.p95Ms} ms  (${bareStats.count} keys)`);
    log(`composer / bare p95 = ${result.keyRatioP95} — ${verdict(keyStats.p95Ms <= GOALS.keyRatio * bareStats.p95Ms)} (≤ ${GOALS.keyRatio}×)`);
    log(`renderer JS heap ${heap.afterGc} MB after GC (${heap.beforeGc} MB before), ${heldBefore} messages held — ${verdict(heap.afterGc < GOALS.heapMB)} (< ${GOALS.heapMB} MB)`);
    log(`renderer JS heap with all ${heldAll} messages loaded: ${heapAll.afterGc} MB after GC — ${verdict(heapAll.afterGc < GOALS.heapMB)}`);
    log(`wrote ${out}`);
  } finally {
    await browser.close();
    await host.close();
    await hub.close();
    if (!config.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
