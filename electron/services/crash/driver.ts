/**
 * A child process for the crash-safety test: opens the workstation services on a data folder, signs in, and then
 * works like a busy agent (a message every few milliseconds, a draft save every 50 ms) until it is killed. Each
 * action is reported on stdout only after the service call has returned, so the parent knows exactly what the
 * services had promised to keep at the moment of the kill.
 *
 *   node --import tsx electron/services/crash/driver.ts --data-dir D --hub URL --conversation ID --run N [--drain]
 *
 * Output lines: READY · SENT <clientMsgId> · DRAFT <run>-<index> <epochMs> · DRAINED <failed> · RECOVERED <reason>
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createWorkstation } from '../workstation';
import { MemoryTokenVault } from '../tokenVault';
import { listOutbox } from '../local/outbox';
import { openLocalDbWithRecovery } from '../local/recover';

const ArgsSchema = z.object({
  'data-dir': z.string().min(1),
  hub: z.string().url(),
  conversation: z.string().min(1),
  run: z.coerce.number().int().nonnegative(),
  username: z.string().default('agent01'),
  drain: z.boolean().default(false),
});

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      hub: { type: 'string' },
      conversation: { type: 'string' },
      run: { type: 'string' },
      username: { type: 'string' },
      drain: { type: 'boolean' },
    },
    strict: true,
  });
  const args = ArgsSchema.parse(values);
  const dataDir = args['data-dir'];
  const conversationId = args.conversation;
  const { db, recovered } = openLocalDbWithRecovery(join(dataDir, 'workstation.db'));
  if (recovered) say(`RECOVERED ${recovered.reason}`);
  const ws = createWorkstation({
    db,
    mode: 'browser',
    version: 'crash-driver',
    dataDir,
    tokenVault: new MemoryTokenVault(),
    defaultHubUrl: () => Promise.resolve(args.hub),
  });
  await ws.ready;
  const visible = new Promise<void>((resolve) => {
    const check = (list: { id: string }[]) => list.some((c) => c.id === conversationId) && resolve();
    ws.events.on('conversations.changed', check);
  });
  await ws.handlers.signIn({ hubUrl: args.hub, username: args.username, password: 'demo123' });
  await visible;
  say('READY');

  if (args.drain) {
    // Only sign in and let the reconnect resynchronise and flush the outbox.
    while (listOutbox(db, { status: 'pending' }).length > 0) await new Promise((r) => setTimeout(r, 20));
    say(`DRAINED ${listOutbox(db, { status: 'failed' }).length}`);
    ws.close();
    db.close();
    return;
  }

  let message = 0;
  let draft = 0;
  const sendTimer = setInterval(() => {
    const clientMsgId = `crash-r${args.run}-m${String(message).padStart(5, '0')}`;
    void Promise.resolve(ws.handlers.sendMessage({ conversationId, text: `崩溃测试 run ${args.run} #${message}`, clientMsgId })).then(() => say(`SENT ${clientMsgId}`));
    message++;
  }, 8);
  const draftTimer = setInterval(() => {
    const index = draft++;
    void Promise.resolve(ws.handlers.saveDraft({ conversationId, text: `草稿 run ${args.run} #${index}` })).then(() => say(`DRAFT ${args.run}-${index} ${Date.now()}`));
  }, 50);
  // Killed from outside; stop on our own after a while so that a lost parent never leaves this running.
  setTimeout(() => {
    clearInterval(sendTimer);
    clearInterval(draftTimer);
    process.exit(3);
  }, 30_000).unref();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
