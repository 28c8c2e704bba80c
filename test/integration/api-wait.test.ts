import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { startTestServer, type TestServer } from './harness.js';

/**
 * GET /api/v1/wait: the long-poll behind the SDK's waitFor, over real HTTP, with mail coming in
 * over real SMTP (nodemailer).
 */

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

async function send(to: string, subject: string, text = 'hello'): Promise<void> {
  const transport = nodemailer.createTransport({ host: server.urls.smtp.host, port: server.urls.smtp.port, secure: false, tls: { rejectUnauthorized: false } });
  try {
    await transport.sendMail({ from: 'app@shop.test', to, subject, text });
  } finally {
    transport.close();
  }
}

function wait(params: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  return fetch(server.api(`/api/v1/wait?${new URLSearchParams(params)}`), { signal });
}

/** Parked waiters, as the metrics report them. */
async function parkedWaiters(): Promise<number> {
  const text = await (await fetch(server.api('/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith('devmail_wait_requests '));
  return Number(line?.split(' ')[1]);
}

/** Polls the metrics until `count` waiters are parked (bounded). */
async function untilParked(count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await parkedWaiters()) === count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never saw ${count} parked waiters (last: ${await parkedWaiters()})`);
}

describe('GET /api/v1/wait', () => {
  it('answers at once with a matching message already stored, without marking it read', async () => {
    await send('alice@example.test', 'Welcome Alice');
    const res = await wait({ query: 'to:alice@example.test subject:welcome', timeout: '5' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ID: string; Subject: string; Text: string };
    expect(body.Subject).toBe('Welcome Alice');
    expect(body.Text).toContain('hello');
    const summary = (await (await fetch(server.api('/api/v1/messages'))).json()) as { unread: number };
    expect(summary.unread).toBe(1);
  });

  it('parks until a matching message arrives, and ignores those that do not match', async () => {
    const pending = wait({ query: 'to:bob@example.test', timeout: '20' });
    await untilParked(1);
    await send('carol@example.test', 'not for bob');
    await send('bob@example.test', 'for bob');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Subject: string }).Subject).toBe('for bob');
    await untilParked(0);
  });

  it('with after=ID counts only messages stored after that one', async () => {
    await send('dave@example.test', 'first');
    const first = (await (await fetch(server.api('/api/v1/message/latest'))).json()) as { ID: string };
    const pending = wait({ query: 'to:dave@example.test', after: first.ID, timeout: '20' });
    await untilParked(1);
    await send('dave@example.test', 'second');
    const res = await pending;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Subject: string }).Subject).toBe('second');
  });

  it('with after=time counts only messages stored after that instant', async () => {
    await send('erin@example.test', 'old');
    const old = await wait({ query: 'to:erin@example.test', after: new Date(Date.now() + 60_000).toISOString(), timeout: '0' });
    expect(old.status).toBe(408);
    const res = await wait({ query: 'to:erin@example.test', after: '2000-01-01T00:00:00Z', timeout: '0' });
    expect(res.status).toBe(200);
  });

  it('answers 408 with an error body when nothing matches in time', async () => {
    await send('frank@example.test', 'hi');
    const res = await wait({ query: 'to:nobody@example.test', timeout: '0.3' });
    expect(res.status).toBe(408);
    expect(await res.json()).toEqual({ Error: 'no matching message within 0.3s' });
  });

  it('rejects a bad cursor, a bad timeout and a bad time zone precisely', async () => {
    const unknown = await wait({ after: 'NoSuchMessageId0000000' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { Error: string }).Error).toContain('no message with ID "NoSuchMessageId0000000"');
    const tooLong = await wait({ timeout: '301' });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { Error: string }).Error).toMatch(/timeout/);
    const badTime = await wait({ after: '2024-13-45T99:99:00Z' });
    expect(badTime.status).toBe(400);
    const badZone = await wait({ query: 'after:2024-01-01', tz: 'Mars/Base', timeout: '0' });
    expect(badZone.status).toBe(400);
  });

  it('frees the waiter when the client hangs up', async () => {
    const abort = new AbortController();
    const pending = wait({ query: 'to:gone@example.test', timeout: '60' }, abort.signal).catch((err: unknown) => err);
    await untilParked(1);
    abort.abort();
    expect(await pending).toBeInstanceOf(Error);
    await untilParked(0);
  });

  it('answers many waiters on one message', async () => {
    const waiters = Array.from({ length: 100 }, (_, i) =>
      wait({ query: i % 2 === 0 ? 'to:many@example.test' : 'subject:crowd', timeout: '30' }),
    );
    await untilParked(100);
    await send('many@example.test', 'crowd');
    const answers = await Promise.all(waiters);
    expect(answers.map((r) => r.status)).toEqual(Array(100).fill(200));
    const ids = new Set(await Promise.all(answers.map(async (r) => ((await r.json()) as { ID: string }).ID)));
    expect(ids.size).toBe(1);
  });

  it('answers parked waiters when the server shuts down', async () => {
    const pending = wait({ query: 'to:late@example.test', timeout: '60' });
    await untilParked(1);
    const closing = server.close();
    const res = await pending;
    expect(res.status).toBe(503);
    await closing;
  });
});
