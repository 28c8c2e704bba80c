import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * Release, relay and forwarding against a second devmail: a real SMTP server on loopback that
 * captures what the first one relays. Failures go to a closed port, are queued, and are
 * delivered after a restart once a server listens there.
 */

interface Summary {
  ID: string;
  Subject: string;
}

async function send(server: TestServer, mail: SendMailOptions): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.urls.smtp.port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ from: 'App <app@example.com>', text: 'hello', ...mail });
    return /queued as (\S+)/.exec(info.response)?.[1] ?? '';
  } finally {
    transport.close();
  }
}

async function messages(server: TestServer, query = ''): Promise<Summary[]> {
  const res = await fetch(server.api(query ? `/api/v1/search?query=${encodeURIComponent(query)}` : '/api/v1/messages'));
  return ((await res.json()) as { messages: Summary[] }).messages;
}

/** Messages the target captured with this subject, each with its envelope recipients. */
async function arrivals(server: TestServer, subject: string, count: number): Promise<Array<{ id: string; rcptTo: string }>> {
  const found = await eventually(() => messages(server, `subject:"${subject}"`), (m) => m.length >= count);
  const out = [];
  for (const m of found) out.push({ id: m.ID, rcptTo: (await server.store.get(m.ID))?.envelope.rcptTo.join(',') ?? '' });
  return out.sort((a, b) => a.rcptTo.localeCompare(b.rcptTo));
}

async function raw(server: TestServer, id: string): Promise<string> {
  return (await fetch(server.api(`/api/v1/message/${id}/raw`))).text();
}

const post = (url: string, body?: unknown) =>
  fetch(url, { method: 'POST', headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

/** A loopback port nothing listens on (taken and released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('release to a relay server', () => {
  let target: TestServer;
  let source: TestServer;

  beforeAll(async () => {
    target = await startTestServer();
    source = await startTestServer([
      '--smtp-relay-host', '127.0.0.1',
      '--smtp-relay-port', String(target.urls.smtp.port),
      '--smtp-relay-blocked-recipients', '@blocked\\.example$',
      '--smtp-relay-return-path', 'bounces@devmail.test',
      '--smtp-relay-matching', '@auto\\.example$',
      '--smtp-forward-to', 'archive@copies.example',
    ]);
  });

  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it("relays a released message as Mailpit does: Bcc removed, new Message-ID and Date, the configured Return-Path", async () => {
    const id = await send(source, { to: 'dev@example.com', bcc: 'secret@example.com', subject: 'Release me', messageId: '<orig-1@example.com>' });
    const res = await post(source.api(`/api/v1/message/${id}/release`), { To: ['Real Person <person@example.com>'] });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');

    // The forwarding rule sends its own copy to archive@: the release is the other one.
    const arrived = await arrivals(target, 'Release me', 2);
    expect(arrived.map((a) => a.rcptTo)).toEqual(['archive@copies.example', 'person@example.com']);
    const copy = await raw(target, arrived[1].id);
    expect(copy).not.toMatch(/secret@example\.com/);
    expect(copy).not.toMatch(/orig-1@example\.com/);
    expect(copy).toMatch(/^Return-Path: <bounces@devmail\.test>\r$/m);
    expect(copy).toMatch(/^From: App <app@example\.com>\r$/m);
    expect(copy).toMatch(/^To: dev@example\.com\r$/m);

    // Both jobs are the message's; which was queued last depends on when the rule ran, and the
    // forward may be marked delivered a moment after its copy arrived.
    const messageJobs = async () => {
      const queue = (await (await fetch(source.api('/api/v1/relay/queue'))).json()) as { jobs: any[] };
      return queue.jobs.filter((j) => j.MessageID === id).sort((a, b) => a.Origin.localeCompare(b.Origin));
    };
    const jobs = await eventually(messageJobs, (j) => j.length === 2 && j.every((job) => job.Status === 'delivered'));
    expect(jobs).toMatchObject([
      { Origin: 'forward', To: ['archive@copies.example'], Status: 'delivered' },
      { Origin: 'release', To: ['person@example.com'], Status: 'delivered', Attempts: 1, NextAttempt: null },
    ]);
  });

  it("answers bad releases with Mailpit's messages and keeps serving", async () => {
    const id = await send(source, { to: 'dev@example.com', subject: 'Bad releases' });
    const cases: Array<[unknown, number, string]> = [
      [{ To: ['someone@blocked.example'] }, 400, 'Mail address is explicitly blocked: someone@blocked.example'],
      [{ To: ['not an address'] }, 400, 'Invalid email address: not an address'],
      [{ To: ['x@example.com\r\nRCPT TO:<y@example.com>'] }, 400, 'Invalid email address: x@example.com\r\nRCPT TO:<y@example.com>'],
      [{ To: [] }, 400, 'No valid addresses found'],
      [{}, 400, "body must have required property 'To'"],
    ];
    for (const [body, status, error] of cases) {
      const res = await post(source.api(`/api/v1/message/${id}/release`), body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { Error: string }).Error).toBe(error);
    }
    const missing = await post(source.api('/api/v1/message/no-such-id/release'), { To: ['a@example.com'] });
    expect(missing.status).toBe(404);
    expect((await fetch(source.api('/livez'))).status).toBe(200);
  });

  it('relays by rule to the matching recipients and forwards a copy of every message', async () => {
    const id = await send(source, { to: ['one@auto.example', 'two@elsewhere.example'], subject: 'Automatic' });
    const arrived = await arrivals(target, 'Automatic', 2);
    expect(arrived.map((a) => a.rcptTo)).toEqual(['archive@copies.example', 'one@auto.example']);
    const jobs = ((await (await fetch(source.api('/api/v1/relay/queue'))).json()) as { jobs: any[] }).jobs.filter((j) => j.MessageID === id);
    expect(jobs.map((j) => `${j.Origin}:${j.Status}`).sort()).toEqual(['forward:delivered', 'rule:delivered']);
  });

  it("releases through MailHog's and MailDev's routes", async () => {
    const id = await send(source, { to: 'env@example.com', subject: 'Compat release' });
    const hog = await post(source.api(`/api/v1/messages/${id}/release`), { Host: '127.0.0.1', Port: String(target.urls.smtp.port), Email: 'hog@example.com' });
    expect(hog.status).toBe(200);
    const dev2 = await post(source.api(`/email/${id}/relay/dev2@example.com`));
    expect(await dev2.json()).toBe(true);
    const dev3 = await post(source.api(`/api/email/${id}/relay`));
    expect(await dev3.json()).toBe(true);
    const arrived = await arrivals(target, 'Compat release', 4);
    // the forwarding rule sends its own copy too
    expect(arrived.map((a) => a.rcptTo)).toEqual(['archive@copies.example', 'dev2@example.com', 'env@example.com', 'hog@example.com']);
    expect((await post(source.api('/api/v1/messages/nope/release'), { Host: '127.0.0.1', Port: '25', Email: 'a@example.com' })).status).toBe(404);
    const badAddress = await post(source.api(`/email/${id}/relay/not-an-address`));
    expect(badAddress.status).toBe(400);
  });
});

describe('relaying over TLS with AUTH', () => {
  let target: TestServer;
  const sources: TestServer[] = [];
  const relayVia = async (args: string[]) => {
    const source = await startTestServer(['--smtp-relay-host', '127.0.0.1', '--smtp-relay-allow-insecure', '--smtp-relay-username', 'relayuser', ...args]);
    sources.push(source);
    return source;
  };
  beforeAll(async () => {
    // Credentials enforced: AUTH only after STARTTLS or on the SMTPS listener, as a real submission server.
    target = await startTestServer(['--smtp-auth', 'relayuser:relay-pass', '--smtps', '127.0.0.1:0']);
  });
  afterAll(async () => {
    for (const source of sources) await source.close();
    await target?.close();
  });

  it('uses STARTTLS or implicit TLS and the configured mechanism; a wrong password fails for good', async () => {
    const smtpPort = String(target.urls.smtp.port);
    const smtpsPort = String(target.urls.smtps?.port);
    const starttls = await relayVia(['--smtp-relay-port', smtpPort, '--smtp-relay-starttls', '--smtp-relay-auth', 'plain', '--smtp-relay-password', 'relay-pass']);
    const implicit = await relayVia(['--smtp-relay-port', smtpsPort, '--smtp-relay-tls', '--smtp-relay-auth', 'login', '--smtp-relay-password', 'relay-pass']);
    const cramMd5 = await relayVia(['--smtp-relay-port', smtpPort, '--smtp-relay-starttls', '--smtp-relay-auth', 'cram-md5', '--smtp-relay-password', 'relay-pass']);
    const wrong = await relayVia(['--smtp-relay-port', smtpPort, '--smtp-relay-starttls', '--smtp-relay-auth', 'plain', '--smtp-relay-password', 'not-it']);

    for (const [name, source] of [['starttls', starttls], ['implicit', implicit], ['cram', cramMd5]] as const) {
      const id = await send(source, { to: 'dev@example.com', subject: `secure ${name}` });
      const res = await post(source.api(`/api/v1/message/${id}/release`), { To: [`${name}@example.com`] });
      expect(res.status, name).toBe(200);
    }
    const arrived = await arrivals(target, 'secure', 3);
    expect(arrived.map((a) => a.rcptTo)).toEqual(['cram@example.com', 'implicit@example.com', 'starttls@example.com']);
    for (const a of arrived) {
      const stored = await target.store.get(a.id);
      expect(stored?.envelope.authUser).toBe('relayuser');
      expect(stored?.envelope.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    }

    const id = await send(wrong, { to: 'dev@example.com', subject: 'wrong password' });
    const res = await post(wrong.api(`/api/v1/message/${id}/release`), { To: ['x@example.com'] });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { Error: string }).Error;
    expect(error).toMatch(/^SMTP error: .*535/);
    expect(error).not.toContain('not-it');
  });
});

describe('automatic release by search query', () => {
  let target: TestServer;
  let source: TestServer;
  beforeAll(async () => {
    target = await startTestServer();
    source = await startTestServer(['--smtp-relay-host', '127.0.0.1', '--smtp-relay-port', String(target.urls.smtp.port), '--smtp-relay-query', 'subject:"[release]"']);
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('relays the messages that match to all their recipients, and only those', async () => {
    await send(source, { to: ['a@example.com', 'b@example.com'], subject: 'Not this one' });
    await send(source, { to: ['a@example.com', 'b@example.com'], subject: 'Invoice [release]' });
    const arrived = await arrivals(target, 'release', 1);
    expect(arrived.map((a) => a.rcptTo)).toEqual(['a@example.com,b@example.com']);
    const jobs = ((await (await fetch(source.api('/api/v1/relay/queue'))).json()) as { jobs: any[] }).jobs;
    expect(jobs.map((j) => `${j.Origin}:${j.Status}`)).toEqual(['rule:delivered']);
    expect((await messages(target)).map((m) => m.Subject)).toEqual(['Invoice [release]']);
  });
});

describe('release without a relay server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('answers 400 and says how to configure one; the web UI config says it is off', async () => {
    const id = await send(server, { to: 'dev@example.com', subject: 'Nowhere' });
    const res = await post(server.api(`/api/v1/message/${id}/release`), { To: ['a@example.com'] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Error: string }).Error).toMatch(/relay is not configured/);
    const webui = (await (await fetch(server.api('/api/v1/webui'))).json()) as { MessageRelay: { Enabled: boolean } };
    expect(webui.MessageRelay.Enabled).toBe(false);
  });
});

describe('a relay that fails', () => {
  let dir: string;
  const servers: TestServer[] = [];
  const start = async (argv: string[]) => {
    const server = await startTestServer(argv);
    servers.push(server);
    return server;
  };

  afterEach(async () => {
    for (const server of servers.splice(0).reverse()) await server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is queued with its error, retried with backoff, and delivered after a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'devmail-relay-'));
    const port = await closedPort();
    const relayArgs = ['--database', join(dir, 'devmail.db'), '--smtp-relay-host', '127.0.0.1', '--smtp-relay-port', String(port), '--relay-retry-min', '100ms', '--relay-retry-max', '400ms', '--relay-max-attempts', '100'];
    let source = await start(relayArgs);
    const id = await send(source, { to: 'dev@example.com', subject: 'Queued' });
    const res = await post(source.api(`/api/v1/message/${id}/release`), { To: ['later@example.com'] });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { ID: number; Status: string; Attempts: number; LastError: string; NextAttempt: string };
    expect(job).toMatchObject({ Status: 'pending', Attempts: 1 });
    expect(job.LastError).toMatch(/ECONNREFUSED|connect/i);
    expect(Date.parse(job.NextAttempt)).toBeGreaterThan(Date.now() - 1000);

    const retried = await eventually(async () => (await (await fetch(source.api(`/api/v1/relay/queue/${job.ID}`))).json()) as { Attempts: number; Status: string }, (j) => j.Attempts >= 3);
    expect(retried).toMatchObject({ Status: 'pending' });
    expect(retried.Attempts).toBeGreaterThanOrEqual(3);

    await source.close();
    const target = await start(['--smtp', `127.0.0.1:${port}`]);
    source = await start(relayArgs);
    const delivered = await eventually(async () => (await (await fetch(source.api(`/api/v1/relay/queue/${job.ID}`))).json()) as { Status: string }, (j) => j.Status === 'delivered');
    expect(delivered.Status).toBe('delivered');
    const arrived = await arrivals(target, 'Queued', 1);
    expect(arrived.map((a) => a.rcptTo)).toEqual(['later@example.com']);
  });

  it('gives up at once when the server refuses for good (5xx)', async () => {
    const target = await start(['--smtp-allowed-recipients', '@allowed\\.example$']);
    const source = await start(['--smtp-relay-host', '127.0.0.1', '--smtp-relay-port', String(target.urls.smtp.port)]);
    const id = await send(source, { to: 'dev@example.com', subject: 'Refused' });
    const res = await post(source.api(`/api/v1/message/${id}/release`), { To: ['nobody@refused.example'] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Error: string }).Error).toMatch(/^SMTP error: .*550/);
    const failed = (await (await fetch(source.api('/api/v1/relay/queue?status=failed'))).json()) as { jobs: any[] };
    expect(failed.jobs).toHaveLength(1);
    expect(failed.jobs[0]).toMatchObject({ Status: 'failed', Attempts: 1, NextAttempt: null });

    // Retried by hand: attempted once more (and refused again).
    const retry = await post(source.api(`/api/v1/relay/queue/${failed.jobs[0].ID}/retry`));
    expect(retry.status).toBe(200);
    const again = await eventually(async () => (await (await fetch(source.api(`/api/v1/relay/queue/${failed.jobs[0].ID}`))).json()) as { Attempts: number; Status: string }, (j) => j.Attempts === 2 && j.Status === 'failed');
    expect(again).toMatchObject({ Attempts: 2, Status: 'failed' });
    expect((await post(source.api('/api/v1/relay/queue/9999/retry'))).status).toBe(404);
  });
});

describe('a relay that leads back to devmail', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('relays a message once, and not the copy that comes back, round and round', async () => {
    const port = await closedPort();
    server = await startTestServer(['--smtp', `127.0.0.1:${port}`, '--smtp-relay-host', '127.0.0.1', '--smtp-relay-port', String(port), '--smtp-relay-all']);
    await send(server, { to: 'dev@example.com', subject: 'Loop' });
    const both = await eventually(() => messages(server!, 'subject:Loop'), (m) => m.length >= 2);
    expect(both).toHaveLength(2);
    const copy = await raw(server, both[0].ID); // newest first: the copy that came back
    expect(copy).toMatch(/^X-Devmail-Relayed-By: \S+$/m);

    // The copy is stored and announced like any message; the rule skips it. Had it been relayed,
    // a second job would be queued and a third message would arrive within milliseconds.
    const queue = async () => ((await (await fetch(server!.api('/api/v1/relay/queue'))).json()) as { jobs: Array<{ Status: string }> }).jobs;
    const jobs = await eventually(queue, (j) => j.length === 1 && j[0].Status === 'delivered');
    expect(jobs).toMatchObject([{ Status: 'delivered' }]);
    await server.ingest.settled();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await queue()).toHaveLength(1);
    expect(await messages(server, 'subject:Loop')).toHaveLength(2);
  });
});
