import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

/**
 * What the API adds for the web UI, with plain fetch: the UI's page at its routes with a strict
 * CSP, hashed assets cached for good, the API's JSON 404s untouched, keyset paging (`before`),
 * the message's `Envelope` and the views' remote-content switch — at `/` and under a webroot.
 */

async function sendSmtp(server: TestServer, subject: string, extra: SendMailOptions = {}): Promise<void> {
  const transport = nodemailer.createTransport({ ...server.urls.smtp, secure: false, ignoreTLS: true, name: 'client.example.test' });
  try {
    await transport.sendMail({ from: 'App <app@example.test>', to: 'user@example.test', subject, text: `Body of ${subject}`, ...extra });
  } finally {
    transport.close();
  }
}

interface Page {
  messages: Array<{ ID: string; Subject: string }>;
  messages_count: number;
}

for (const webroot of ['/', '/mail/']) {
  describe(`the UI's page and assets (webroot ${webroot})`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(webroot === '/' ? [] : ['--webroot', webroot]);
    });
    afterAll(async () => {
      await server.close();
    });

    it('serves the page at /, /view/{ID}, /view/latest and /search with a strict CSP and no framing', async () => {
      for (const path of ['', 'view/abc123', 'view/latest', 'search?q=from%3Ax']) {
        const res = await fetch(server.api(path));
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        const csp = res.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('cache-control')).toBe('no-cache');
        const html = await res.text();
        expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
        expect(html).toMatch(new RegExp(`src="${webroot}assets/index-[\\w-]+\\.js"`));
      }
    });

    it('serves hashed assets with a year-long immutable cache', async () => {
      const html = await (await fetch(server.api(''))).text();
      const script = /src="([^"]+\.js)"/.exec(html)?.[1] ?? '';
      const res = await fetch(new URL(script, server.urls.http));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^(application|text)\/javascript/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await res.text()).length).toBeGreaterThan(1000);
      const missing = await fetch(server.api('assets/nope.js'));
      expect(missing.status).toBe(404);
    });

    it('keeps the API answering JSON 404s, and the sandboxed views their own routes', async () => {
      const res = await fetch(server.api('api/v1/nope'));
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ Error: expect.stringContaining('no route') });
      const view = await fetch(server.api('view/nope.html'));
      expect(view.status).toBe(404);
      expect(await view.json()).toEqual({ Error: 'message not found' });
      const unknownPage = await fetch(server.api('settings'));
      expect(unknownPage.status).toBe(404);
    });
  });
}

describe('devmail extensions the UI uses', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    for (let i = 0; i < 5; i++) await sendSmtp(server, `paging ${i}`);
  });
  afterAll(async () => {
    await server.close();
  });

  const page = async (path: string): Promise<Page> => {
    const res = await fetch(server.api(path));
    expect(res.status, path).toBe(200);
    return (await res.json()) as Page;
  };

  it('pages the list by keyset with before=ID, newest first, without gaps or repeats', async () => {
    const first = await page('/api/v1/messages?limit=2');
    expect(first.messages.map((m) => m.Subject)).toEqual(['paging 4', 'paging 3']);
    const second = await page(`/api/v1/messages?limit=2&before=${first.messages[1].ID}`);
    expect(second.messages.map((m) => m.Subject)).toEqual(['paging 2', 'paging 1']);
    const third = await page(`/api/v1/messages?limit=2&before=${second.messages[1].ID}`);
    expect(third.messages.map((m) => m.Subject)).toEqual(['paging 0']);
  });

  it('pages a search by keyset too', async () => {
    const first = await page(`/api/v1/search?query=${encodeURIComponent('subject:paging')}&limit=3`);
    expect(first.messages_count).toBe(5);
    const next = await page(`/api/v1/search?query=${encodeURIComponent('subject:paging')}&limit=3&before=${first.messages[2].ID}`);
    expect(next.messages.map((m) => m.Subject)).toEqual(['paging 1', 'paging 0']);
  });

  it('answers a cursor that names no stored message with a 400', async () => {
    const res = await fetch(server.api('/api/v1/messages?before=doesnotexist'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ Error: 'no message "doesnotexist" to page before' });
  });

  it('adds the SMTP envelope to the message as Envelope, keeping the Mailpit fields', async () => {
    await sendSmtp(server, 'envelope', { envelope: { from: 'bounce@example.test', to: ['user@example.test', 'hidden@example.test'] } });
    const res = await fetch(server.api('/api/v1/message/latest'));
    const message = (await res.json()) as Record<string, unknown>;
    expect(message.Subject).toBe('envelope');
    expect(message.Envelope).toEqual({
      MailFrom: 'bounce@example.test',
      RcptTo: ['user@example.test', 'hidden@example.test'],
      Helo: 'client.example.test',
      ClientIP: '127.0.0.1',
      TLS: null,
      AuthUser: '',
      Source: 'smtp',
    });
    expect(message.Bcc).toEqual([{ Name: '', Address: 'hidden@example.test' }]);
    expect(message.ReturnPath).toBe('bounce@example.test');
  });

  it('says how an API-sent message arrived', async () => {
    const sent = await fetch(server.api('/api/v1/send'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ From: { Email: 'api@example.test' }, To: [{ Email: 'user@example.test' }], Subject: 'by api', Text: 'x' }),
    });
    const { ID } = (await sent.json()) as { ID: string };
    const message = (await (await fetch(server.api(`/api/v1/message/${ID}`))).json()) as { Envelope: { Source: string; RcptTo: string[] } };
    expect(message.Envelope.Source).toBe('api');
    expect(message.Envelope.RcptTo).toEqual(['user@example.test']);
  });

  it('frames the HTML view only from its own origin, and blocks remote content with remote=0', async () => {
    await sendSmtp(server, 'remote', { html: '<p>hi <img src="https://tracker.example.test/p.gif"></p>' });
    const plain = await fetch(server.api('/view/latest.html?embed=1'));
    const open = plain.headers.get('content-security-policy') ?? '';
    expect(open).toMatch(/^sandbox allow-popups allow-popups-to-escape-sandbox;/);
    expect(open).toContain("frame-ancestors 'self'");
    expect(open).toContain('img-src * data: cid:');
    const blocked = (await fetch(server.api('/view/latest.html?embed=1&remote=0'))).headers.get('content-security-policy') ?? '';
    expect(blocked).toMatch(/^sandbox allow-popups allow-popups-to-escape-sandbox;/);
    expect(blocked).toContain("img-src 'self' data:;");
    expect(blocked).toContain("style-src 'unsafe-inline';");
    expect(blocked).toContain("font-src 'self' data:;");
    expect(blocked).toContain("frame-ancestors 'self'");
    expect(blocked).not.toMatch(/\*|allow-scripts|allow-same-origin/);
  });
});
