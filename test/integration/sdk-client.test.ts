import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Mail from 'nodemailer/lib/mailer';
import { DevmailApiError, DevmailClient } from '../../src/sdk/index.js';
import { repoRoot } from '../support/built-cli.js';
import { sendWithNodemailer, startTestServer, type TestServer } from './harness.js';

/**
 * The SDK against a real devmail: mail arrives over real SMTP (nodemailer), the SDK talks to
 * the API over HTTP as a test suite would.
 */

let server: TestServer;
let mail: DevmailClient;

beforeEach(async () => {
  server = await startTestServer();
  mail = new DevmailClient({ url: server.urls.http });
});
afterEach(async () => {
  await server?.close();
});

function send(message: Mail.Options): Promise<void> {
  return sendWithNodemailer(server, { from: 'Shop <noreply@shop.test>', ...message });
}

const signupEmail = (to: string): Mail.Options => ({
  to,
  subject: 'Confirm your account',
  text: 'Welcome! Your verification code is 604218.\nConfirm: https://shop.test/confirm?token=t0k3n&user=42\n© 2025 Shop',
  html:
    '<p>Welcome!</p><p>Your verification code is <b>604218</b>.</p>' +
    '<a href="https://shop.test/confirm?token=t0k3n&amp;user=42">Confirm my account</a> ' +
    '<a href="https://shop.test/help">Help</a><p>© 2025 Shop</p>',
  headers: { 'X-Flow': 'signup' },
  attachments: [{ filename: 'terms.txt', content: 'Be nice.\n', contentType: 'text/plain' }],
});

describe('DevmailClient', () => {
  it('waits for a sign-up email sent after it started waiting, and reads its links, code and parts', async () => {
    const waiting = mail.waitFor({ to: 'new.user@example.test', subject: 'Confirm', timeoutMs: 20_000 });
    await send({ to: 'someone.else@example.test', subject: 'Confirm your account', text: 'not this one' });
    await send(signupEmail('new.user@example.test'));
    const message = await waiting;

    expect(message.subject).toBe('Confirm your account');
    expect(message.to).toEqual([{ Name: '', Address: 'new.user@example.test' }]);
    expect(message.from).toEqual({ Name: 'Shop', Address: 'noreply@shop.test' });
    expect(message.text()).toContain('604218');
    expect(message.html()).toContain('<b>604218</b>');
    expect(message.links()).toEqual([
      { url: 'https://shop.test/confirm?token=t0k3n&user=42', text: 'Confirm my account' },
      { url: 'https://shop.test/help', text: 'Help' },
    ]);
    expect(message.link(/confirm/)?.url).toBe('https://shop.test/confirm?token=t0k3n&user=42');
    expect(message.code()).toBe('604218');
    expect(message.codes()).toEqual(['604218']);

    const [terms] = message.attachments();
    expect(terms).toMatchObject({ fileName: 'terms.txt', contentType: 'text/plain', size: 9 });
    expect(new TextDecoder().decode(await terms.content())).toBe('Be nice.\n');
    expect(await message.header('x-flow')).toBe('signup');
    expect((await message.headers())['Subject']).toEqual(['Confirm your account']);
    expect(await message.raw()).toMatch(/^Received: /);
  });

  it('answers at once for a message already stored, and with after: only for newer ones', async () => {
    await send({ to: 'a@example.test', subject: 'Reset password', text: 'code 1111' });
    const first = await mail.waitFor({ to: 'a@example.test', timeoutMs: 5_000 });
    expect(first.subject).toBe('Reset password');

    const since = await mail.checkpoint();
    expect(since).toBe(first.id);
    const waiting = mail.waitFor({ to: 'a@example.test', after: since, timeoutMs: 20_000 });
    await send({ to: 'a@example.test', subject: 'Reset password again', text: 'code 2222' });
    const second = await waiting;
    expect(second.subject).toBe('Reset password again');
    expect(second.code()).toBe('2222');
  });

  it('throws a 408 DevmailApiError when nothing matches in time', async () => {
    const err = await mail.waitFor({ from: 'nobody@example.test', timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevmailApiError);
    expect((err as DevmailApiError).status).toBe(408);
  });

  it('lists, searches, gets, marks read, deletes and clears', async () => {
    await send({ to: 'x@example.test', subject: 'One', text: 'alpha' });
    await send({ to: 'y@example.test', subject: 'Two', text: 'beta' });
    await send({ to: 'y@example.test', subject: 'Three', text: 'gamma' });

    const page = await mail.list({ limit: 2 });
    expect(page.total).toBe(3);
    expect(page.messages.map((m) => m.Subject)).toEqual(['Three', 'Two']);
    const found = await mail.search('to:y@example.test');
    expect(found.matching).toBe(2);

    const two = found.messages[1];
    expect(two.Subject).toBe('Two');
    expect(await mail.raw(two.ID)).toContain('Subject: Two');
    expect((await mail.headers(two.ID))['To']).toEqual(['y@example.test']);
    expect((await mail.get(two.ID)).text()).toContain('beta');
    expect((await mail.list()).unread).toBe(2);
    await mail.markRead('all');
    expect((await mail.list()).unread).toBe(0);
    await mail.markRead(two.ID, false);
    expect((await mail.list()).unread).toBe(1);
    expect((await mail.latest('subject:one')).subject).toBe('One');

    await mail.delete(two.ID);
    await mail.delete([]);
    expect((await mail.list()).total).toBe(2);
    await mail.deleteMatching('subject:three');
    expect((await mail.list()).total).toBe(1);
    await mail.clear();
    expect((await mail.list()).total).toBe(0);
    expect(await mail.checkpoint()).toBeUndefined();
    await expect(mail.get(two.ID)).rejects.toMatchObject({ status: 404 });
  });

  it('release() posts to the release route and reports the server refusing it', async () => {
    await send({ to: 'r@example.test', subject: 'Release me', text: 'x' });
    const message = await mail.latest();
    const err = await mail.release(message.id, ['real@example.test']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DevmailApiError);
    expect((err as DevmailApiError).request).toBe(`POST /api/v1/message/${message.id}/release`);
  });
});

describe('DevmailClient.release() to a second devmail', () => {
  let target: TestServer;

  beforeEach(async () => {
    target = await startTestServer();
    await server.close();
    server = await startTestServer(['--smtp-relay-host', '127.0.0.1', '--smtp-relay-port', String(target.urls.smtp.port)]);
    mail = new DevmailClient({ url: server.urls.http });
  });
  afterEach(async () => {
    await target.close();
  });

  it('delivers the message to the relay server for the given recipients', async () => {
    await send({ to: 'r@example.test', subject: 'Release for real', text: 'released by the SDK' });
    const message = await mail.latest();
    await mail.release(message.id, ['real@example.test']);
    const released = await new DevmailClient({ url: target.urls.http }).waitFor({ subject: 'Release for real', timeoutMs: 10_000 });
    expect(released.text()).toContain('released by the SDK');
    expect((await target.store.get(released.id))?.envelope.rcptTo).toEqual(['real@example.test']);
  });
});

describe('DevmailClient with credentials', () => {
  let dir: string;

  beforeEach(async () => {
    await server.close();
    dir = await mkdtemp(join(tmpdir(), 'devmail-sdk-auth-'));
    const file = join(dir, 'users');
    await writeFile(file, 'tester:pa:ss\n');
    server = await startTestServer(['--ui-auth-file', file]);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sends "user:password" as basic auth, also when given in the URL', async () => {
    await send({ to: 'auth@example.test', subject: 'Secret', text: 'x' });
    await expect(new DevmailClient({ url: server.urls.http }).list()).rejects.toMatchObject({ status: 401 });
    await expect(new DevmailClient({ url: server.urls.http, token: 'tester:wrong' }).list()).rejects.toMatchObject({ status: 401 });
    const withToken = new DevmailClient({ url: server.urls.http, token: 'tester:pa:ss' });
    expect((await withToken.waitFor({ subject: 'Secret', timeoutMs: 5_000 })).subject).toBe('Secret');
    const url = new URL(server.urls.http);
    url.username = 'tester';
    url.password = 'pa:ss';
    expect((await new DevmailClient({ url }).list()).total).toBe(1);
  });
});

describe('the devmail/sdk package export', () => {
  it('resolves to the built SDK with its types', () => {
    const script = "const sdk = await import('devmail/sdk'); console.log(typeof sdk.DevmailClient, typeof sdk.findCodes);";
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('function function');
    const manifest = spawnSync(process.execPath, ['-p', "require('./package.json').exports['./sdk'].types"], { cwd: repoRoot, encoding: 'utf8' });
    expect(manifest.stdout.trim()).toBe('./dist/sdk/index.d.ts');
  });
});

describe('the devmail package export', () => {
  it('starts a whole server in-process from command-line flags', () => {
    const script = [
      "const { startDevmail, loadConfig } = await import('devmail');",
      "const mail = await startDevmail(loadConfig({ argv: ['--database', ':temp:', '--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--quiet'], env: {} }));",
      "const info = await (await fetch(new URL('api/v1/info', mail.urls.http))).json();",
      'console.log(mail.urls.smtp.port > 0, info.Messages);',
      'await mail.close();',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('true 0');
    const manifest = spawnSync(process.execPath, ['-p', "require('./package.json').exports['.'].types"], { cwd: repoRoot, encoding: 'utf8' });
    expect(manifest.stdout.trim()).toBe('./dist/index.d.ts');
  });
});
