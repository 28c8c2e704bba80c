import nodemailer from 'nodemailer';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchPage } from '../support/browser.js';
import { hasService } from '../support/services.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Captured mail is hostile: in a real browser, a message carrying every classic attack opens
 * in the UI and nothing in it runs in the UI's origin, calls the API, or navigates the UI.
 * Every payload, if it ran, would leave a trace: a dialog, a changed title, a DELETE request,
 * or a request to an `/xss-…` path.
 */

/** Every payload writes this into the UI's title or asks the API to delete all mail. */
const ATTACK = "top.document.title='owned';fetch('/api/v1/messages',{method:'DELETE'});alert('owned')";

const CORPUS_HTML = `<html><head>
<meta http-equiv="refresh" content="0;url=/xss-meta-refresh">
<base href="/xss-base/">
<style>
  body { background: url("javascript:${ATTACK}"); width: expression(${ATTACK}); }
  .bg { background-image: url(javascript:alert('css')); }
</style>
</head>
<body onload="${ATTACK}">
<h1 id="marker">Hostile corpus</h1>
<script>${ATTACK};top.location='/xss-script-navigation'</script>
<img id="broken" src="data:image/png;base64,AAAA" onerror="${ATTACK}">
<a id="js-link" href="javascript:${ATTACK}">javascript link</a>
<a id="top-link" href="/xss-top-link" target="_top">top link</a>
<form id="form" action="/xss-form" method="post"><input name="q" value="1"><button id="submit" type="submit">Send</button></form>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>${ATTACK}</script><a href="javascript:${ATTACK}"><text y="9">svg</text></a></svg>
<iframe id="inner" src="/xss-iframe"></iframe>
<iframe srcdoc="<script>${ATTACK}</script>"></iframe>
<object data="/xss-object"></object>
<embed src="/xss-embed">
<div class="bg">styled</div>
<div onmouseover="${ATTACK}" id="hover">hover me</div>
</body></html>`;

/** The UI's own title: "devmail", with the unread count when there is one. */
const UI_TITLE = /^(\(\d+\) )?devmail$/;

const HOSTILE_SUBJECT = `<img src=x onerror="${ATTACK}"><b>bold</b>`;
const HOSTILE_NAME = `<script>${ATTACK}</script>`;
const HOSTILE_FILE = `<img src=y onerror="alert(3)">.txt`;
const HOSTILE_HEADER = `<svg onload="alert(4)">`;

describe.skipIf(!hasService('chromium'))('hostile mail in the web UI', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let seen: ReturnType<typeof watchPage>;
  let corpusId: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const transport = nodemailer.createTransport({ ...server.urls.smtp, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ from: 'Mallory <mallory@evil.test>', to: 'victim@example.test', subject: 'corpus', text: 'see HTML', html: CORPUS_HTML });
      corpusId = ((await (await fetch(server.api('/api/v1/messages'))).json()) as { messages: Array<{ ID: string }> }).messages[0].ID;
      await transport.sendMail({
        from: { name: HOSTILE_NAME, address: 'mallory@evil.test' },
        to: 'victim@example.test',
        subject: HOSTILE_SUBJECT,
        text: 'names',
        headers: { 'X-Evil': { prepared: true, value: HOSTILE_HEADER } },
        attachments: [{ filename: HOSTILE_FILE, content: 'x' }],
      });
    } finally {
      transport.close();
    }
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    seen = watchPage(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const messageFrame = async (): Promise<Frame> => {
    await page.frameLocator('iframe[title="Message HTML"]').locator('#marker').waitFor();
    const frame = page.frames().find((f) => f.url().includes(`/view/${corpusId}.html`));
    if (!frame) throw new Error('the message frame is not there');
    return frame;
  };

  it('renders the corpus in a frame with an opaque origin that runs nothing and reaches nothing', async () => {
    await page.goto(server.api(`/view/${corpusId}`));
    await page.evaluate("window.ui = 'still here'");
    const frame = await messageFrame();
    // Give refreshes, onload handlers and nested frames time to act if they could.
    await page.waitForTimeout(1500);

    expect(await frame.evaluate('self.origin')).toBe('null');
    expect(await frame.evaluate("document.querySelector('#inner').tagName")).toBe('IFRAME');
    await frame.locator('#hover').hover();
    await frame.locator('#submit').click();
    await frame.locator('#js-link').click();
    await frame.locator('#top-link').click();
    await page.waitForTimeout(1000);

    expect(seen.dialogs).toEqual([]);
    expect(await page.title()).toMatch(UI_TITLE);
    expect(new URL(page.url()).pathname).toBe(`/view/${corpusId}`);
    expect(await page.evaluate('window.ui')).toBe('still here');
    expect(seen.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(seen.requests.filter((r) => /\/xss-(meta|script|form|iframe|object|embed|top)/.test(r.url))).toEqual([]);
    const left = (await (await fetch(server.api('/api/v1/messages'))).json()) as { total: number };
    expect(left.total).toBe(2);
  });

  it('opened no window that ran the payloads', async () => {
    for (const other of page.context().pages()) {
      if (other === page) continue;
      expect(other.url()).not.toMatch(/^javascript:/);
      // A link may open a tab (allow-popups); it must not have run script against us.
      expect(await other.title().catch(() => '')).not.toBe('owned');
    }
    expect(seen.dialogs).toEqual([]);
  });

  it('shows the HTML source as text: nothing in it becomes markup in the UI', async () => {
    await page.getByRole('tab', { name: 'HTML source' }).click();
    const code = page.locator('.code');
    await code.waitFor();
    expect(await code.innerText()).toContain(`<script>${ATTACK}`);
    expect(await code.locator('script, img, svg, iframe, form, object, embed, meta, base').count()).toBe(0);
    await page.getByRole('tab', { name: 'Raw' }).click();
    expect(await page.locator('.raw-body').innerText()).toContain('onerror=');
    expect(await page.locator('.raw-body').locator('img, script').count()).toBe(0);
    expect(seen.dialogs).toEqual([]);
  });

  it('shows subject, names, file names and header values as text, never as HTML', async () => {
    await page.goto(server.api('/'));
    const row = page.locator('.list-row').filter({ hasText: '<b>bold</b>' });
    await row.waitFor();
    expect(await row.locator('.row-subject').innerText()).toBe(HOSTILE_SUBJECT);
    expect(await row.locator('.row-from').innerText()).toBe(HOSTILE_NAME);
    expect(await page.locator('.list-pane').locator('img, b, script').count()).toBe(0);
    await row.click();
    await page.locator('.message-subject').waitFor();
    expect(await page.locator('.message-subject').innerText()).toBe(HOSTILE_SUBJECT);
    expect(await page.locator('.message-meta').innerText()).toContain(`${HOSTILE_NAME} <mallory@evil.test>`);
    await page.getByRole('tab', { name: /^Attachments/ }).click();
    expect(await page.locator('.part-name').innerText()).toBe(HOSTILE_FILE);
    await page.getByRole('tab', { name: 'Headers' }).click();
    await page.getByLabel('Filter headers').fill('x-evil');
    expect(await page.locator('.headers-table td').innerText()).toBe(HOSTILE_HEADER);
    expect(await page.locator('.message-view').locator('img, b, script, svg:not([aria-hidden])').count()).toBe(0);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(await page.title()).toMatch(UI_TITLE);
  });
});
