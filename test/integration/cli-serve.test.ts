import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/bench/server-process.js';
import { SERVER_YOUNG_GENERATION_MB } from '../../src/cli/heap-policy.js';
import { builtCli } from '../support/built-cli.js';

/** A `devmail serve` process and what it printed. */
interface Serve {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function serve(args: string[]): Serve {
  const child = spawn(process.execPath, [builtCli, 'serve', '--database', ':temp:', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function untilAnswers(url: string, running: Serve): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (running.child.exitCode !== null) throw new Error(`devmail exited during start-up:\n${running.output()}`);
    const ok = await fetch(url).then((res) => res.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`devmail did not answer on ${url}:\n${running.output()}`);
}

describe('devmail serve', () => {
  it('runs the server in a thread with a capped young generation, takes mail, and exits 0 after SIGTERM', async () => {
    const [smtpPort, httpPort] = [await findFreePort(), await findFreePort()];
    const http = `http://127.0.0.1:${httpPort}`;
    const running = serve(['--smtp', `127.0.0.1:${smtpPort}`, '--listen', `127.0.0.1:${httpPort}`]);
    await untilAnswers(`${http}/livez`, running);

    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    const sent = await transport.sendMail({ from: 'app@example.test', to: 'user@example.test', subject: 'through the server thread', text: 'hello' });
    transport.close();
    expect(sent.response).toMatch(/^250 /);
    const list = (await (await fetch(`${http}/api/v1/messages`)).json()) as { total: number; messages: Array<{ Subject: string }> };
    expect(list.total).toBe(1);
    expect(list.messages[0].Subject).toBe('through the server thread');

    // The metrics describe the heap of the thread that answers them: the server's. A process's
    // main thread would have V8's default (32 MB of new space on 64-bit, reached at start-up).
    const metrics = await (await fetch(`${http}/metrics`)).text();
    const newSpace = Number(/^nodejs_heap_space_size_total_bytes\{space="new"\} (\d+)/m.exec(metrics)?.[1]);
    expect(newSpace).toBeGreaterThan(0);
    expect(newSpace).toBeLessThanOrEqual(SERVER_YOUNG_GENERATION_MB * 1024 * 1024);

    running.child.kill('SIGTERM');
    expect(await running.exit).toBe(0);
    expect(running.output()).toMatch(/shutting down: finishing messages in flight/);
    expect(running.output()).toMatch(/"msg":"stopped"/);
  });

  it('exits 2 naming the flag and its variable when a value is invalid', async () => {
    const running = serve(['--smtp', 'nonsense']);
    expect(await running.exit).toBe(2);
    expect(running.output()).toMatch(/^devmail: --smtp \/ DEVMAIL_SMTP: .*"nonsense"/m);
  });

  it('exits 2 when the database cannot be opened', async () => {
    const running = serve(['--database', '/nonexistent-devmail-dir/devmail.db', '--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--quiet']);
    expect(await running.exit).toBe(2);
    expect(running.output()).toMatch(/^devmail: cannot open the database file "\/nonexistent-devmail-dir\/devmail\.db"/m);
  });

  it('exits 1 saying so when a listener cannot start', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as { port: number };
      const running = serve(['--smtp', `127.0.0.1:${port}`, '--listen', `127.0.0.1:${await findFreePort()}`, '--quiet']);
      expect(await running.exit).toBe(1);
      expect(running.output()).toMatch(new RegExp(`^devmail: SMTP cannot listen on 127\\.0\\.0\\.1:${port}`, 'm'));
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
