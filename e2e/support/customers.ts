/**
 * Helpers for the compliance and customer-panel end-to-end tests: demo customers on the hub's chat page (signed in
 * as a profile with `?customer=C0006`), the hub's audit ledger read through its own module, and the ledger verifier
 * run the way an auditor would (`npm run audit -- verify`).
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { exportAudit, type AuditRow } from '../../server/audit/ledger';
import { conversationStartedWith, customerBubbles } from './deck';

export interface ChatCustomer {
  page: Page;
  context: BrowserContext;
  conversationId: string;
  firstMessage: string;
}

/** A customer on the chat page, as a demo profile (`customerId`) or as an anonymous visitor (null). */
export async function openChatAs(
  browser: Browser,
  hub: { url: string; db: string; lines?: string[] },
  customerId: string | null,
  firstMessage: string,
): Promise<ChatCustomer> {
  const context = await browser.newContext({ viewport: { width: 390, height: 760 } });
  const page = await context.newPage();
  await page.goto(customerId ? `${hub.url}/?customer=${customerId}` : hub.url);
  await expect(page.getByTestId('customer-status')).toHaveText('已连接');
  await page.getByTestId('customer-input').fill(firstMessage);
  await page.getByTestId('customer-send').click();
  await expect(customerBubbles(page, firstMessage)).toHaveCount(1);
  let conversationId: string | undefined;
  // On failure the hub's own log says why (it answers a customer only "Internal error; the hub logged it").
  const hubLog = () => (hub.lines ?? []).slice(-30).join('\n');
  await expect
    .poll(() => (conversationId = conversationStartedWith(hub.db, firstMessage)), { message: `the hub stored "${firstMessage}"; hub log:\n${hubLog()}` })
    .toBeTruthy();
  return { page, context, conversationId: conversationId!, firstMessage };
}

/** Every row of the hub's audit ledger (read-only). */
export function readLedger(dbPath: string): AuditRow[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return exportAudit(db, { from: '2000-01-01', to: '2999-12-31' });
  } finally {
    db.close();
  }
}

/** `npm run audit -- verify --db <hub db>`: exit code and output. */
export function verifyLedgerCli(dbPath: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit.ts', 'verify', '--db', dbPath], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** `npm run customers -- import FILE --db <hub db>` while the hub runs. */
export function importCustomersCli(file: string, dbPath: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/customers.ts', 'import', file, '--db', dbPath], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
