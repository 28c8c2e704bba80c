import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Mail from 'nodemailer/lib/mailer';
import type { MailDevEmail } from '../../src/api/compat/maildev/mapping.js';
import { sendWithNodemailer, startTestServer, type TestServer } from './harness.js';

/**
 * MailDev's routes (2.x at the root, 3.x under /api) over real HTTP, with mail over real SMTP.
 * `cypress-maildev` runs only inside Cypress, so its calls are made here exactly as its
 * request helper makes them: `Accept: application/json`, the paths of its commands.
 */

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

function send(message: Mail.Options): Promise<void> {
  return sendWithNodemailer(server, { from: 'Shop <shop@example.test>', ...message });
}

/** A request as cypress-maildev's `Request` sends it; the JSON body (it reads `.its('body')`). */
async function maildev<T>(method: 'GET' | 'DELETE', path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(server.api(path), { method, headers: { Accept: 'application/json' } });
  return { status: res.status, body: (await res.json()) as T };
}

async function sendMail(): Promise<void> {
  await send({ to: 'Alice <alice@example.test>', subject: 'Welcome', text: 'Your code is 918273', html: '<p>Code <b>918273</b><img src="cid:logo"></p>', attachments: [
    { filename: 'logo.png', cid: 'logo', content: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64') },
    { filename: 'terms.txt', content: 'terms\n' },
  ] });
  await send({ to: 'bob@example.test', bcc: 'audit@example.test', subject: 'Hello Bob', text: 'hi bob' });
}

describe('cypress-maildev calls', () => {
  it('maildevGetAllMessages / GetLastMessage / GetMessageBySubject / GetMessageBySentTo', async () => {
    await sendMail();
    const { status, body: all } = await maildev<MailDevEmail[]>('GET', '/email');
    expect(status).toBe(200);
    expect(all.map((e) => e.subject)).toEqual(['Welcome', 'Hello Bob']);
    expect(all[all.length - 1].subject).toBe('Hello Bob');
    expect(all.find((e) => e.subject === 'Welcome')?.text).toContain('918273');
    const toAlice = [...all].reverse().find((e) => e.to.some((t) => t.address === 'alice@example.test'));
    expect(toAlice?.to).toEqual([{ address: 'alice@example.test', name: 'Alice' }]);
    expect(all[1].envelope.to.map((t) => t.address)).toEqual(['bob@example.test', 'audit@example.test']);
    expect(all[1].calculatedBcc).toEqual([{ address: 'audit@example.test', name: '' }]);
    expect(all[0].headers.subject).toBe('Welcome');
    expect(all[0].read).toBe(false);
  });

  it('maildevGetMessageById marks read; maildevDeleteMessageById and maildevDeleteAllMessages answer true', async () => {
    await sendMail();
    const { body: all } = await maildev<MailDevEmail[]>('GET', '/email');
    const one = await maildev<MailDevEmail>('GET', `/email/${all[0].id}`);
    expect(one.body).toMatchObject({ id: all[0].id, subject: 'Welcome', read: true });
    expect((await maildev<MailDevEmail[]>('GET', '/email')).body[0].read).toBe(true);
    expect(await maildev('DELETE', `/email/${all[0].id}`)).toEqual({ status: 200, body: true });
    expect(await maildev('DELETE', `/email/${all[0].id}`)).toEqual({ status: 404, body: { error: 'Email was not found' } });
    expect(await maildev('GET', `/email/${all[0].id}`)).toEqual({ status: 404, body: { error: 'Email was not found' } });
    expect(await maildev('DELETE', '/email/all')).toEqual({ status: 200, body: true });
    expect((await maildev<MailDevEmail[]>('GET', '/email')).body).toEqual([]);
  });

  it('maildevHealthcheck answers true, at the root and under /api', async () => {
    expect(await maildev('GET', '/healthz')).toEqual({ status: 200, body: true });
    expect(await maildev('GET', '/api/healthz')).toEqual({ status: 200, body: true });
  });

  it('maildevVisitMessageById gets the HTML, sandboxed, inline images linked', async () => {
    await sendMail();
    const { body: all } = await maildev<MailDevEmail[]>('GET', '/email');
    const res = await fetch(server.api(`/email/${all[0].id}/html`));
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    const html = await res.text();
    expect(html).toContain('<b>918273</b>');
    expect(html).not.toContain('cid:logo');
    expect((await fetch(server.api(`/email/${all[1].id}/html`))).status).toBe(404);
  });
});

describe('MailDev routes', () => {
  it('filters, skips, limits and sorts GET /email', async () => {
    await sendMail();
    const get = async (query: string) => (await maildev<MailDevEmail[]>('GET', `/email?${query}`)).body.map((e) => e.subject);
    expect(await get('to.address=bob@example.test')).toEqual(['Hello Bob']);
    expect(await get('subject=Welcome&read=false')).toEqual(['Welcome']);
    expect(await get('skip=1')).toEqual(['Hello Bob']);
    expect(await get('limit=1')).toEqual(['Welcome']);
    expect(await get('sort=desc')).toEqual(['Hello Bob', 'Welcome']);
    expect(await get('from.address=nobody@example.test')).toEqual([]);
  });

  it('serves source, download and attachments by file name', async () => {
    await sendMail();
    const { body: all } = await maildev<MailDevEmail[]>('GET', '/email');
    const welcome = all[0];
    expect(welcome.attachments.map((a) => a.generatedFileName).sort()).toEqual(['logo.png', 'terms.txt']);
    const source = await fetch(server.api(`/email/${welcome.id}/source`));
    expect(await source.text()).toContain('Subject: Welcome');
    const download = await fetch(server.api(`/email/${welcome.id}/download`));
    expect(download.headers.get('content-disposition')).toContain('.eml');
    const terms = await fetch(server.api(`/email/${welcome.id}/attachment/terms.txt`));
    expect(await terms.text()).toBe('terms\n');
    expect((await fetch(server.api(`/email/${welcome.id}/attachment/nope.txt`))).status).toBe(404);
  });

  it('PATCH /email/read-all answers the count; /config describes the server', async () => {
    await sendMail();
    const res = await fetch(server.api('/email/read-all'), { method: 'PATCH' });
    expect(await res.json()).toBe(2);
    const config = (await (await fetch(server.api('/config'))).json()) as Record<string, unknown>;
    expect(config).toEqual({ version: expect.any(String), smtpPort: server.urls.smtp.port, isOutgoingEnabled: false, outgoingHost: null });
  });

  it('serves 3.x under /api: email, summary and bulk delete', async () => {
    await sendMail();
    const all = (await maildev<MailDevEmail[]>('GET', '/api/email')).body;
    expect(all).toHaveLength(2);
    const summary = (await (await fetch(server.api('/api/email/summary?limit=1'))).json()) as {
      items: { subject: string; attachmentCount: number; preview: string }[];
      total: number;
      limit: number;
    };
    expect(summary).toMatchObject({ total: 2, limit: 1 });
    expect(summary.items).toEqual([expect.objectContaining({ subject: 'Hello Bob', attachmentCount: 0, preview: 'hi bob' })]);
    const res = await fetch(server.api('/api/email/delete'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [all[0].id, 'unknown'] }),
    });
    expect(await res.json()).toEqual({ deleted: [all[0].id], notFound: ['unknown'] });
    expect((await maildev<MailDevEmail[]>('GET', '/api/email')).body.map((e) => e.subject)).toEqual(['Hello Bob']);
  });
});

describe('MailDev with outgoing mail (a relay to a second devmail)', () => {
  let target: TestServer;

  beforeEach(async () => {
    target = await startTestServer();
    await server.close();
    server = await startTestServer(['--smtp-relay-host', '127.0.0.1', '--smtp-relay-port', String(target.urls.smtp.port)]);
  });
  afterEach(async () => {
    await target.close();
  });

  /** Subjects and envelope recipients the target captured, once it has `count` (bounded wait). */
  async function arrivals(count: number): Promise<string[]> {
    for (let i = 0; i < 100; i++) {
      const all = await target.store.list({ limit: 10 });
      if (all.messages.length >= count) {
        const out = [];
        for (const m of all.messages) out.push(`${m.subject} -> ${(await target.store.get(m.id))?.envelope.rcptTo.join(',')}`);
        return out.sort();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  }

  it('/config reports outgoing mail enabled and its host', async () => {
    const config = (await (await fetch(server.api('/config'))).json()) as Record<string, unknown>;
    expect(config).toEqual({ version: expect.any(String), smtpPort: server.urls.smtp.port, isOutgoingEnabled: true, outgoingHost: '127.0.0.1' });
    const v3 = (await (await fetch(server.api('/api/config'))).json()) as Record<string, unknown>;
    expect(v3.isOutgoingEnabled).toBe(true);
  });

  it('relays as cypress-maildev asks, to the envelope recipients or to relayTo', async () => {
    await send({ to: 'alice@example.test', subject: 'Relay me', text: 'relayed body' });
    const { body: all } = await maildev<MailDevEmail[]>('GET', '/email');
    const relay = (path: string) => fetch(server.api(path), { method: 'POST', headers: { Accept: 'application/json' } });
    const first = await relay(`/email/${all[0].id}/relay`);
    expect([first.status, await first.json()]).toEqual([200, true]);
    const second = await relay(`/api/email/${all[0].id}/relay/carol@example.test`);
    expect([second.status, await second.json()]).toEqual([200, true]);
    expect(await arrivals(2)).toEqual(['Relay me -> alice@example.test', 'Relay me -> carol@example.test']);
    const missing = await relay('/email/unknown/relay');
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'Email was not found' }]);
  });
});

describe('MailDev routes behind basic auth', () => {
  it('keep /healthz open, as MailDev does, and guard the rest', async () => {
    await server.close();
    const dir = await mkdtemp(join(tmpdir(), 'devmail-maildev-auth-'));
    try {
      await writeFile(join(dir, 'users'), 'qa:secret\n');
      server = await startTestServer(['--ui-auth-file', join(dir, 'users')]);
      expect((await fetch(server.api('/healthz'))).status).toBe(200);
      expect((await fetch(server.api('/api/healthz'))).status).toBe(200);
      expect((await fetch(server.api('/email'))).status).toBe(401);
      const authorised = await fetch(server.api('/email'), { headers: { authorization: `Basic ${Buffer.from('qa:secret').toString('base64')}` } });
      expect(await authorised.json()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
