import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { MailpitClient } from 'mailpit-api';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Captured mail is hostile input: its HTML, parts and source must never run script in the
 * UI's origin. Plus the headers every answer carries, CSRF and cross-site WebSocket
 * refusals, and basic auth.
 */

const HOSTILE_HTML =
  '<html><body><h1>Hi</h1><script>parent.document.title="owned"</script>' +
  '<img src="x" onerror="alert(1)"><a href="https://example.test/" target="_top">link</a></body></html>';

function hostileMessage(): string {
  return [
    'From: Mallory <mallory@evil.test>',
    'To: victim@example.test',
    'Subject: hostile',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    HOSTILE_HTML,
    '--b1',
    'Content-Type: text/html; name="page.html"',
    'Content-Disposition: attachment; filename="page.html"',
    '',
    '<script>alert(document.cookie)</script>',
    '--b1',
    'Content-Type: image/svg+xml',
    'Content-Disposition: attachment; filename="pic.svg"',
    '',
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '--b1',
    'Content-Type: text/plain',
    "Content-Disposition: attachment; filename*=utf-8''..%2F..%2Fetc%2Fnot%22quite%0D%0ASet-Cookie%3A%20x.txt",
    '',
    'just text',
    '--b1',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="dot.png"',
    '',
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    '--b1--',
    '',
  ].join('\r\n');
}

interface Part {
  PartID: string;
  FileName: string;
}

describe('captured content', () => {
  let server: TestServer;
  let id: string;
  let attachments: Part[];

  beforeAll(async () => {
    server = await startTestServer();
    const transport = nodemailer.createTransport({ ...server.urls.smtp, secure: false, tls: { rejectUnauthorized: false } });
    try {
      await transport.sendMail({ envelope: { from: 'mallory@evil.test', to: ['victim@example.test'] }, raw: hostileMessage() });
    } finally {
      transport.close();
    }
    id = ((await (await fetch(server.api('/api/v1/messages'))).json()) as { messages: Array<{ ID: string }> }).messages[0].ID;
    attachments = ((await (await fetch(server.api(`/api/v1/message/${id}`))).json()) as { Attachments: Part[] }).Attachments;
  });
  afterAll(async () => {
    await server.close();
  });

  const partNamed = (name: string) => {
    const part = attachments.find((a) => a.FileName.includes(name));
    if (!part) throw new Error(`no part named ${name} in ${JSON.stringify(attachments)}`);
    return part;
  };

  it('serves a message HTML with a sandbox CSP that allows no script and no same-origin', async () => {
    const res = await fetch(server.api(`/view/${id}.html`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = csp.split(';').map((d) => d.trim());
    expect(directives[0]).toBe('sandbox');
    expect(directives).toContain("default-src 'none'");
    expect(csp).not.toMatch(/allow-scripts|allow-same-origin|script-src|unsafe-eval/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // Same origin may frame it (the UI's sandboxed iframe); other sites may not.
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await res.text()).toContain('<h1>Hi</h1>');
  });

  it('lets the embedded view open links in new tabs but still runs no script', async () => {
    const res = await fetch(server.api(`/view/${id}.html?embed=1`));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/^sandbox allow-popups allow-popups-to-escape-sandbox;/);
    expect(csp).not.toMatch(/allow-scripts|allow-same-origin|allow-top-navigation|allow-forms/);
    const html = await res.text();
    expect(html).toContain('<a href="https://example.test/" target="_blank" rel="noopener noreferrer">');
    expect(html).not.toContain('target="_top"');
  });

  it('serves an HTML attachment only as a download, sandboxed and never sniffed', async () => {
    const res = await fetch(server.api(`/api/v1/message/${id}/part/${partNamed('page.html').PartID}`));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="page.html"');
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves an SVG attachment only as a download', async () => {
    const res = await fetch(server.api(`/api/v1/message/${id}/part/${partNamed('pic.svg').PartID}`));
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
  });

  it('shows a raster image inline', async () => {
    const res = await fetch(server.api(`/api/v1/message/${id}/part/${partNamed('dot.png').PartID}`));
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="dot.png"');
  });

  it('strips paths, quotes and line breaks from a hostile attachment file name', async () => {
    const part = partNamed('Set-Cookie');
    const res = await fetch(server.api(`/api/v1/message/${id}/part/${part.PartID}`));
    expect(res.status).toBe(200);
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(disposition).not.toMatch(/[\r\n]|\.\.\/|\/etc/);
    expect(disposition).toMatch(/^inline; filename="[^"/\\]+"; filename\*=UTF-8''/);
  });

  it('serves the raw source of an HTML message as sandboxed text/plain', async () => {
    const res = await fetch(server.api(`/api/v1/message/${id}/raw`));
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<script>');
  });

  it('puts security headers on JSON answers and on errors', async () => {
    for (const path of ['/api/v1/messages', '/api/v1/message/none']) {
      const res = await fetch(server.api(path));
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'self'");
    }
  });

  it('refuses a POST that is not JSON, so another site cannot post mail through a browser', async () => {
    const res = await fetch(server.api('/api/v1/send'), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ From: { Email: 'csrf@evil.test' }, To: [{ Email: 'victim@example.test' }] }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { Error: string }).Error).toMatch(/application\/json/);
    const search = (await (await fetch(server.api('/api/v1/search?query=from:csrf@evil.test'))).json()) as { messages_count: number };
    expect(search.messages_count).toBe(0);
  });

  it('accepts a WebSocket upgrade from its own origin', async () => {
    const url = server.api('/api/events').replace(/^http/, 'ws');
    const ws = new WebSocket(url, { origin: new URL(server.urls.http).origin });
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => resolve());
      ws.on('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    });
    ws.close();
  });

  it('refuses a WebSocket upgrade from another origin', async () => {
    const url = server.api('/api/events').replace(/^http/, 'ws');
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, { origin: 'https://evil.test' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('cross-origin upgrade was accepted')));
      ws.on('error', () => {});
    });
    expect(status).toBe(403);
  });
});

describe('markup built to make a backtracking scanner crawl', () => {
  let server: TestServer;
  afterAll(async () => {
    await server?.close();
  });

  it('is stored, listed, searched, shown and embedded while the server keeps answering', async () => {
    server = await startTestServer();
    // Unclosed openers by the ten thousand: each of the regular expressions this HTML met before
    // searched to its end again from every one (minutes for these 600 KB, on the server thread).
    const html = `<p>needle</p>${'<'.repeat(200_000)}${'<!--'.repeat(40_000)}${'<script'.repeat(20_000)}${'<a '.repeat(50_000)}`;
    const transport = nodemailer.createTransport({ ...server.urls.smtp, secure: false, tls: { rejectUnauthorized: false } });
    try {
      await transport.sendMail({ from: 'mallory@evil.test', to: 'victim@example.test', subject: 'crawl', html });
    } finally {
      transport.close();
    }
    const list = (await (await fetch(server.api('/api/v1/messages'))).json()) as { messages: Array<{ ID: string; Snippet: string }> };
    const id = list.messages[0].ID;
    expect(list.messages[0].Snippet).toMatch(/^needle/);
    const found = (await (await fetch(server.api('/api/v1/search?query=needle'))).json()) as { messages: Array<{ ID: string }> };
    expect(found.messages.map((m) => m.ID)).toEqual([id]);
    expect((await fetch(server.api(`/api/v1/message/${id}`))).status).toBe(200);
    expect((await fetch(server.api(`/view/${id}.html?embed=1`))).status).toBe(200);
    expect((await fetch(server.api(`/view/${id}.txt`))).status).toBe(200);
    expect((await fetch(server.api('/livez'))).status).toBe(200);
  });
});

describe('basic auth', () => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'devmail-api-auth-'));
    const file = join(dir, 'users.htpasswd');
    await writeFile(file, `# UI users\nalice:${bcrypt.hashSync('s3cret-alice', 4)}\nbob:plain-bob\n`);
    server = await startTestServer(['--ui-auth-file', file]);
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const basic = (user: string, password: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  });

  it('answers 401 with a Basic challenge when credentials are missing or wrong', async () => {
    for (const headers of [{}, basic('alice', 'wrong'), basic('mallory', 's3cret-alice'), { authorization: 'Bearer x' }]) {
      const res = await fetch(server.api('/api/v1/messages'), { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="devmail"/);
      expect(await res.json()).toEqual({ Error: 'unauthorized' });
    }
  });

  it('accepts a bcrypt-hashed and a plain-text user', async () => {
    expect((await fetch(server.api('/api/v1/messages'), { headers: basic('alice', 's3cret-alice') })).status).toBe(200);
    expect((await fetch(server.api('/api/v1/messages'), { headers: basic('bob', 'plain-bob') })).status).toBe(200);
  });

  it('lets the mailpit-api client in with its auth option and records the user on sent mail', async () => {
    const mailpit = new MailpitClient(server.urls.http, { auth: { username: 'bob', password: 'plain-bob' } });
    const { ID } = await mailpit.sendMessage({ From: { Email: 'a@example.test' }, To: [{ Email: 'b@example.test' }], Subject: 'authed' });
    const message = await mailpit.getMessageSummary(ID);
    expect(message.Username).toBe('bob');
    await expect(new MailpitClient(server.urls.http).listMessages()).rejects.toThrow(/401/);
  });

  it('keeps the probes open but not the metrics or the live feed', async () => {
    expect((await fetch(server.api('/livez'))).status).toBe(200);
    expect((await fetch(server.api('/readyz'))).status).toBe(200);
    expect((await fetch(server.api('/metrics'))).status).toBe(401);
    expect((await fetch(server.api('/view/latest.html'))).status).toBe(401);
  });

  it('refuses an unauthenticated WebSocket upgrade with 401 and closes its connection', async () => {
    const url = server.api('/api/events').replace(/^http/, 'ws');
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url);
      // Resolves only once the server has closed the connection: a refused upgrade must not linger.
      ws.on('unexpected-response', (_req, res) => res.socket.on('close', () => resolve(res.statusCode ?? 0)));
      ws.on('open', () => reject(new Error('unauthenticated upgrade was accepted')));
      ws.on('error', () => {});
    });
    expect(status).toBe(401);
  });
});
