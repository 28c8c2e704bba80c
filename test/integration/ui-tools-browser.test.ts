import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, watchPage } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { hasService } from '../support/services.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The UI's tools in headless Chromium: the SMTP session transcript from a message and the
 * sessions page, releasing a message to a second devmail and the relay queue, and chaos rules
 * added in the UI that a real SMTP client then meets.
 */

async function send(server: TestServer, to: string, subject: string): Promise<string> {
  const transport = nodemailer.createTransport({ ...server.urls.smtp, secure: false, ignoreTLS: true, name: 'app.example.test' });
  try {
    const info = await transport.sendMail({ from: 'app@example.com', to, subject, text: 'hello' });
    return /queued as (\S+)/.exec(info.response)![1];
  } finally {
    transport.close();
  }
}

/**
 * An SMTP connection that says hello, sends a NOOP carrying markup (hostile text the transcript
 * must show as text) and leaves without sending mail.
 */
function helloAndQuit(server: TestServer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.urls.smtp.port, server.urls.smtp.host);
    const steps = ['EHLO no-mail.example.test', 'NOOP <img src=x onerror="window.pwned=1">', 'QUIT'];
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString();
      // Each complete reply (its last line has a space after the code) sends the next step.
      if (!/^\d{3} .*\r\n$/m.test(buffered)) return;
      buffered = '';
      const next = steps.shift();
      if (next) socket.write(`${next}\r\n`);
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

describe.skipIf(!hasService('chromium'))('the tool pages in a browser', () => {
  let server: TestServer;
  let target: TestServer;
  let browser: Browser;
  let page: Page;
  let seen: ReturnType<typeof watchPage>;

  beforeAll(async () => {
    target = await startTestServer();
    [server, browser] = await Promise.all([
      startTestServer(['--smtp-relay-host', '127.0.0.1', '--smtp-relay-port', String(target.urls.smtp.port)]),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.close(), target?.close()]);
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    seen = watchPage(page);
    return async () => {
      expect(seen.errors).toEqual([]);
      await page.close();
    };
  });

  it("opens a message's SMTP transcript from its envelope, and lists sessions that left no message", async () => {
    const id = await send(server, 'someone@example.org', 'Transcript please');
    await helloAndQuit(server);
    await page.goto(server.api(`/view/${id}`));
    await page.getByText('Envelope').click();
    await page.getByRole('link', { name: 'SMTP session transcript' }).click();
    expect(new URL(page.url()).pathname).toMatch(/^\/sessions\/.+/);
    const transcript = page.getByRole('region', { name: 'Transcript' });
    await transcript.locator('.transcript-line.client', { hasText: 'EHLO app.example.test' }).waitFor();
    const text = await transcript.innerText();
    expect(text).toMatch(/MAIL FROM:<app@example\.com>/);
    expect(text).toMatch(/RCPT TO:<someone@example\.org>/);
    expect(text).toMatch(/S:\s+250 .*queued as/);
    expect(text).toMatch(/\d+\.\d ms/);
    expect(await page.locator('.session-facts').innerText()).toContain('app.example.test');
    await page.screenshot({ path: artifactPath('session.png') });

    // Back to the message from its session.
    await page.locator('.session-message', { hasText: id }).click();
    await page.locator('.message-subject', { hasText: 'Transcript please' }).waitFor();

    await page.goto(server.api('/sessions'));
    const rows = page.locator('.sessions tbody tr');
    await rows.first().waitFor();
    const quiet = rows.filter({ hasText: 'no-mail.example.test' });
    await quiet.waitFor();
    expect(await quiet.locator('td').nth(5).innerText()).toBe('0');
    await page.screenshot({ path: artifactPath('sessions.png') });

    // What a client sent is text in the transcript, never markup.
    await quiet.locator('a').click();
    const noop = page.locator('.transcript-line.client', { hasText: 'NOOP' });
    await noop.waitFor();
    expect(await noop.locator('.line-text').innerText()).toBe('NOOP <img src=x onerror="window.pwned=1">');
    expect(await page.locator('.transcript img').count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
  });

  it("shows a long session's first and last messages, how many came between, and its count in the list", async () => {
    const pooled = nodemailer.createTransport({ ...server.urls.smtp, secure: false, ignoreTLS: true, name: 'pooled.example.test', pool: true, maxConnections: 1, maxMessages: Infinity });
    const ids: string[] = [];
    try {
      for (let i = 0; i < 205; i++) {
        const info = await pooled.sendMail({ from: 'app@example.com', to: 'many@example.org', subject: `many ${i}`, text: 'hello' });
        ids.push(/queued as (\S+)/.exec(info.response)![1]);
      }
    } finally {
      pooled.close();
    }
    await page.goto(server.api('/sessions'));
    const row = page.locator('.sessions tbody tr').filter({ hasText: 'pooled.example.test' });
    await row.waitFor();
    expect(await row.locator('td').nth(5).innerText()).toBe('205');
    await row.locator('a').click();
    await page.locator('.session-messages-omitted').waitFor();
    expect(await page.locator('.session-messages-omitted').innerText()).toBe('(5 more between)');
    const shown = await page.locator('.session-message').allInnerTexts();
    expect(shown).toEqual([...ids.slice(0, 100), ...ids.slice(105)]);
  });

  it('releases a message to another devmail from the dialog, and lists it in the relay queue', async () => {
    const id = await send(server, 'someone@example.org', 'Release me');
    await page.goto(server.api(`/view/${id}`));
    await page.getByRole('button', { name: 'Release' }).click();
    const dialog = page.getByRole('dialog', { name: 'Release message' });
    const recipients = dialog.getByLabel('Recipients');
    // A bad address: the server's answer is shown and the dialog stays.
    await recipients.fill('not an address@');
    await dialog.getByRole('button', { name: 'Release' }).click();
    await dialog.getByRole('alert').waitFor();
    await page.screenshot({ path: artifactPath('release-error.png') });

    await recipients.fill('qa@example.net');
    await dialog.getByRole('button', { name: 'Release' }).click();
    await dialog.getByText('Released to qa@example.net.').waitFor();
    await page.screenshot({ path: artifactPath('release.png') });
    const arrived = await eventually(
      async () => ((await (await fetch(target.api('/api/v1/search?query=subject:"Release me"'))).json()) as { messages: Array<{ To: Array<{ Address: string }> }> }).messages,
      (messages) => messages.length === 1,
    );
    expect(arrived[0].To.map((a) => a.Address)).toEqual(['someone@example.org']);

    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('link', { name: 'Relay queue' }).click();
    const job = page.locator('.relay-queue tbody tr', { hasText: id });
    await job.waitFor();
    expect(await job.innerText()).toContain('qa@example.net');
    expect(await job.innerText()).toContain('delivered');
    await page.screenshot({ path: artifactPath('relay-queue.png') });
  });

  it("sets Mailpit's chaos triggers in the UI when chaos is enabled, and a real SMTP client meets them", async () => {
    const chaotic = await startTestServer(['--enable-chaos']);
    try {
      await page.goto(chaotic.api('/chaos'));
      const triggers = page.getByRole('region', { name: 'Triggers' });
      const recipient = triggers.locator('.form-row', { hasText: 'Recipient' });
      await recipient.waitFor();
      await recipient.getByLabel('Code').fill('551');
      await recipient.getByLabel('Probability %').fill('100');
      await triggers.getByRole('button', { name: 'Save triggers' }).click();
      await expect
        .poll(async () => ((await (await fetch(chaotic.api('/api/v1/chaos'))).json()) as { Recipient: { ErrorCode: number; Probability: number } }).Recipient)
        .toEqual({ ErrorCode: 551, Probability: 100 });
      await expect(send(chaotic, 'anyone@example.org', 'Triggered')).rejects.toMatchObject({ responseCode: 551 });
      await page.screenshot({ path: artifactPath('chaos-triggers.png') });
    } finally {
      await chaotic.close();
    }
  });

  it('adds a chaos rule in the UI that a real SMTP client then meets, and deletes it', async () => {
    await page.goto(server.api('/chaos'));
    // Mailpit's triggers are off on this server: said so, the rules still work.
    await page.getByRole('region', { name: 'Triggers' }).locator('.check-unavailable', { hasText: /chaos/i }).waitFor();
    const form = page.getByRole('form', { name: 'Add a rule' });
    await form.getByLabel('Stage').selectOption('rcpt');
    await form.getByLabel('Recipient').fill('*@flaky.example');
    await form.getByLabel('Code').fill('452');
    await form.getByLabel('Text').fill('Mailbox busy, try later');
    await form.getByLabel('Times (empty: always)').fill('1');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.locator('.chaos-rule', { hasText: '*@flaky.example' });
    await rule.waitFor();
    expect(await rule.innerText()).toContain('reply 452 Mailbox busy, try later, first time only');
    await page.screenshot({ path: artifactPath('chaos.png') });

    await expect(send(server, 'user@flaky.example', 'Chaos')).rejects.toMatchObject({ responseCode: 452, response: expect.stringContaining('Mailbox busy, try later') });
    await send(server, 'user@flaky.example', 'Chaos once only');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await rule.filter({ hasText: 'matched 2, fired 1' }).waitFor();

    // A mistake gets the server's answer naming the field.
    await form.getByLabel('Stage').selectOption('ehlo');
    await form.getByLabel('Sender').fill('*@app.test');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('alert').filter({ hasText: 'Match.Sender is not known at stage ehlo' }).waitFor();

    await rule.getByRole('button', { name: /^Delete rule/ }).click();
    await expect.poll(() => page.locator('.chaos-rule').count()).toBe(0);
  });
});
