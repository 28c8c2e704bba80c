import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, watchPage } from '../support/browser.js';
import { fixture, sendRaw } from '../support/send-eml.js';
import { hasService } from '../support/services.js';
import { closedPort, startSilentTcpServer, type SilentServer } from '../support/silent-servers.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The check tabs of the web UI in headless Chromium, on the fixtures, against the real engines
 * (spamd and Rspamd as scripts/test-services.sh starts them, the server's Chromium for
 * screenshots): each tab shows its results, and a server with the engines off shows why.
 */

const SPAMD = '127.0.0.1:783';
const RSPAMD = 'http://127.0.0.1:11333';
const envelope = { from: 'sender@example.com', to: ['someone@example.org'] };

/** A loopback site for the link check: 200, 404 and a redirect to the 200. */
function startLinkSite(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/ok') res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    else if (req.url === '/moved') res.writeHead(301, { location: '/ok' }).end();
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** Opens a message and one of its tabs. */
async function openTab(page: Page, server: TestServer, id: string, tab: string | RegExp): Promise<void> {
  await page.goto(server.api(`/view/${id}`));
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

const engines = hasService('spamassassin') && hasService('rspamd');

describe.skipIf(!hasService('chromium'))('the check tabs in a browser', () => {
  let server: TestServer;
  let bare: TestServer;
  let broken: TestServer;
  let hung: SilentServer;
  let browser: Browser;
  let page: Page;
  let seen: ReturnType<typeof watchPage>;
  let site: Awaited<ReturnType<typeof startLinkSite>>;

  beforeAll(async () => {
    const deadDns = `127.0.0.1:${await closedPort()}`;
    site = await startLinkSite();
    hung = await startSilentTcpServer();
    [server, bare, broken, browser] = await Promise.all([
      startTestServer([
        ...(engines ? ['--enable-spamassassin', SPAMD, '--enable-rspamd', RSPAMD] : []),
        '--allow-internal-http-requests',
        '--dns-server',
        deadDns,
      ]),
      // The engines off, and no browser for screenshots.
      startTestServer(['--chromium-path', '/nonexistent/chromium', '--dns-server', deadDns]),
      // An engine that hangs (spamd accepts and never answers) and one that cannot be reached:
      // port 1 is below the ephemeral range, so no server a test starts on port 0 can take it.
      startTestServer([
        '--enable-spamassassin',
        `127.0.0.1:${hung.port}`,
        '--enable-rspamd',
        'http://127.0.0.1:1',
        '--check-timeout',
        '1500ms',
      ]),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.close(), bare?.close(), broken?.close()]);
    site?.server.close();
    await hung?.close();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(20_000);
    seen = watchPage(page);
    return async () => {
      expect(seen.errors).toEqual([]);
      await page.close();
    };
  });

  it('HTML check: the score, features worst first by client family, and a line link that opens the marked source line', async () => {
    const id = await sendRaw(server, fixture('newsletter.eml'), envelope);
    await openTab(page, server, id, 'HTML check');
    const summary = page.locator('.check-summary');
    await expect.poll(() => summary.innerText()).toMatch(/\d+(\.\d+)?% supported/);
    const warnings = page.locator('.html-warning');
    expect(await warnings.count()).toBeGreaterThan(0);
    // Worst offenders first, in the server's order.
    const api = (await (await fetch(server.api(`/api/v1/message/${id}/html-check`))).json()) as { Warnings: Array<{ Title: string }> };
    expect(await warnings.count()).toBe(api.Warnings.length);
    expect(await warnings.first().locator('.warning-head strong').innerText()).toBe(api.Warnings[0].Title);
    expect(await page.locator('.families .support-no, .families .support-partial').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('check-html.png') });

    const lineButton = page.locator('.warning-lines button').first();
    const line = Number(/line (\d+)/.exec(await lineButton.innerText())![1]);
    await lineButton.click();
    expect(await page.getByRole('tab', { name: 'HTML source' }).getAttribute('aria-selected')).toBe('true');
    const marked = page.locator(`.code-line.marked[data-line="${line}"]`);
    await marked.waitFor();
    await expect.poll(() => marked.isVisible()).toBe(true);
    const box = (await marked.boundingBox())!;
    expect(box.y).toBeGreaterThan(0);
    expect(box.y).toBeLessThan(900);
  });

  it('Lint: findings by severity with their location', async () => {
    const id = await sendRaw(server, fixture('broken-html.eml'), envelope);
    await openTab(page, server, id, 'Lint');
    await page.locator('.lint-group').first().waitFor();
    const text = await page.locator('.lint-check').innerText();
    expect(text).toMatch(/\d+ errors?, \d+ warnings?/);
    expect(await page.locator('.finding code').count()).toBeGreaterThan(0);
    expect(text).toMatch(/html|header/);
    await page.screenshot({ path: artifactPath('check-lint.png') });
  });

  it('Links: runs on request, errors first, redirects shown; following redirects reports the final status', async () => {
    const html = `<p><a href="${site.base}/ok">ok</a> <a href="${site.base}/moved">moved</a> <a href="${site.base}/gone">gone</a></p>`;
    const raw = `From: a@example.com\r\nTo: b@example.org\r\nSubject: Links\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`;
    const id = await sendRaw(server, raw, envelope);
    await openTab(page, server, id, 'Links');
    // Nothing is requested until asked.
    expect(await page.locator('.check-table').count()).toBe(0);
    await page.getByRole('button', { name: 'Check links' }).click();
    const rows = page.locator('.link-check tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.locator('.link-check .check-summary').innerText()).toContain('1 broken link');
    expect(await rows.first().innerText()).toContain('/gone');
    expect(await rows.first().getAttribute('class')).toBe('bad');
    expect(await rows.filter({ hasText: '/moved' }).locator('.status-code').innerText()).toBe('301');

    await page.getByLabel('Follow redirects').check();
    await page.getByRole('button', { name: 'Check again' }).click();
    const moved = rows.filter({ hasText: '/moved' });
    await expect.poll(() => moved.locator('.status-code').innerText()).toBe('200');
    expect(await moved.locator('.redirect').innerText()).toMatch(/301 → .*\/ok/);
    await page.screenshot({ path: artifactPath('check-links.png') });
  });

  it.skipIf(!engines)('Spam: SpamAssassin and Rspamd side by side on GTUBE, with rules and descriptions', async () => {
    const id = await sendRaw(server, fixture('spam-gtube.eml'), { from: 'deals@offers.example.test', to: ['victim@example.test'] });
    await openTab(page, server, id, 'Spam');
    const sa = page.getByRole('region', { name: 'SpamAssassin' });
    const rspamd = page.getByRole('region', { name: 'Rspamd' });
    await sa.locator('code', { hasText: 'GTUBE' }).waitFor();
    expect(await sa.locator('.check-summary').innerText()).toMatch(/^\d+\.\d\s+spam$/m);
    await rspamd.locator('.check-summary').waitFor();
    expect(await rspamd.locator('.check-summary').innerText()).toMatch(/needs [\d.]+/);
    expect(await rspamd.locator('code').count()).toBeGreaterThan(0);
    await page.screenshot({ path: artifactPath('check-spam.png') });
  });

  it('Authentication: each verdict, and lookups that cannot be made shown as "cannot verify"', async () => {
    const id = await sendRaw(server, fixture('clean-note.eml'), envelope);
    await openTab(page, server, id, 'Authentication');
    const table = page.locator('.auth-check table');
    await table.waitFor();
    for (const name of ['DKIM', 'SPF', 'DMARC', 'ARC']) await table.locator('th', { hasText: name }).first().waitFor();
    expect(await page.locator('.auth-check').innerText()).toContain('cannot verify');
    await page.screenshot({ path: artifactPath('check-auth.png') });
  });

  it('Screenshots: nothing rendered until a width is chosen, then the PNG at that width', async () => {
    const id = await sendRaw(server, fixture('password-reset.eml'), envelope);
    const shots: string[] = [];
    page.on('request', (r) => r.url().includes('/screenshot') && shots.push(r.url()));
    await openTab(page, server, id, 'Screenshots');
    await page.getByText('Choose a width').waitFor();
    expect(shots).toEqual([]);
    await page.getByRole('button', { name: /Phone/ }).click();
    const img = page.locator('img.screenshot');
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(300);
    expect(shots).toHaveLength(1);
    expect(shots[0]).toContain('width=375');
    await page.screenshot({ path: artifactPath('check-screenshot.png') });
  });

  it('Attachments show server-made thumbnails of images; an invitation is summarised above the tabs', async () => {
    const id = await sendRaw(server, fixture('png-attachment.eml'), envelope);
    await openTab(page, server, id, /^Attachments \(/);
    const thumb = page.locator('.part', { hasText: 'beach.png' }).locator('img.thumb');
    await expect.poll(() => thumb.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(180);
    expect(await thumb.getAttribute('src')).toMatch(/\/part\/[\d.]+\/thumb$/);
    expect(await page.locator('.part', { hasText: 'receipt.pdf' }).locator('img.thumb').count()).toBe(0);

    const invite = await sendRaw(server, fixture('invitation.eml'), envelope);
    await page.goto(server.api(`/view/${invite}`));
    const calendar = page.getByRole('region', { name: 'Calendar invitation' });
    await calendar.waitFor();
    const text = await calendar.innerText();
    expect(text).toContain('Quarterly planning');
    expect(text).toContain('REQUEST');
    expect(text).toContain('Bea Organiser');
    await page.screenshot({ path: artifactPath('calendar.png') });
  });

  it('engines that are off, and no browser, say so calmly in their tab', async () => {
    const id = await sendRaw(bare, fixture('newsletter.eml'), envelope);
    await openTab(page, bare, id, 'Spam');
    await page.getByText('SpamAssassin is not enabled (start devmail with --enable-spamassassin)').waitFor();
    await page.getByText('Rspamd is not enabled (start devmail with --enable-rspamd)').waitFor();
    await page.screenshot({ path: artifactPath('check-spam-off.png') });
    await page.getByRole('tab', { name: 'Screenshots' }).click();
    await page.getByRole('button', { name: /Desktop/ }).click();
    await page.locator('.check-unavailable', { hasText: 'Not available on this server: screenshots need Chromium' }).waitFor();
    expect(await page.locator('.loading').count()).toBe(0);
  });

  it('an engine that hangs or cannot be reached says so within the check timeout, not an endless spinner', async () => {
    const id = await sendRaw(broken, fixture('clean-note.eml'), envelope);
    await openTab(page, broken, id, 'Spam');
    await page.getByRole('region', { name: 'Rspamd' }).locator('.check-unavailable', { hasText: 'cannot be reached right now' }).waitFor();
    await page.getByRole('region', { name: 'SpamAssassin' }).locator('.check-unavailable', { hasText: 'took too long to answer' }).waitFor();
    expect(await page.locator('.loading').count()).toBe(0);
    await page.screenshot({ path: artifactPath('check-spam-down.png') });
  });
});
