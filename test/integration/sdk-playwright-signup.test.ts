import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { DevmailClient } from '../../src/sdk/index.js';
import { launchBrowser } from '../support/browser.js';
import { hasService } from '../support/services.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The README's Playwright example, for real: Debian's Chromium signs up on a small web app
 * that mails a confirmation link through devmail; the SDK waits for the mail and the browser
 * opens the link.
 */

describe.skipIf(!hasService('chromium'))('a sign-up flow with the SDK and Chromium', () => {
  let devmail: TestServer;
  let app: Server;
  let appUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    devmail = await startTestServer();
    app = await startSignupApp(devmail);
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => app?.close(resolve));
    await devmail?.close();
  });

  it('waits for the confirmation email and opens its link', async () => {
    const mail = new DevmailClient({ url: devmail.urls.http });
    const page = await browser.newPage();
    const address = `user-${Date.now()}@example.test`;
    const since = await mail.checkpoint();

    await page.goto(`${appUrl}/signup`);
    await page.getByLabel('Email').fill(address);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('Check your inbox').waitFor();

    const message = await mail.waitFor({ to: address, subject: 'Confirm', after: since, timeoutMs: 20_000 });
    const confirm = message.link(/confirm/);
    expect(confirm?.text).toBe('Confirm my account');
    await page.goto(confirm!.url);
    expect(await page.getByRole('heading').textContent()).toBe('Your account is confirmed');
    await page.close();
  });
});

/** A web app with a sign-up form that mails a one-time confirmation link through devmail. */
async function startSignupApp(devmail: TestServer): Promise<Server> {
  const pending = new Map<string, string>();
  const transport = nodemailer.createTransport({
    host: devmail.urls.smtp.host,
    port: devmail.urls.smtp.port,
    secure: false,
    tls: { rejectUnauthorized: false },
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://app.test');
    const html = (status: number, body: string) =>
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><title>app</title>${body}`);
    if (req.method === 'GET' && url.pathname === '/signup') {
      return html(
        200,
        '<form method="post" action="/signup"><label>Email <input name="email" type="email"></label><button>Sign up</button></form>',
      );
    }
    if (req.method === 'POST' && url.pathname === '/signup') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        const email = new URLSearchParams(body).get('email') ?? '';
        const token = randomBytes(16).toString('hex');
        pending.set(token, email);
        const link = `http://${req.headers.host}/confirm?token=${token}`;
        transport
          .sendMail({
            from: 'App <noreply@app.test>',
            to: email,
            subject: 'Confirm your account',
            text: `Confirm: ${link}`,
            html: `<p>Welcome!</p><p><a href="${link}">Confirm my account</a></p>`,
          })
          .then(() => html(200, '<p>Check your inbox</p>'))
          .catch(() => html(500, '<p>mail failed</p>'));
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/confirm' && pending.delete(url.searchParams.get('token') ?? '')) {
      return html(200, '<h1>Your account is confirmed</h1>');
    }
    return html(404, '<h1>not found</h1>');
  });
  server.on('close', () => transport.close());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
