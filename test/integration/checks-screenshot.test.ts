import { createServer, type Server } from 'node:http';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixture, sendRaw } from '../support/send-eml.js';
import { hasService } from '../support/services.js';
import { startSilentHttpServer } from '../support/silent-servers.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * GET /api/v1/message/{ID}/screenshot?width= — the message rendered by the real headless
 * Chromium (Debian's), JavaScript off, only the message's own parts loaded unless remote
 * content is allowed. A local HTTP server stands in for the remote images a mail names.
 */

const envelope = { from: 'news@news.example.test', to: ['reader@example.test'] };

/** Counts requests; answers each with a 1×1 PNG. */
let tracker: Server;
let trackerHits: string[] = [];
let trackerUrl = '';
beforeAll(async () => {
  const pixel = await sharp({ create: { width: 1, height: 1, channels: 3, background: { r: 0, g: 128, b: 0 } } }).png().toBuffer();
  tracker = createServer((req, res) => {
    trackerHits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' }).end(pixel);
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  trackerUrl = `http://127.0.0.1:${(tracker.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => tracker.close(() => resolve())));

/** A message whose HTML loads a remote image and runs a script that would paint the page red. */
function hostileHtml(): string {
  return [
    'From: news@news.example.test',
    'To: reader@example.test',
    'Subject: Remote content and script',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<html><body style="margin:0;background:#ffffff"><p>Hello</p>`,
    `<img src="${trackerUrl}/open.png?u=reader" width="40" height="40" alt="">`,
    `<script>document.body.style.background='#ff0000';new Image().src='${trackerUrl}/script-ran';</script>`,
    `</body></html>`,
    '',
  ].join('\r\n');
}

async function screenshot(server: TestServer, id: string, query = ''): Promise<{ res: Response; png: Buffer }> {
  const res = await fetch(server.api(`/api/v1/message/${id}/screenshot${query}`));
  return { res, png: Buffer.from(await res.arrayBuffer()) };
}

/** A row inside hostileHtml()'s 40×40 image, below the paragraph above it. */
const PIXEL_Y = 60;

async function pixelAt(png: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

describe.skipIf(!hasService('chromium'))('screenshots in headless Chromium', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    trackerHits = [];
  });

  it('renders the newsletter at phone width as a full-page PNG, its cid: image served from the message', async () => {
    const id = await sendRaw(server, fixture('newsletter-hero.eml'), envelope);
    const { res, png } = await screenshot(server, id, '?width=375');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const { width, height, format } = await sharp(png).metadata();
    expect(format).toBe('png');
    expect(width).toBe(375);
    expect(height).toBeGreaterThan(2000); // the whole newsletter, not one viewport
    // The hero (cid:hero@news.example.test) is solid orange at the top.
    const [r, g, b] = await pixelAt(png, 100, 30);
    expect(r).toBeGreaterThan(230);
    expect(g).toBeGreaterThan(110);
    expect(g).toBeLessThan(170);
    expect(b).toBeLessThan(40);
  });

  it('renders at 768 by default and at 1280 on request', async () => {
    const id = await sendRaw(server, fixture('newsletter-hero.eml'), envelope);
    expect((await sharp((await screenshot(server, id)).png).metadata()).width).toBe(768);
    expect((await sharp((await screenshot(server, id, '?width=1280')).png).metadata()).width).toBe(1280);
  });

  it('refuses other widths with 400', async () => {
    const id = await sendRaw(server, fixture('newsletter-hero.eml'), envelope);
    const { res, png } = await screenshot(server, id, '?width=500');
    expect(res.status).toBe(400);
    expect(JSON.parse(png.toString()).Error).toMatch(/querystring\/width must be equal to one of the allowed values/);
  });

  it('runs no script and loads no remote content', async () => {
    const id = await sendRaw(server, hostileHtml(), envelope);
    const { res, png } = await screenshot(server, id, '?width=375');
    expect(res.status).toBe(200);
    expect(await pixelAt(png, 200, 200)).toEqual([255, 255, 255]); // not painted red
    expect(trackerHits).toEqual([]);
  });

  it('renders a text-only message', async () => {
    const id = await sendRaw(server, fixture('clean-note.eml'), envelope);
    const { res, png } = await screenshot(server, id, '?width=375');
    expect(res.status).toBe(200);
    expect((await sharp(png).metadata()).width).toBe(375);
  });
});

describe.skipIf(!hasService('chromium'))('screenshots with remote content allowed', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
    trackerHits = [];
  });

  it('loads remote images with --screenshot-remote-content, still without running scripts', async () => {
    // The tracker is on loopback: internal addresses must be allowed as for the link check.
    server = await startTestServer(['--screenshot-remote-content', '--allow-internal-http-requests']);
    const id = await sendRaw(server, hostileHtml(), envelope);
    const { res, png } = await screenshot(server, id, '?width=375');
    expect(res.status).toBe(200);
    expect(trackerHits).toEqual(['/open.png?u=reader']);
    expect(await pixelAt(png, 200, 200)).toEqual([255, 255, 255]);
    // The fetched image is painted: the green pixel, stretched to 40×40.
    expect(await pixelAt(png, 20, PIXEL_Y)).toEqual([0, 128, 0]);
  });

  it('refuses remote content from internal addresses without --allow-internal-http-requests', async () => {
    server = await startTestServer(['--screenshot-remote-content']);
    const id = await sendRaw(server, hostileHtml(), envelope);
    const { res, png } = await screenshot(server, id, '?width=375');
    expect(res.status).toBe(200);
    expect(trackerHits).toEqual([]);
    expect(await pixelAt(png, 20, PIXEL_Y)).not.toEqual([0, 128, 0]);
  });

  it('answers 504 within the timeout when a remote image never arrives', async () => {
    const hung = await startSilentHttpServer();
    try {
      server = await startTestServer(['--screenshot-remote-content', '--allow-internal-http-requests', '--check-timeout', '3s']);
      const html = `Subject: slow\r\nContent-Type: text/html\r\n\r\n<img src="http://127.0.0.1:${hung.port}/slow.png">\r\n`;
      const id = await sendRaw(server, html, envelope);
      const { res, png } = await screenshot(server, id, '?width=375');
      expect(res.status).toBe(504);
      expect(JSON.parse(png.toString())).toEqual({ Error: 'Chromium did not answer within 3s' });
      // The browser is still usable afterwards.
      const next = await sendRaw(server, fixture('clean-note.eml'), envelope);
      expect((await screenshot(server, next, '?width=375')).res.status).toBe(200);
    } finally {
      await hung.close();
    }
  });
});

describe('screenshots without a browser', () => {
  it('answers 501 naming the missing browser', async () => {
    const server = await startTestServer(['--chromium-path', '/nonexistent/chromium']);
    try {
      const id = await sendRaw(server, fixture('newsletter-hero.eml'), envelope);
      const { res, png } = await screenshot(server, id);
      expect(res.status).toBe(501);
      expect(JSON.parse(png.toString())).toEqual({
        Error: 'screenshots need Chromium: --chromium-path /nonexistent/chromium is not an executable file',
      });
    } finally {
      await server.close();
    }
  });
});
