import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DevmailClient, type DevmailMessage } from '../../src/sdk/index.js';
import { fixture, sendRaw } from '../support/send-eml.js';
import { hasService } from '../support/services.js';
import { closedPort } from '../support/silent-servers.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The SDK's check helpers against real results: the HTML check and lint of the newsletter
 * fixture, the link check against an HTTP server on loopback, the calendar summary of an
 * invitation, authentication with no DNS to ask, and the spam engines that
 * scripts/test-services.sh starts.
 */

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Starts devmail with `argv`, stores `raw` over SMTP and answers it through the SDK. */
async function captured(argv: string[], raw: Buffer | string, envelope = { from: 'news@shop.test', to: ['alice@example.test'] }): Promise<DevmailMessage> {
  server = await startTestServer(argv);
  const id = await sendRaw(server, raw, envelope);
  return new DevmailClient({ url: server.urls.http }).get(id);
}

describe('content checks through the SDK', () => {
  it('htmlCheck() scores the newsletter across mail clients', async () => {
    const message = await captured([], fixture('newsletter.eml'), { from: 'bounce-42@mailer.example.net', to: ['alice@example.test'] });
    const result = await message.htmlCheck();
    expect(result.Total.Nodes).toBeGreaterThan(900);
    expect(result.Total.Supported + result.Total.Partial + result.Total.Unsupported).toBeCloseTo(100, 1);
    const grid = result.Warnings.find((w) => w.Slug === 'css-display-grid');
    expect(grid?.Lines).toEqual([18]);
    expect(result.Platforms.windows).toContain('Outlook');
  });

  it('lint() reports the newsletter’s findings with their counts', async () => {
    const message = await captured([], fixture('newsletter.eml'), { from: 'bounce-42@mailer.example.net', to: ['alice@example.test'] });
    const result = await message.lint();
    const codes = result.findings.map((f) => f.code);
    expect(codes).toContain('html-gmail-clipping');
    expect(codes).toContain('html-img-alt-missing');
    expect(result.counts.error + result.counts.warning + result.counts.info).toBe(result.findings.length);
  });

  it('calendar() summarises an invitation', async () => {
    const message = await captured([], fixture('invitation.eml'), { from: 'bea@example.com', to: ['alice@example.test'] });
    const result = await message.calendar();
    expect(result.Invitations).toHaveLength(2);
    expect(result.Invitations[1]).toMatchObject({ FileName: 'invite.ics', Events: [{ Start: '2026-12-01T09:00:00Z', Summary: 'Quarterly planning' }] });
  });

  it('authCheck() answers "cannot verify" when no DNS server answers', async () => {
    const message = await captured(['--dns-server', `127.0.0.1:${await closedPort()}`], fixture('password-reset.eml'));
    const result = await message.authCheck();
    expect(result.CannotVerify).toBe(true);
    expect(result.SPF.Result).toBe('temperror');
    expect(result.AuthenticationResults).toContain('spf=temperror');
  });
});

describe('linkCheck() against a loopback HTTP server', () => {
  let target: http.Server;
  let base = '';

  beforeAll(async () => {
    target = http.createServer((req, res) => {
      if (req.url === '/ok') res.writeHead(200).end('ok');
      else if (req.url === '/moved') res.writeHead(301, { location: '/ok' }).end();
      else res.writeHead(404).end('no');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(target.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => target.close(resolve));
  });

  const mail = () =>
    [
      'From: shop@shop.test',
      'To: alice@example.test',
      'Subject: Links',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p><a href="${base}/ok">ok</a> <a href="${base}/gone">gone</a> <a href="${base}/moved">moved</a></p>`,
      '',
    ].join('\r\n');

  it('reports each link’s status, following redirects when asked', async () => {
    const message = await captured(['--allow-internal-http-requests'], mail());
    const plain = await message.linkCheck();
    const byUrl = new Map(plain.Links.map((l) => [l.URL, l]));
    expect(byUrl.get(`${base}/ok`)?.StatusCode).toBe(200);
    expect(byUrl.get(`${base}/gone`)?.StatusCode).toBe(404);
    expect(byUrl.get(`${base}/moved`)?.StatusCode).toBe(301);
    expect(plain.Errors).toBe(1);
    const followed = await message.linkCheck({ follow: true });
    const moved = followed.Links.find((l) => l.URL === `${base}/moved`);
    expect(moved?.StatusCode).toBe(200);
    expect(moved?.Redirects).toEqual([{ StatusCode: 301, Location: `${base}/ok` }]);
  });

  it('reports loopback links as refused without --allow-internal-http-requests', async () => {
    const message = await captured([], mail());
    const result = await message.linkCheck();
    expect(result.Errors).toBe(3);
    expect(result.Links.every((l) => l.StatusCode === 0 && l.Status.startsWith('refused'))).toBe(true);
  });
});

describe.skipIf(!hasService('spamassassin'))('spamCheck() with the real spamd', () => {
  it('scores GTUBE as spam with its rule', async () => {
    const message = await captured(['--enable-spamassassin', '127.0.0.1:783'], fixture('spam-gtube.eml'));
    const result = await message.spamCheck();
    expect(result.IsSpam).toBe(true);
    expect(result.Score).toBeGreaterThanOrEqual(100);
    expect(result.Rules.map((r) => r.Name)).toContain('GTUBE');
    expect(result.Error).toBe('');
  });
});

describe.skipIf(!hasService('rspamd'))('rspamdCheck() with the real Rspamd', () => {
  it('scores GTUBE as spam', async () => {
    const message = await captured(['--enable-rspamd', 'http://127.0.0.1:11333'], fixture('spam-gtube.eml'));
    const result = await message.rspamdCheck();
    expect(result.IsSpam).toBe(true);
    expect(result.Action).toBe('reject');
    expect(result.Symbols.length).toBeGreaterThan(0);
  });
});
