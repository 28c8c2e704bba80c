import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/core/types.js';
import { builtCli } from '../support/built-cli.js';
import { startTestServer, type TestServer } from './harness.js';

const cli = builtCli;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let server: TestServer;
let work: string;

beforeAll(async () => {
  server = await startTestServer();
  work = mkdtempSync(join(tmpdir(), 'devmail-sendmail-test-'));
}, 240_000);

afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs the built CLI's sendmail (or `program` directly, e.g. a symlink) with `input` on stdin. */
function sendmail(args: string[], input: string, opts: { program?: string; smtp?: string } = {}): Promise<RunResult> {
  const argv = opts.program ? [opts.program, ...args] : [cli, 'sendmail', ...args];
  const child = spawn(process.execPath, argv, {
    env: { ...process.env, USER: 'tester', DEVMAIL_SENDMAIL_SMTP: opts.smtp ?? `127.0.0.1:${server.urls.smtp.port}` },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.on('error', () => {}); // sendmail may stop reading at a lone "." before we finish writing
  child.stdin.end(input);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The one stored message with this subject. */
async function storedBySubject(subject: string): Promise<StoredMessage> {
  const { messages } = await server.store.list({ limit: 0 });
  const matches = messages.filter((m) => m.subject === subject);
  expect(matches, `messages with subject "${subject}"`).toHaveLength(1);
  const message = await server.store.get(matches[0].id);
  expect(message).not.toBeNull();
  return message!;
}

const headerLines = (raw: Buffer, name: string) => raw.toString('utf8').split('\r\n\r\n')[0].split('\r\n').filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));

describe('devmail sendmail', () => {
  it('with -t sends to To, Cc and Bcc, removes the Bcc header, and records -f as the envelope sender', async () => {
    const subject = 'sendmail -t with Bcc';
    const input = [
      'From: App <app@example.com>',
      'To: Ann <ann@example.com>',
      'Cc: cy@example.com',
      'Bcc: "Secret Person" <secret@example.com>,',
      '  hidden@example.com',
      `Subject: ${subject}`,
      '',
      'Hello from PHP.',
      '',
    ].join('\n');
    const run = await sendmail(['-t', '-i', '-f', 'bounces@example.com'], input);
    expect(run).toMatchObject({ code: 0, stderr: '' });

    const message = await storedBySubject(subject);
    expect(message.envelope.mailFrom).toBe('bounces@example.com');
    expect([...message.envelope.rcptTo].sort()).toEqual(['ann@example.com', 'cy@example.com', 'hidden@example.com', 'secret@example.com']);
    const raw = message.raw.toString('utf8');
    expect(headerLines(message.raw, 'Return-Path')).toEqual(['Return-Path: <bounces@example.com>']);
    // What sendmail sent had no Bcc; the only Bcc line is the one devmail adds for
    // envelope-only recipients, without the display name the original header carried.
    expect(raw).not.toContain('Secret Person');
    expect(headerLines(message.raw, 'Bcc')).toEqual(['Bcc: secret@example.com, hidden@example.com']);
    expect(raw).toContain('\r\n\r\nHello from PHP.\r\n');
  });

  it('ends the message at a lone "." line, unless -i (or -oi) is given', async () => {
    const body = (subject: string) => `To: ann@example.com\nSubject: ${subject}\n\nbefore\n.\nafter\n`;
    expect((await sendmail(['ann@example.com'], body('dot ends input'))).code).toBe(0);
    expect((await sendmail(['-oi', 'ann@example.com'], body('dot kept with -oi'))).code).toBe(0);

    const cut = (await storedBySubject('dot ends input')).raw.toString();
    expect(cut).toContain('before\r\n');
    expect(cut).not.toContain('after');
    const kept = (await storedBySubject('dot kept with -oi')).raw.toString();
    expect(kept).toContain('\r\n\r\nbefore\r\n.\r\nafter\r\n');
  });

  it('sends to command-line recipients from $USER@host by default, adding From with the -F name', async () => {
    const run = await sendmail(['-F', 'Ann Example', '-odi', '-oem', 'first@example.com,second@example.com', 'third@example.com'], 'Subject: defaults\n\nbody\n');
    expect(run.code).toBe(0);
    const message = await storedBySubject('defaults');
    const sender = `tester@${hostname()}`;
    expect(message.envelope.mailFrom).toBe(sender);
    expect(message.envelope.rcptTo).toEqual(['first@example.com', 'second@example.com', 'third@example.com']);
    expect(headerLines(message.raw, 'From')).toEqual([`From: Ann Example <${sender}>`]);
    expect(headerLines(message.raw, 'Date')).toHaveLength(1);
  });

  it('works when the CLI is invoked through a symlink named sendmail', async () => {
    const link = join(work, 'sendmail');
    symlinkSync(cli, link);
    const run = await sendmail(['-t', '-f', 'link@example.com'], 'To: bob@example.com\nSubject: via symlink\n\nhi\n', { program: link });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const message = await storedBySubject('via symlink');
    expect(message.envelope).toMatchObject({ mailFrom: 'link@example.com', rcptTo: ['bob@example.com'] });
  });

  it('with -bs relays an SMTP conversation on stdin/stdout to devmail', async () => {
    const child = spawn(process.execPath, [cli, 'sendmail', '-bs', '--smtp-addr', `127.0.0.1:${server.urls.smtp.port}`]);
    let transcript = '';
    const waiters: Array<{ resolve: (line: string) => void }> = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      transcript += chunk.toString();
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\r\n')) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 2);
        // The last line of a reply has a space after the code (RFC 5321 4.2.1).
        if (line[3] === ' ') waiters.shift()?.resolve(line);
      }
    });
    const reply = () => new Promise<string>((resolve) => waiters.push({ resolve }));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const say = async (line: string) => {
      const next = reply();
      child.stdin.write(`${line}\r\n`);
      return next;
    };

    expect(await reply()).toMatch(/^220 /);
    expect(await say('EHLO client.example')).toMatch(/^250 /);
    expect(await say('MAIL FROM:<bs@example.com>')).toMatch(/^250 /);
    expect(await say('RCPT TO:<rcpt@example.com>')).toMatch(/^250 /);
    expect(await say('DATA')).toMatch(/^354 /);
    const queued = await say('Subject: over -bs\r\n\r\nrelayed\r\n.');
    const id = /queued as (\S+)/.exec(queued)?.[1];
    expect(id, transcript).toBeTruthy();
    expect(await say('QUIT')).toMatch(/^221 /);
    child.stdin.end();
    expect(await exited).toBe(0);

    const message = await server.store.get(id!);
    expect(message?.envelope).toMatchObject({ mailFrom: 'bs@example.com', rcptTo: ['rcpt@example.com'] });
    expect(message?.raw.toString()).toContain('\r\n\r\nrelayed\r\n');
  });

  it('exits 64 without recipients, and 69 when no server listens', async () => {
    const none = await sendmail([], 'Subject: nobody\n\nx\n');
    expect(none.code).toBe(64);
    expect(none.stderr).toMatch(/no recipient/);

    // A port that was just free: nothing listens there.
    const { findFreePort } = await import('../../src/bench/server-process.js');
    const down = await sendmail(['a@example.com'], 'Subject: down\n\nx\n', { smtp: `127.0.0.1:${await findFreePort()}` });
    expect(down.code).toBe(69);
    expect(down.stderr).toMatch(/ECONNREFUSED/);
  });
});
