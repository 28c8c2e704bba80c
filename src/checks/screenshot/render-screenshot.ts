import type { BrowserContext, Route } from 'playwright-core';
import { isDevmailError } from '../../core/errors.js';
import type { PartContent } from '../../mime/index.js';
import { engineFailed, engineTimedOut } from '../engine-errors.js';
import { fetchResource } from '../links/safe-fetch.js';
import type { SharedBrowser } from './browser.js';

/** The widths a screenshot may be taken at: a phone, a tablet, a desktop. */
export const SCREENSHOT_WIDTHS = [375, 768, 1280] as const;
export type ScreenshotWidth = (typeof SCREENSHOT_WIDTHS)[number];

/** Tallest screenshot taken, in CSS pixels: past it the page is cut (a 100 KB mail is ~8000 px at 375 wide). */
const MAX_HEIGHT_PX = 16_000;

/** Largest remote image or stylesheet handed to the page. */
const MAX_REMOTE_BYTES = 10 * 1024 * 1024;
/** Redirects a remote resource may take. */
const MAX_REMOTE_REDIRECTS = 5;

/** How a render may reach the network for remote content. */
export interface RemoteContentPolicy {
  /** Load remote images and styles at all (`--screenshot-remote-content`). */
  allowRemote: boolean;
  /** Also from private, loopback, link-local … addresses (`--allow-internal-http-requests`). */
  allowInternal: boolean;
}

/** The made-up origin the message is served from inside the browser; `.invalid` never resolves (RFC 6761). */
const ORIGIN = 'http://message.devmail.invalid';

/** What to render: the message's HTML (or its text) and its parts for `cid:` references. */
export interface ScreenshotInput {
  html: string;
  text: string;
  parts: PartContent[];
}

/**
 * A PNG of the message as a mail client would show it at `width`: its HTML in a fresh browser
 * context with JavaScript off. Only the message's own parts load (`cid:` references, served
 * from the message) and `data:` URLs; every other request is refused unless `allowRemote`, and
 * then fetched by devmail under the link check's address policy (internal addresses refused
 * unless `allowInternal`). The whole render is bounded by `timeoutMs` (504 past it).
 */
export async function renderScreenshot(
  browser: SharedBrowser,
  input: ScreenshotInput,
  opts: RemoteContentPolicy & { width: ScreenshotWidth; timeoutMs: number },
): Promise<Buffer> {
  const instance = await browser.get();
  let context: BrowserContext | null = null;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(engineTimedOut('Chromium', opts.timeoutMs)), opts.timeoutMs);
  });
  const render = async () => {
    context = await instance.newContext({
      javaScriptEnabled: false,
      viewport: { width: opts.width, height: 800 },
      deviceScaleFactor: 1,
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    // Timed out while the context was being made: the finally below has run already.
    if (finished) await context.close();
    await context.route('**/*', (route) => serve(route, input, opts, opts.timeoutMs));
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/`, { waitUntil: 'load', timeout: opts.timeoutMs });
    // A string, run in Playwright's own world: the page's JavaScript stays off.
    const height = Number(await page.evaluate('document.documentElement.scrollHeight')) || 1;
    return page.screenshot({
      type: 'png',
      fullPage: true,
      clip: { x: 0, y: 0, width: opts.width, height: Math.max(1, Math.min(height, MAX_HEIGHT_PX)) },
      timeout: opts.timeoutMs,
    });
  };
  try {
    return await Promise.race([render(), deadline]);
  } catch (err) {
    if (isDevmailError(err)) throw err;
    throw engineFailed('Chromium', (err as Error).message.split('\n')[0], err);
  } finally {
    finished = true;
    clearTimeout(timer);
    // Closing the context ends its page and any request still in flight.
    await (context as BrowserContext | null)?.close().catch(() => undefined);
  }
}

/** Answers one request of the page: the message, one of its parts, or a refusal. */
async function serve(route: Route, input: ScreenshotInput, policy: RemoteContentPolicy, timeoutMs: number): Promise<void> {
  const url = route.request().url();
  if (url === `${ORIGIN}/`) {
    return route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      // Belt and braces: no script runs even if JavaScript were on.
      headers: { 'content-security-policy': "script-src 'none'; object-src 'none'; base-uri 'none'" },
      body: documentOf(input),
    });
  }
  if (url.startsWith(`${ORIGIN}/cid/`)) {
    const cid = decodeURIComponent(url.slice(`${ORIGIN}/cid/`.length));
    const part = input.parts.find((p) => p.part.contentId === cid);
    if (!part) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, contentType: part.part.contentType, body: part.content });
  }
  if (policy.allowRemote && /^https?:/i.test(url)) return fetchRemote(route, policy.allowInternal, timeoutMs);
  return route.abort('blockedbyclient');
}

/**
 * Fetches a remote image or stylesheet from devmail's side and hands it to the page: the URL
 * was chosen by the message, so it goes through the link check's vetted, pinned fetch (private,
 * loopback, link-local … addresses refused unless `allowInternal`, on every redirect too).
 * A refused or failed fetch is a failed load in the page, never an error of the screenshot.
 */
async function fetchRemote(route: Route, allowInternal: boolean, timeoutMs: number): Promise<void> {
  try {
    const fetched = await fetchResource(new URL(route.request().url()), {
      allowInternal,
      timeoutMs,
      userAgent: 'devmail (screenshot)',
      maxBytes: MAX_REMOTE_BYTES,
      maxRedirects: MAX_REMOTE_REDIRECTS,
    });
    await route.fulfill({ status: fetched.statusCode, contentType: fetched.contentType || undefined, body: fetched.body });
  } catch {
    await route.abort('blockedbyclient').catch(() => undefined);
  }
}

/** The page to render: the HTML with `cid:` references pointed at the message's parts, or the text in a <pre>. */
function documentOf(input: ScreenshotInput): string {
  if (input.html) {
    return input.html.replace(/\bcid:([^"'\s)>]+)/gi, (_m, cid: string) => `${ORIGIN}/cid/${encodeURIComponent(decodeCid(cid))}`);
  }
  const escaped = input.text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  return `<!doctype html><meta charset="utf-8"><pre style="white-space:pre-wrap;font:14px/1.4 monospace;margin:16px">${escaped}</pre>`;
}

/** A cid: URL is URL-encoded (RFC 2392); the Content-ID is not. */
function decodeCid(cid: string): string {
  try {
    return decodeURIComponent(cid);
  } catch {
    return cid;
  }
}
