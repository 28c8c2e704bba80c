import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, watchPage, WIDTHS } from '../support/browser.js';
import { hasService } from '../support/services.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The web UI in headless Chromium against a real server: mail sent with nodemailer shows up
 * live, every tab of a message shows its part, search, tags, read state, delete, keyboard,
 * remote images, the reconnecting banner, a webroot, and screenshots at each width.
 */

/** A 1×1 PNG, for inline (cid:) and attached images. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
/** The smallest PDF a viewer accepts. */
const PDF = Buffer.from(
  '%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function sendMail(server: TestServer, message: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ ...server.urls.smtp, secure: false, ignoreTLS: true, name: 'app.example.test' });
  try {
    await transport.sendMail({ from: 'Shop <shop@example.test>', to: 'Customer <customer@example.test>', ...message });
  } finally {
    transport.close();
  }
}

/** A loopback web server that counts requests: the "remote" images. */
function startImageHost(): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pixel.png`, hits: () => hits })),
  );
}

const rows = (page: Page) => page.locator('.list-row');

describe.skipIf(!hasService('chromium'))('the web UI in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let seen: ReturnType<typeof watchPage>;
  let images: Awaited<ReturnType<typeof startImageHost>>;

  beforeAll(async () => {
    [server, browser, images] = await Promise.all([startTestServer(), launchBrowser(), startImageHost()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    images?.server.close();
  });
  beforeEach(async () => {
    await fetch(server.api('/api/v1/messages'), { method: 'DELETE' });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    seen = watchPage(page);
    return async () => {
      expect(seen.errors).toEqual([]);
      await page.close();
    };
  });

  it('shows an empty mailbox, then new mail live without a reload, with the unread count in the title', async () => {
    await page.goto(server.api('/'));
    await page.getByText('No mail yet').waitFor();
    await page.evaluate('window.stayed = true');
    await sendMail(server, { subject: 'Welcome aboard', text: 'Hello there' });
    await rows(page).filter({ hasText: 'Welcome aboard' }).waitFor();
    await sendMail(server, { subject: 'Second one', text: 'Again' });
    await rows(page).filter({ hasText: 'Second one' }).waitFor();
    expect(await rows(page).allInnerTexts()).toEqual([expect.stringContaining('Second one'), expect.stringContaining('Welcome aboard')]);
    expect(await page.evaluate('window.stayed')).toBe(true); // no reload
    await expect.poll(() => page.title()).toBe('(2) devmail');
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/^data:image\/png/);
    const list = seen.requests.filter((r) => /\/api\/v1\/messages\?/.test(r.url));
    expect(list, JSON.stringify(seen.requests)).toHaveLength(1); // the list was fetched once; the rest came over the WebSocket
  });

  it('notifies of new mail while the tab is hidden, once notifications are turned on', async () => {
    await page.context().grantPermissions(['notifications']);
    // Record each Notification the page makes (the real one still runs), and say the tab is hidden.
    await page.addInitScript(`
      window.notes = [];
      const Real = window.Notification;
      window.Notification = new Proxy(Real, { construct(target, args) { window.notes.push(args[0] + ' | ' + args[1].body); return new target(...args); } });
      Object.defineProperty(document, 'hidden', { get: () => true });
    `);
    await page.goto(server.api('/'));
    await page.getByText('No mail yet').waitFor();
    await sendMail(server, { subject: 'Before the bell', text: 'x' });
    await rows(page).filter({ hasText: 'Before the bell' }).waitFor();
    await page.getByRole('button', { name: 'Notifications' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Notifications' }).getAttribute('aria-pressed')).toBe('true');
    await sendMail(server, { subject: 'After the bell', text: 'x' });
    await rows(page).filter({ hasText: 'After the bell' }).waitFor();
    expect(await page.evaluate('window.notes')).toEqual(['After the bell | From Shop']);
  });

  it('opens a message and shows every tab: HTML with cid: images, text, source, raw, headers, attachments, envelope, checks', async () => {
    await sendMail(server, {
      subject: 'Order 1042 confirmed',
      text: 'Your order 1042 ships tomorrow.',
      html: '<html><body><h1 id="greeting">Thanks for your order</h1><img id="logo" src="cid:logo@shop" width="20" height="20"><p>Order <b>1042</b></p></body></html>',
      headers: { 'X-Campaign': ['spring', 'summer'] },
      envelope: { from: 'bounces@shop.example.test', to: ['customer@example.test', 'audit@example.test'] },
      attachments: [
        { filename: 'logo.png', content: PNG, cid: 'logo@shop' },
        { filename: 'invoice.pdf', content: PDF, contentType: 'application/pdf' },
        { filename: 'photo.png', content: PNG },
      ],
    });
    await page.goto(server.api('/'));
    await rows(page).first().click();
    await page.locator('.message-subject', { hasText: 'Order 1042 confirmed' }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/view\/\w+$/);

    // HTML: a sandboxed frame of the view route, with the inline image loaded from the API.
    const iframe = page.locator('iframe[title="Message HTML"]');
    expect(await iframe.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    const frame = page.frameLocator('iframe[title="Message HTML"]');
    await frame.locator('#greeting', { hasText: 'Thanks for your order' }).waitFor();
    await expect.poll(() => frame.locator('#logo').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    for (const [device, width] of [['Phone', 375], ['Tablet', 768]] as const) {
      await page.getByRole('button', { name: new RegExp(`^${device}`) }).click();
      expect(await iframe.evaluate((el) => el.getBoundingClientRect().width)).toBeCloseTo(width, 0);
    }
    await page.getByLabel('Zoom').selectOption('50');
    expect(await iframe.evaluate((el) => el.getBoundingClientRect().width)).toBeCloseTo(384, 0);

    await page.getByRole('tab', { name: 'Text' }).click();
    await page.locator('.text-body', { hasText: 'Your order 1042 ships tomorrow.' }).waitFor();

    await page.getByRole('tab', { name: 'HTML source' }).click();
    await page.locator('.code .hl-tag', { hasText: 'h1' }).first().waitFor();
    expect(await page.locator('.code .line-no').first().innerText()).toBe('1');
    expect(await page.locator('.code').innerText()).toContain('<h1 id="greeting">Thanks for your order</h1>');
    await page.getByLabel('Wrap lines').check();
    expect(await page.locator('.code.wrap').count()).toBe(1);

    await page.getByRole('tab', { name: 'Raw' }).click();
    const raw = await page.locator('.raw-body').innerText();
    expect(raw).toMatch(/^Received: from app\.example\.test/);
    expect(raw).toContain('Subject: Order 1042 confirmed');

    await page.getByRole('tab', { name: 'Headers' }).click();
    await page.locator('.headers-table').waitFor();
    await page.getByLabel('Filter headers').fill('x-campaign');
    expect(await page.locator('.headers-table tr').allInnerTexts()).toEqual(['X-Campaign\tspring', 'X-Campaign\tsummer']);

    await page.getByRole('tab', { name: 'Attachments (3)' }).click();
    const parts = page.locator('.part');
    expect(await parts.count()).toBe(3);
    const invoice = parts.filter({ hasText: 'invoice.pdf' });
    expect(await invoice.innerText()).toContain('application/pdf');
    await invoice.getByText('Checksums').click();
    const { createHash } = await import('node:crypto');
    expect(await invoice.locator('dd').nth(2).innerText()).toBe(createHash('sha256').update(PDF).digest('hex'));
    const photo = parts.filter({ hasText: 'photo.png' });
    await photo.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => photo.locator('img.part-preview').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await photo.getByRole('link', { name: 'Download' }).getAttribute('download')).toBe('photo.png');
    // The PDF last: its 600 px preview appearing moves the parts below it.
    await invoice.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => invoice.locator('iframe').getAttribute('src')).toMatch(/^blob:/);
    expect(await parts.filter({ hasText: 'logo.png' }).innerText()).toContain('cid:logo@shop');

    await page.getByText('Envelope').click();
    const envelope = await page.locator('.envelope dl').innerText();
    expect(envelope).toContain('<bounces@shop.example.test>');
    expect(envelope).toContain('<customer@example.test>, <audit@example.test>');
    expect(envelope).toContain('127.0.0.1');
    expect(envelope).toContain('app.example.test');

    // Each check tab shows its view (the checks themselves: ui-checks-browser.test.ts).
    for (const check of ['HTML check', 'Links', 'Spam', 'Lint', 'Authentication', 'Screenshots']) {
      await page.getByRole('tab', { name: check }).click();
      await page.locator('.tab-panel .check').waitFor();
    }
    expect(await page.getByRole('link', { name: 'Download .eml' }).getAttribute('href')).toMatch(/\/api\/v1\/message\/\w+\/raw\?dl=1$/);
  });

  it('copies a link to the open message that opens it again', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.urls.http).origin });
    await sendMail(server, { subject: 'Link to me', text: 'x' });
    const latest = (await (await fetch(server.api('/api/v1/messages?limit=1'))).json()) as { messages: Array<{ ID: string }> };
    const id = latest.messages[0].ID;
    await page.goto(server.api('/'));
    await rows(page).filter({ hasText: 'Link to me' }).click();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    const link = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(link).toBe(server.api(`/view/${id}`));
    await page.goto(server.api('/'));
    await page.goto(link);
    await expect.poll(() => page.locator('.message-subject').textContent()).toBe('Link to me');
  });

  it('shows the list API failing as an error with a retry that recovers', async () => {
    await sendMail(server, { subject: 'After the failure', text: 'x' });
    let failing = true;
    await page.route('**/api/v1/messages?*', (route) =>
      failing ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"Error":"the store is unavailable"}' }) : route.continue(),
    );
    await page.goto(server.api('/'));
    const alert = page.locator('.state.error[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('the store is unavailable');
    failing = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await rows(page).filter({ hasText: 'After the failure' }).waitFor();
    expect(await alert.count()).toBe(0);
  });

  it('marks a message read when opened and unread on request, live in the list', async () => {
    await sendMail(server, { subject: 'Read me', text: 'x' });
    await page.goto(server.api('/'));
    const row = rows(page).filter({ hasText: 'Read me' });
    await row.and(page.locator('.unread')).waitFor();
    await row.click();
    await row.and(page.locator('.read')).waitFor();
    await expect.poll(() => page.title()).toBe('devmail');
    await page.getByRole('button', { name: 'Mark unread' }).click();
    await row.and(page.locator('.unread')).waitFor();
    await expect.poll(() => page.title()).toBe('(1) devmail');
  });

  it('searches with the search language, completes keywords, and keeps the search in the URL', async () => {
    await sendMail(server, { subject: 'Alpha report', text: 'a' });
    await sendMail(server, { subject: 'Beta report', text: 'b', attachments: [{ filename: 'b.txt', content: 'b' }] });
    await sendMail(server, { subject: 'Gamma note', text: 'c' });
    await page.goto(server.api('/'));
    await rows(page).nth(2).waitFor();
    const search = page.getByLabel('Search', { exact: true });
    await search.click();
    await search.pressSequentially('has:att');
    await page.getByRole('option', { name: /has:attachment/ }).waitFor();
    await search.press('Tab');
    expect(await search.inputValue()).toBe('has:attachment ');
    await search.press('Enter');
    await expect.poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('Beta report')]);
    expect(new URL(page.url()).pathname).toBe('/search');
    expect(new URL(page.url()).searchParams.get('q')).toBe('has:attachment');

    await page.goto(server.api(`/search?q=${encodeURIComponent('subject:report -subject:beta')}`));
    await expect.poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('Alpha report')]);
    await page.getByRole('button', { name: 'Search help' }).click();
    await page.getByRole('dialog', { name: 'Search language' }).getByText('larger:', { exact: true }).waitFor();

    // A new match arrives live in the search; a non-match does not.
    await sendMail(server, { subject: 'Delta report', text: 'd' });
    await sendMail(server, { subject: 'Epsilon note', text: 'e' });
    await expect.poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('Delta report'), expect.stringContaining('Alpha report')]);
  });

  it('tags messages, filters by tag, selects several and deletes them, and deletes all after confirming', async () => {
    for (const subject of ['one', 'two', 'three']) await sendMail(server, { subject, text: subject });
    await page.goto(server.api('/'));
    await rows(page).nth(2).waitFor();
    await rows(page).filter({ hasText: 'one' }).locator('.row-check').check();
    await rows(page).filter({ hasText: 'two' }).locator('.row-check').check();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Tag…' }).click();
    await page.getByLabel('Tags', { exact: true }).fill('billing, urgent');
    await page.getByRole('button', { name: 'Set tags' }).click();
    await rows(page).filter({ hasText: 'one' }).locator('.tag', { hasText: 'urgent' }).waitFor();
    await page.getByLabel('Filter by tag').selectOption('billing');
    await expect.poll(() => rows(page).count()).toBe(2);

    await page.getByLabel('Select all loaded messages').check();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog', { name: 'Delete messages' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No message matches this search.').waitFor();
    await page.goto(server.api('/'));
    await expect.poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('three')]);

    await page.getByRole('button', { name: 'Delete all' }).click();
    await page.getByRole('dialog', { name: 'Delete all messages' }).getByRole('button', { name: 'Cancel' }).click();
    expect(await rows(page).count()).toBe(1);
    await page.getByRole('button', { name: 'Delete all' }).click();
    await page.getByRole('dialog', { name: 'Delete all messages' }).getByRole('button', { name: 'Delete all' }).click();
    await page.getByText('No mail yet').waitFor();
    expect(((await (await fetch(server.api('/api/v1/messages'))).json()) as { total: number }).total).toBe(0);
  });

  it('deletes only the results of a search after confirming', async () => {
    for (const subject of ['keep me', 'drop me', 'drop me too']) await sendMail(server, { subject, text: subject });
    await page.goto(server.api(`/search?q=${encodeURIComponent('subject:drop')}`));
    await expect.poll(() => rows(page).count()).toBe(2);
    await page.getByRole('button', { name: 'Delete results' }).click();
    await page.getByRole('dialog', { name: 'Delete search results' }).getByRole('button', { name: 'Delete results' }).click();
    await expect.poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('keep me')]);
    expect(new URL(page.url()).pathname).toBe('/');
    const left = (await (await fetch(server.api('/api/v1/messages'))).json()) as { messages: Array<{ Subject: string }> };
    expect(left.messages.map((m) => m.Subject)).toEqual(['keep me']);
  });

  it('moves, opens, selects and deletes with the keyboard, and lists the shortcuts with ?', async () => {
    for (const subject of ['k1', 'k2', 'k3']) await sendMail(server, { subject, text: subject });
    await page.goto(server.api('/'));
    await rows(page).nth(2).waitFor();
    await page.keyboard.press('j'); // the first row
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.locator('.message-subject', { hasText: 'k2' }).waitFor();
    await page.keyboard.press('j');
    await page.locator('.message-subject', { hasText: 'k1' }).waitFor();
    await page.keyboard.press('k');
    await page.locator('.message-subject', { hasText: 'k2' }).waitFor();
    await page.keyboard.press('2'); // a text-only message: Text, then Raw
    expect(await page.getByRole('tab', { name: 'Raw' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Delete');
    await expect.poll(() => rows(page).allInnerTexts()).toEqual([expect.stringContaining('k3'), expect.stringContaining('k1')]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe('Search');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
  });

  it('pages through a long list by keyset while scrolling, keeping only the visible rows in the page', async () => {
    const total = 260;
    for (let i = 0; i < total; i++) {
      const res = await fetch(server.api('/api/v1/send'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ From: { Email: 'bulk@example.test' }, To: [{ Email: 'user@example.test' }], Subject: `bulk ${i}`, Text: 'x' }),
      });
      expect(res.status).toBe(200);
    }
    await page.goto(server.api('/'));
    await rows(page).first().waitFor();
    const scroller = page.locator('.list-scroller');
    await expect
      .poll(async () => {
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        return page.locator('.list-row').last().innerText();
      }, { timeout: 20_000 })
      .toContain('bulk 0');
    expect(await page.locator('.list-row').count()).toBeLessThan(40); // virtualised: not 260 rows
    const pages = seen.requests.filter((r) => r.url.includes('/api/v1/messages?'));
    expect(pages.map((r) => new URL(r.url).searchParams.has('before'))).toEqual([false, true, true]);
  });

  it('loads remote images only while the toggle allows them; inline images always show', async () => {
    await sendMail(server, {
      subject: 'Tracked',
      html: `<p>hello</p><img id="remote" src="${images.url}"><img id="inline" src="cid:dot@x">`,
      attachments: [{ filename: 'dot.png', content: PNG, cid: 'dot@x' }],
    });
    await page.goto(server.api('/view/latest'));
    const frame = page.frameLocator('iframe[title="Message HTML"]');
    await expect.poll(() => frame.locator('#inline').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await expect.poll(() => images.hits()).toBe(1);
    await page.getByLabel('Remote images').uncheck();
    await frame.locator('#remote').waitFor();
    await expect.poll(() => frame.locator('#inline').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await frame.locator('#remote').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(0);
    expect(images.hits()).toBe(1);
    expect(new URL(page.url()).pathname).toMatch(/^\/view\/\w+$/); // latest resolved to its ID
  });

  it('takes screenshots of the list and of a message at phone, tablet, desktop and 4K widths', async () => {
    await sendMail(server, { subject: 'Newsletter: spring offers', text: 'Plain text version', html: '<h1 style="color:#0a7">Spring offers</h1><p>Up to 40% off.</p>' });
    await sendMail(server, { subject: 'Password reset', text: 'Reset it here', attachments: [{ filename: 'help.txt', content: 'help' }] });
    for (const { name, width, height } of WIDTHS) {
      await page.setViewportSize({ width, height });
      await page.goto(server.api('/'));
      await rows(page).nth(1).waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await page.screenshot({ path: artifactPath(`list-${name}.png`) });
      await rows(page).filter({ hasText: 'Newsletter' }).click();
      await page.frameLocator('iframe[title="Message HTML"]').getByText('Spring offers').waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await page.screenshot({ path: artifactPath(`message-${name}.png`) });
    }
    await page.getByLabel('Theme').selectOption('dark');
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await page.screenshot({ path: artifactPath('message-4k-dark.png') });
  });
});

describe.skipIf(!hasService('chromium'))('the web UI when the server goes away, and under a webroot', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a reconnecting banner while the server is down and recovers by itself', async () => {
    let server = await startTestServer();
    const port = new URL(server.urls.http).port;
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(server.api('/'));
      await page.getByText('No mail yet').waitFor();
      await server.close();
      await page.getByText('reconnecting').waitFor();
      server = await startTestServer(['--listen', `127.0.0.1:${port}`]);
      await sendMail(server, { subject: 'After the restart', text: 'x' });
      await rows(page).filter({ hasText: 'After the restart' }).waitFor();
      await page.getByText('reconnecting').waitFor({ state: 'detached' });
    } finally {
      await page.close();
      await server.close();
    }
  });

  it('works behind HTTP basic auth: page, API calls, live feed and the framed message with its inline image', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devmail-ui-auth-'));
    const file = join(dir, 'users.htpasswd');
    await writeFile(file, 'alice:s3cret\n');
    const server = await startTestServer(['--ui-auth-file', file]);
    const context = await browser.newContext({ httpCredentials: { username: 'alice', password: 's3cret' } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(server.api('/'));
      await page.getByText('No mail yet').waitFor();
      await sendMail(server, { subject: 'Behind auth', html: '<img id="i" src="cid:i@x">', attachments: [{ filename: 'i.png', content: PNG, cid: 'i@x' }] });
      await rows(page).first().click();
      const frame = page.frameLocator('iframe[title="Message HTML"]');
      await expect.poll(() => frame.locator('#i').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    } finally {
      await context.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('works under --webroot: page, assets, API calls and the live feed', async () => {
    const server = await startTestServer(['--webroot', '/mail/']);
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const seen = watchPage(page);
    try {
      await page.goto(server.api('/'));
      expect(new URL(page.url()).pathname).toBe('/mail/');
      await page.getByText('No mail yet').waitFor();
      await sendMail(server, { subject: 'Under a webroot', text: 'x', html: '<p id="p">framed</p>' });
      await rows(page).first().click();
      expect(new URL(page.url()).pathname).toMatch(/^\/mail\/view\/\w+$/);
      await page.frameLocator('iframe[title="Message HTML"]').locator('#p').waitFor();
      expect(seen.requests.filter((r) => !new URL(r.url).pathname.startsWith('/mail/'))).toEqual([]);
      expect(seen.errors).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
