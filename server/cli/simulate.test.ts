import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHub, type Hub } from '../hub';
import { listOpenConversations } from '../repos/conversations';
import { listMessagesAfter } from '../repos/messages';
import { SimulatedAgent, loginAgent } from '../simulator/agent';
import { createStats } from '../simulator/stats';
import { parseSimulateArgs } from './simulate';

const cliPath = resolve(fileURLToPath(import.meta.url), '..', 'simulate.ts');

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm run simulate: arguments', () => {
  it('accepts a complete command line and applies defaults', () => {
    const parsed = parseSimulateArgs(['--hub', 'http://127.0.0.1:8787', '--customers', '10', '--rate', '2.5', '--duration', '30']);
    expect(parsed).toEqual({
      ok: true,
      args: { hub: 'http://127.0.0.1:8787', customers: 10, rate: 2.5, duration: 30, seed: 1, agents: [], password: 'demo123', quiet: false },
    });
    const withAgents = parseSimulateArgs(['--hub', 'http://h:1', '--customers', '1', '--rate', '1', '--duration', '1', '--agents', 'agent01, agent02', '--think', '100-200']);
    expect(withAgents.ok && [withAgents.args.agents, withAgents.args.think]).toEqual([['agent01', 'agent02'], [100, 200]]);
  });

  it('names every bad or missing argument', () => {
    const parsed = parseSimulateArgs(['--hub', 'ftp://x', '--customers', '1.5', '--rate', 'fast', '--think', '9-1']);
    expect(parsed.ok).toBe(false);
    const message = parsed.ok ? '' : parsed.message;
    expect(message).toMatch(/--hub: must be an http\(s\) URL/);
    expect(message).toMatch(/--customers: must be a whole number/);
    expect(message).toMatch(/--rate: must be a number/);
    expect(message).toMatch(/--duration: is required/);
    expect(message).toMatch(/--think: MIN must not exceed MAX/);
    expect(parseSimulateArgs(['--hub', 'http://h:1', '--bogus', '1'])).toMatchObject({ ok: false, message: expect.stringMatching(/bogus/) });
  });

  it('exits with 2 and the usage on bad arguments', async () => {
    const { code, stderr } = await runCli(['--customers', '0']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--customers: must be between 1 and 20000/);
    expect(stderr).toMatch(/usage: npm run simulate/);
  });
});

describe('npm run simulate against a running hub', () => {
  let dir: string;
  let hub: Hub;
  let agent: SimulatedAgent;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
    hub = await startHub({ dbPath: join(dir, 'hub.db'), demo: true, log: () => {} });
    const { token, agentId } = await loginAgent(hub.url, 'agent01', 'demo123');
    agent = new SimulatedAgent({ hubUrl: hub.url, token, agentId, index: 0, seed: 1, stats: createStats(), behaviour: { thinkTimeMs: [50, 150] } });
    await agent.start();
  });
  afterEach(async () => {
    agent.close();
    await hub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings customers in at the given rate; they ask, get answers and follow up, and every message is acknowledged', async () => {
    const { code, stdout, stderr } = await runCli(['--hub', hub.url, '--customers', '4', '--rate', '4', '--duration', '3', '--think', '100-300', '--seed', '5']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\[运行中 running\] 已连接 connected \d+\/\d+/);
    const final = stdout.split('\n').find((l) => l.startsWith('[结束 final]'))!;
    const [, sent, acked] = /sent\/acked (\d+)\/(\d+)/.exec(final)!;
    const replies = Number(/replies (\d+)/.exec(final)![1]);
    expect(Number(sent)).toBeGreaterThan(4); // four questions and some follow-ups
    expect(acked).toBe(sent);
    expect(replies).toBeGreaterThan(0);
    expect(final).toMatch(/未确认 unacknowledged 0/);

    // What the CLI reports is what the hub stored.
    const conversations = listOpenConversations(hub.db);
    expect(conversations).toHaveLength(4);
    const customerMessages = conversations.flatMap((c) => listMessagesAfter(hub.db, c.id, 0)).filter((m) => m.senderKind === 'customer');
    expect(customerMessages).toHaveLength(Number(sent));
  });
});
