/**
 * Page helpers for the deck's end-to-end tests and screenshots: sign in, customers on the hub's chat page, reading
 * the deck, the hub's database (read-only), and a layout check that finds overlapping or clipped elements.
 */
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import type { HubDb } from '../../server/db/open';
import { listOpenConversations } from '../../server/repos/conversations';
import { listMessagesAfter } from '../../server/repos/messages';
import type { Message } from '../../shared/protocol/hub';

export async function signIn(page: Page, hostUrl: string, username: string): Promise<void> {
  await page.goto(hostUrl);
  await page.getByTestId(`demo-account-${username}`).click();
  await expect(page.getByTestId('deck')).toBeVisible();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
}

export interface Customer {
  page: Page;
  context: BrowserContext;
  firstMessage: string;
  /** The hub's conversation id, found in the hub's database by the first message. */
  conversationId: string;
}

/** A customer on the hub's H5 chat page (own context: the page keeps its identity in localStorage). */
export async function openCustomer(browser: Browser, hub: { url: string; db: string }, firstMessage: string): Promise<Customer> {
  const context = await browser.newContext({ viewport: { width: 390, height: 720 } });
  const page = await context.newPage();
  await page.goto(hub.url);
  await expect(page.getByTestId('customer-status')).toHaveText('已连接');
  await page.getByTestId('customer-input').fill(firstMessage);
  await page.getByTestId('customer-send').click();
  await expect(customerBubbles(page, firstMessage)).toHaveCount(1);
  let conversationId: string | undefined;
  await expect
    .poll(() => (conversationId = conversationStartedWith(hub.db, firstMessage)), { message: `the hub stored "${firstMessage}"` })
    .toBeTruthy();
  return { page, context, firstMessage, conversationId: conversationId! };
}

/** The open conversation whose first customer message is `text`. */
export function conversationStartedWith(dbPath: string, text: string): string | undefined {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true }) as HubDb;
  try {
    return listOpenConversations(db).find((c) => listMessagesAfter(db, c.id, 0, 5).some((m) => m.senderKind === 'customer' && m.text === text))?.id;
  } finally {
    db.close();
  }
}

/** Bubbles on the customer page whose text is exactly `text`. */
export function customerBubbles(page: Page, text: string): Locator {
  return page.locator('[data-testid="customer-log"] .msg > span:first-child', { hasText: text }).filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`) });
}

export const sessionItems = (page: Page): Locator => page.locator('[data-testid^="session-CV-"]');


/** Session ids in the order the list shows them (the order Ctrl+1…9 follows). */
export async function sessionOrder(page: Page): Promise<string[]> {
  const ids = await sessionItems(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!.slice('session-'.length)));
  return ids;
}

export async function openSession(page: Page, conversationId: string): Promise<void> {
  await page.getByTestId(`session-${conversationId}`).click();
  await expect(page.getByTestId('conversation')).toHaveAttribute('data-conversation-id', conversationId);
}

export async function sendFromDeck(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer');
  await expect(composer).toBeEditable();
  await composer.fill(text);
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('message-list').locator('[data-role="text"]', { hasText: text })).toHaveCount(1);
}

/** Every message the hub has stored for a conversation, read from its database file without writing to it. */
export function readHubMessages(dbPath: string, conversationId: string): Message[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true }) as HubDb;
  try {
    return listMessagesAfter(db, conversationId, 0, 1_000_000);
  } finally {
    db.close();
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------------------------------------------
// Layout check

export interface LayoutRule {
  /** What the rule is about, for the failure message. */
  name: string;
  /** Elements checked (CSS selector). */
  selector: string;
  /** Each element must lie inside its closest ancestor matching this selector (horizontally; vertically too unless `scrolls`). */
  container?: string;
  /** The container scrolls vertically (lists): only the horizontal extent is checked. */
  scrolls?: boolean;
  /** Elements matched by `selector` must not overlap one another. */
  noOverlap?: boolean;
  /** Elements (or their descendants matching this selector) must show their full text: scrollWidth ≤ clientWidth. */
  noTruncation?: string | true;
}

/**
 * Runs the rules in the page and returns every problem found, described in words (empty when the layout is clean).
 * Every rule must match at least one visible element, so a renamed test id cannot make the check pass vacuously.
 */
export async function layoutProblems(page: Page, rules: LayoutRule[]): Promise<string[]> {
  return page.evaluate((rulesInPage) => {
    const problems: string[] = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const TOLERANCE = 1; // sub-pixel rounding
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const text = (el.textContent ?? '').trim().slice(0, 24);
      return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').filter(Boolean).slice(0, 2).join('.')}` : ''} "${text}"`;
    };
    const box = (r: DOMRect) => `(${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)})`;
    for (const rule of rulesInPage) {
      const els = [...document.querySelectorAll(rule.selector)].filter(visible);
      if (els.length === 0) {
        problems.push(`${rule.name}: nothing visible matches ${rule.selector}`);
        continue;
      }
      for (const el of els) {
        const r = el.getBoundingClientRect();
        if (r.left < -TOLERANCE || r.right > vw + TOLERANCE || (!rule.scrolls && (r.top < -TOLERANCE || r.bottom > vh + TOLERANCE))) {
          problems.push(`${rule.name}: ${describe(el)} ${box(r)} is outside the viewport ${vw}×${vh}`);
        }
        if (rule.container) {
          const parent = el.parentElement?.closest(rule.container);
          if (!parent) problems.push(`${rule.name}: ${describe(el)} has no ancestor ${rule.container}`);
          else {
            const p = parent.getBoundingClientRect();
            const outH = r.left < p.left - TOLERANCE || r.right > p.right + TOLERANCE;
            const outV = !rule.scrolls && (r.top < p.top - TOLERANCE || r.bottom > p.bottom + TOLERANCE);
            if (outH || outV) problems.push(`${rule.name}: ${describe(el)} ${box(r)} sticks out of ${describe(parent)} ${box(p)}`);
          }
        }
        if (rule.noTruncation) {
          const targets = rule.noTruncation === true ? [el] : [...el.querySelectorAll(rule.noTruncation)];
          for (const t of targets) {
            if (!(t instanceof HTMLElement) || !visible(t)) continue;
            if (t.scrollWidth > t.clientWidth + TOLERANCE) problems.push(`${rule.name}: text of ${describe(t)} is cut off (${t.scrollWidth} > ${t.clientWidth})`);
          }
        }
      }
      if (rule.noOverlap) {
        for (let i = 0; i < els.length; i++) {
          for (let j = i + 1; j < els.length; j++) {
            const a = els[i]!.getBoundingClientRect();
            const b = els[j]!.getBoundingClientRect();
            const overlapW = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const overlapH = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (overlapW > TOLERANCE && overlapH > TOLERANCE) problems.push(`${rule.name}: ${describe(els[i]!)} ${box(a)} overlaps ${describe(els[j]!)} ${box(b)}`);
          }
        }
      }
    }
    return problems;
  }, rules);
}

/** The deck's key elements and what must hold for them at any language, font scale and theme. */
export const DECK_LAYOUT_RULES: LayoutRule[] = [
  { name: 'header controls', selector: '[data-testid="header-controls"] > *', container: '.ws-header', noOverlap: true },
  { name: 'header', selector: '.ws-header', noTruncation: '.ws-brand, .ant-badge-status-text, [data-testid="agent-status"] .ant-select-content' },
  { name: 'pool header', selector: '.ws-pool-head > *', container: '.ws-pool-head', noOverlap: true, noTruncation: true },
  { name: 'session items', selector: '[data-testid^="session-CV-"]', container: '[data-testid="session-list"]', scrolls: true, noOverlap: true },
  { name: 'session rows', selector: '.ws-session-row > *', container: '.ws-session-row', scrolls: true, noTruncation: '.ws-sla, .ant-tag, .ws-nowrap' },
  { name: 'conversation title', selector: '.ws-conversation-title > *', container: '.ws-conversation-head', noOverlap: true, noTruncation: '.ws-state-badge' },
  {
    name: 'ticket action buttons',
    selector: '[data-testid="ticket-actions"] .ant-btn',
    container: '.ws-conversation-head',
    noOverlap: true,
    noTruncation: '.ws-action-label',
  },
  { name: 'title vs actions', selector: '.ws-conversation-title, [data-testid="ticket-actions"]', container: '.ws-conversation-head', noOverlap: true },
  { name: 'message bubbles', selector: '[data-testid="message-list"] .ws-bubble, [data-testid="message-list"] .ws-message-system', container: '.ws-message-wrap', scrolls: true },
  { name: 'composer', selector: '.ws-composer', container: '.ws-conversation' },
  { name: 'composer parts', selector: '.ws-composer-body > *, .ws-composer-toolbar > *', container: '.ws-composer', noOverlap: true, noTruncation: '.ant-btn > span:not(.anticon)' },
  { name: 'side panel tabs', selector: '[data-testid^="side-tab-"]', container: '.ws-side', noOverlap: true, noTruncation: true },
];
