import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { MailpitClient } from 'mailpit-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSilentHttpServer } from '../support/silent-servers.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * GET /api/v1/message/{ID}/link-check against real HTTP servers on loopback: with
 * --allow-internal-http-requests they are checked, without it every internal address is
 * refused before a single request is made.
 */

let target: http.Server;
let origin: string;
const requests: string[] = [];
let allowed: TestServer;
let guarded: TestServer;

interface LinkCheck {
  Errors: number;
  Links: Array<{ URL: string; StatusCode: number; Status: string; Redirects: Array<{ StatusCode: number; Location: string }> }>;
}

beforeAll(async () => {
  target = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    switch (new URL(req.url ?? '/', 'http://x').pathname) {
      case '/ok':
      case '/logo.png':
      case '/from-text':
        res.end('ok');
        return;
      case '/get-only':
        if (req.method === 'HEAD') res.writeHead(405).end();
        else res.end('ok');
        return;
      case '/moved':
        res.writeHead(301, { location: '/ok' }).end();
        return;
      case '/chain':
        res.writeHead(302, { location: '/moved' }).end();
        return;
      case '/to-missing':
        res.writeHead(307, { location: '/missing' }).end();
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  [allowed, guarded] = await Promise.all([startTestServer(['--allow-internal-http-requests']), startTestServer()]);
});

afterAll(async () => {
  await Promise.all([allowed?.close(), guarded?.close()]);
  target.closeAllConnections();
  await new Promise((resolve) => target.close(resolve));
});

async function send(server: TestServer, html: string, text: string): Promise<string> {
  const transport = nodemailer.createTransport({ host: server.urls.smtp.host, port: server.urls.smtp.port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ from: 'app@example.com', to: 'qa@example.org', subject: 'Links', html, text });
    return /queued as (\S+)/.exec(info.response)?.[1] ?? '';
  } finally {
    transport.close();
  }
}

async function linkCheck(server: TestServer, id: string, query = ''): Promise<LinkCheck> {
  const res = await fetch(server.api(`/api/v1/message/${id}/link-check${query}`));
  expect(res.status).toBe(200);
  return (await res.json()) as LinkCheck;
}

const byUrl = (result: LinkCheck, url: string) => result.Links.find((l) => l.URL === url);

describe('link-check with --allow-internal-http-requests', () => {
  let id: string;
  const html = () => `<p><a href="${origin}/ok">ok</a> <a href="${origin}/missing">gone</a> <a href="${origin}/get-only">get</a>
    <a href="${origin}/moved">moved</a> <a href="${origin}/chain">chain</a> <a href="${origin}/to-missing">to missing</a>
    <a href="mailto:x@example.org">mail</a> <a href="#top">top</a> <img src="${origin}/logo.png" alt="logo">
    <a href="${origin}/ok">the same link again</a></p>`;

  beforeAll(async () => {
    id = await send(allowed, html(), `Also here: ${origin}/from-text.`);
  });

  it('checks every http(s) link and image of the HTML and text, once each', async () => {
    const result = await linkCheck(allowed, id);
    expect(result.Links.map((l) => l.URL).sort()).toEqual(
      ['/ok', '/missing', '/get-only', '/moved', '/chain', '/to-missing', '/logo.png', '/from-text'].map((p) => origin + p).sort(),
    );
    expect(byUrl(result, `${origin}/ok`)).toEqual({ URL: `${origin}/ok`, StatusCode: 200, Status: 'OK', Redirects: [] });
    expect(byUrl(result, `${origin}/logo.png`)?.StatusCode).toBe(200);
    expect(byUrl(result, `${origin}/from-text`)?.StatusCode).toBe(200);
    expect(byUrl(result, `${origin}/missing`)).toMatchObject({ StatusCode: 404, Status: 'Not Found' });
    // HEAD answered 405; the GET that followed answered 200.
    expect(byUrl(result, `${origin}/get-only`)).toMatchObject({ StatusCode: 200 });
    expect(requests).toEqual(expect.arrayContaining(['HEAD /get-only', 'GET /get-only']));
    // Without follow, a redirect is reported as it is, with its target.
    expect(byUrl(result, `${origin}/moved`)).toEqual({ URL: `${origin}/moved`, StatusCode: 301, Status: 'Moved Permanently', Redirects: [{ StatusCode: 301, Location: `${origin}/ok` }] });
    expect(result.Errors).toBe(1);
  });

  it('follows redirects with follow=true and reports each hop', async () => {
    const result = await linkCheck(allowed, id, '?follow=true');
    expect(byUrl(result, `${origin}/chain`)).toEqual({
      URL: `${origin}/chain`,
      StatusCode: 200,
      Status: 'OK',
      Redirects: [
        { StatusCode: 302, Location: `${origin}/moved` },
        { StatusCode: 301, Location: `${origin}/ok` },
      ],
    });
    expect(byUrl(result, `${origin}/to-missing`)).toMatchObject({ StatusCode: 404 });
    expect(result.Errors).toBe(2);
  });

  it('works with the mailpit-api client', async () => {
    const client = new MailpitClient(allowed.urls.http.replace(/\/$/, ''));
    const result = await client.linkCheck(id, true);
    expect(result.Links.length).toBe(8);
    expect(result.Errors).toBe(2);
  });

  it('reports a server that is not there as an error, not a failure of the route', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const idDown = await send(allowed, `<a href="http://127.0.0.1:${port}/">down</a>`, 'x');
    const result = await linkCheck(allowed, idDown);
    expect(result).toEqual({ Errors: 1, Links: [{ URL: `http://127.0.0.1:${port}/`, StatusCode: 0, Status: 'connection refused', Redirects: [] }] });
  });
});

describe('link-check without --allow-internal-http-requests', () => {
  it('refuses loopback by address, by name after DNS, and as IPv4-mapped or IPv6, without a request', async () => {
    const port = new URL(origin).port;
    const urls = [
      `${origin}/ok?guarded`,
      `http://localhost:${port}/ok?guarded`,
      `http://[::ffff:127.0.0.1]:${port}/ok?guarded`,
      `http://[::1]:${port}/ok?guarded`,
      `http://2130706433:${port}/ok?guarded`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://[fd00::1]/',
    ];
    const id = await send(guarded, urls.map((u) => `<a href="${u}">x</a>`).join(' '), 'x');
    const before = requests.length;
    const result = await linkCheck(guarded, id);
    expect(result.Errors).toBe(urls.length);
    for (const link of result.Links) {
      expect(link.StatusCode).toBe(0);
      expect(link.Status).toMatch(/^refused: .*--allow-internal-http-requests allows it\)$/);
    }
    expect(byUrl(result, `http://localhost:${port}/ok?guarded`)?.Status).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(byUrl(result, `http://[::ffff:127.0.0.1]:${port}/ok?guarded`)?.Status).toContain('loopback');
    expect(byUrl(result, 'http://169.254.169.254/latest/meta-data/')?.Status).toContain('link-local');
    expect(byUrl(result, 'http://[fd00::1]/')?.Status).toContain('unique-local');
    expect(requests.length).toBe(before);
  });
});

describe('link-check with --link-check-timeout', () => {
  it('gives up on a server that never answers after the configured time', async () => {
    const hung = await startSilentHttpServer();
    const quick = await startTestServer(['--allow-internal-http-requests', '--link-check-timeout', '500ms']);
    try {
      const url = `http://127.0.0.1:${hung.port}/never`;
      const id = await send(quick, `<a href="${url}">x</a>`, 'x');
      const started = Date.now();
      const result = await linkCheck(quick, id);
      expect(byUrl(result, url)).toMatchObject({ StatusCode: 0, Status: expect.stringContaining('timed out after 0.5s') });
      expect(hung.accepted()).toBeGreaterThan(0);
      // Far below the default 10 s: the option took effect (HEAD and the GET fallback each wait 0.5 s).
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await quick.close();
      await hung.close();
    }
  });
});
