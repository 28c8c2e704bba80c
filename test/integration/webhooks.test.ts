import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/webhooks/index.js';
import { eventually } from '../support/eventually.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Webhooks against a real HTTP receiver on loopback that fails a given number of posts and
 * then accepts: signatures, order per hook, retries, filters, the delivery log, and pending
 * deliveries surviving a restart.
 */

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A receiver that answers 500 to its first `failures` posts, then 204. */
async function startReceiver(failures: number, port = 0): Promise<{ server: Server; url: string; received: Received[]; accepted: () => Received[] }> {
  const received: Received[] = [];
  let left = failures;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = left-- > 0 ? 500 : 204;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString(), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { server, url, received, accepted: () => received.filter((r) => r.status === 204) };
}

async function send(server: TestServer, subject: string, to = 'dev@example.com'): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.urls.smtp.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: 'app@example.com', to, subject, text: `body of ${subject}` });
  } finally {
    transport.close();
  }
}

/** A hook's delivery log, newest first. */
async function deliveries(server: TestServer, hookId: string): Promise<any[]> {
  const res = await fetch(server.api(`/api/v1/webhooks/${hookId}/deliveries`));
  return ((await res.json()) as { deliveries: any[] }).deliveries;
}

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const call = (url: string, method: string, body?: unknown) =>
  fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

const fastRetry = ['--relay-retry-min', '50ms', '--relay-retry-max', '200ms', '--webhook-limit', '0'];

describe('webhooks', () => {
  const servers: TestServer[] = [];
  const receivers: Server[] = [];
  let dir = '';
  const start = async (argv: string[]) => {
    const s = await startTestServer(argv);
    servers.push(s);
    return s;
  };

  afterEach(async () => {
    for (const s of servers.splice(0).reverse()) await s.close();
    for (const r of receivers.splice(0)) await new Promise((resolve) => r.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });

  it('posts each new message signed, retries a failing receiver with backoff, and keeps the order', async () => {
    const receiver = await startReceiver(2);
    receivers.push(receiver.server);
    const server = await start(['--webhook-url', receiver.url, '--webhook-secret', 'shh-secret', ...fastRetry]);
    for (const subject of ['first', 'second', 'third']) await send(server, subject);

    const accepted = await eventually(async () => receiver.accepted(), (a) => a.length === 3);
    expect(accepted.map((r) => JSON.parse(r.body).Subject)).toEqual(['first', 'second', 'third']);
    // Two failed posts of the first message came before anything else.
    expect(receiver.received.map((r) => `${JSON.parse(r.body).Subject}:${r.status}`)).toEqual(['first:500', 'first:500', 'first:204', 'second:204', 'third:204']);

    for (const r of receiver.received) {
      const timestamp = r.headers['x-devmail-timestamp'] as string;
      expect(verifyWebhook('shh-secret', timestamp, r.body, r.headers['x-devmail-signature'] as string)).toBe(true);
      expect(verifyWebhook('wrong-secret', timestamp, r.body, r.headers['x-devmail-signature'] as string)).toBe(false);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-devmail-event']).toBe('message.created');
    }
    // The body is Mailpit's message summary.
    const summary = JSON.parse(accepted[0].body);
    expect(summary).toMatchObject({ Subject: 'first', From: { Address: 'app@example.com' }, To: [{ Address: 'dev@example.com' }], Snippet: 'body of first' });
    expect(typeof summary.ID).toBe('string');

    const log = await json(await fetch(server.api('/api/v1/webhooks/default/deliveries')));
    expect(log.status).toBe(200);
    expect(log.body.deliveries.map((d: any) => [d.Status, d.Attempts])).toEqual([['delivered', 1], ['delivered', 1], ['delivered', 3]]);
    expect(log.body.deliveries[2]).toMatchObject({ MessageID: summary.ID, LastError: 'HTTP 500', LastResult: 'HTTP 204', NextAttempt: null, Event: 'message.created' });
    expect(String(receiver.received[2].headers['x-devmail-delivery'])).toBe(String(log.body.deliveries[2].ID));
  });

  it('spaces posts to --webhook-limit a second', async () => {
    const receiver = await startReceiver(0);
    receivers.push(receiver.server);
    const server = await start(['--webhook-url', receiver.url, '--webhook-limit', '2']);
    const arrivals: number[] = [];
    receiver.server.on('request', () => arrivals.push(Date.now()));
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((subject) => send(server, subject)));
    await eventually(async () => receiver.accepted(), (a) => a.length === 5);
    expect(receiver.accepted().map((r) => JSON.parse(r.body).Subject).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Five posts at two a second leave over two seconds. Measured where they arrive, the first
    // post's extra latency (a new connection) may hide up to one interval, hence 1.5 s: a lower
    // bound only, which a slow machine cannot break; without the limit they arrive together.
    expect(arrivals[4] - arrivals[0]).toBeGreaterThanOrEqual(1500);
  });

  it('manages hooks over the API, filters by query and inbox, and refuses bad input precisely', async () => {
    const receiver = await startReceiver(0);
    receivers.push(receiver.server);
    const server = await start(fastRetry);
    const created = await json(await call(server.api('/api/v1/webhooks'), 'POST', { URL: receiver.url, Query: 'subject:invoice' }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ URL: receiver.url, Query: 'subject:invoice', Inbox: '', Signed: true });
    expect(created.body.Secret.length).toBeGreaterThanOrEqual(32);
    const id = created.body.ID as string;
    const otherInbox = await json(await call(server.api('/api/v1/webhooks'), 'POST', { URL: receiver.url, Inbox: 'team-b', Secret: '' }));
    expect(otherInbox.body.Signed).toBe(false);

    const listed = await json(await fetch(server.api('/api/v1/webhooks')));
    expect(listed.body.map((h: any) => h.ID).sort()).toEqual([id, otherInbox.body.ID].sort());
    expect(listed.body[0].Secret).toBeUndefined();

    await send(server, 'Welcome');
    await send(server, 'Your invoice');
    const accepted = await eventually(async () => receiver.accepted(), (a) => a.length >= 1);
    await eventually(() => deliveries(server, id), (d) => d.length === 1 && d[0].Status === 'delivered');
    expect(accepted.map((r) => JSON.parse(r.body).Subject)).toEqual(['Your invoice']);
    expect(verifyWebhook(created.body.Secret, accepted[0].headers['x-devmail-timestamp'] as string, accepted[0].body, accepted[0].headers['x-devmail-signature'] as string)).toBe(true);
    expect((await json(await fetch(server.api(`/api/v1/webhooks/${otherInbox.body.ID}/deliveries`)))).body.deliveries).toEqual([]);

    const changed = await json(await call(server.api(`/api/v1/webhooks/${id}`), 'PUT', { Query: 'subject:welcome' }));
    expect(changed.body).toMatchObject({ ID: id, URL: receiver.url, Query: 'subject:welcome', Secret: created.body.Secret });

    const bad: Array<[string, string, unknown, number, RegExp]> = [
      ['POST', '/api/v1/webhooks', { URL: 'ftp://example.com/x' }, 400, /http:\/\/ or https:\/\//],
      ['POST', '/api/v1/webhooks', { URL: 'not a url' }, 400, /is not a URL/],
      ['POST', '/api/v1/webhooks', { URL: 'http://user:pw@127.0.0.1/' }, 400, /may not hold credentials/],
      ['POST', '/api/v1/webhooks', { Query: 'x' }, 400, /must have required property 'URL'/],
      ['PUT', '/api/v1/webhooks/nope', { URL: receiver.url }, 404, /webhook not found/],
      ['GET', '/api/v1/webhooks/nope/deliveries', undefined, 404, /webhook not found/],
    ];
    for (const [method, path, body, status, error] of bad) {
      const res = await json(await call(server.api(path), method, body));
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.body.Error).toMatch(error);
    }

    expect(await (await call(server.api(`/api/v1/webhooks/${id}`), 'DELETE')).text()).toBe('ok');
    expect((await fetch(server.api(`/api/v1/webhooks/${id}`))).status).toBe(404);
    expect((await call(server.api(`/api/v1/webhooks/${id}`), 'DELETE')).status).toBe(404);
  });

  it('keeps hooks and pending deliveries across a restart and delivers them once the receiver is up', async () => {
    dir = mkdtempSync(join(tmpdir(), 'devmail-hooks-'));
    const down = await startReceiver(0);
    const port = (down.server.address() as AddressInfo).port;
    await new Promise((resolve) => down.server.close(resolve)); // nothing listens there now
    const argv = ['--database', join(dir, 'devmail.db'), ...fastRetry];
    let server = await start(argv);
    const created = await json(await call(server.api('/api/v1/webhooks'), 'POST', { URL: down.url, Secret: 'persisted' }));
    await send(server, 'while down');
    const failing = await eventually(() => deliveries(server, created.body.ID), (d) => d[0]?.Attempts >= 2);
    expect(failing[0]).toMatchObject({ Status: 'pending' });
    expect(failing[0].LastError).toMatch(/ECONNREFUSED/);
    await server.close();

    const up = await startReceiver(0, port);
    receivers.push(up.server);
    server = await start(argv);
    const accepted = await eventually(async () => up.accepted(), (a) => a.length === 1);
    expect(accepted.map((r) => JSON.parse(r.body).Subject)).toEqual(['while down']);
    expect(verifyWebhook('persisted', accepted[0].headers['x-devmail-timestamp'] as string, accepted[0].body, accepted[0].headers['x-devmail-signature'] as string)).toBe(true);
  });
});
