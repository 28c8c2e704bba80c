import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { crashStoreThread } from '../../src/store/worker/testing.js';
import { sendWithNodemailer, startTestServer, type TestServer } from './harness.js';

/**
 * The store thread dying under a running devmail: a message in flight gets 250 if the thread
 * had committed it and 451 if not (the restarted thread says which), those sent while it is
 * down get 451, /readyz is 503 meanwhile, the death is logged once with its cause, and the
 * thread is started again on the same database, so mail is taken again without a restart of
 * devmail — and every message that got 250 is listed, once.
 */

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

interface LogLine {
  level: number;
  msg: string;
  err?: { message: string };
}

async function start(): Promise<{ server: TestServer; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const logger = pino({ level: 'info', base: undefined }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  server = await startTestServer([], {}, { logger });
  return { server, logs };
}

/** The SMTP reply to one message: '250' when accepted, else the server's reply line. */
async function send(s: TestServer, subject: string): Promise<string> {
  try {
    await sendWithNodemailer(s, { from: 'app@example.test', to: 'user@example.test', subject, text: subject });
    return '250';
  } catch (err) {
    return String((err as { response?: string }).response ?? err);
  }
}

async function readyz(s: TestServer): Promise<number> {
  return (await fetch(s.api('/readyz'))).status;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function listedSubjects(s: TestServer): Promise<string[]> {
  const res = await fetch(s.api('/api/v1/messages'));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { messages: Array<{ Subject: string }> };
  return body.messages.map((m) => m.Subject).sort();
}

describe('the store thread dies while devmail runs', () => {
  it('answers 451 while it is down, /readyz 503, logs it once, and takes mail again once it is back', async () => {
    const { server: s, logs } = await start();
    const accepted: string[] = [];
    expect(await send(s, 'before')).toBe('250');
    accepted.push('before');
    expect(await readyz(s)).toBe(200);

    // Stalled first, so the next message's insert is in flight when the thread dies.
    const outage = crashStoreThread(s.store, { how: 'throw', stallMs: 1_500, holdRestart: true });
    const inFlight = send(s, 'in flight');
    await outage.died;
    expect(await readyz(s)).toBe(503);
    expect(await send(s, 'while down')).toMatch(/^451 4\.3\.0 /);
    expect(await readyz(s)).toBe(503);

    // The message in flight waits for the restarted thread: it never reached the database.
    outage.releaseRestart();
    expect(await inFlight).toMatch(/^451 4\.3\.0 /);
    await until('/readyz 200', async () => (await readyz(s)) === 200);
    expect(await send(s, 'after')).toBe('250');
    accepted.push('after');
    expect(await listedSubjects(s)).toEqual(accepted.sort());

    const deaths = logs.filter((l) => l.msg.startsWith('the store thread stopped'));
    expect(deaths).toHaveLength(1);
    expect(deaths[0].level).toBe(50);
    expect(deaths[0].err?.message).toBe('the store thread was made to fail by a test');
    expect(logs.some((l) => l.msg.startsWith('the store thread is running again'))).toBe(true);
    // Two probes failed, one warning; the recovery said once too.
    expect(logs.filter((l) => l.msg === 'readiness check: the store does not answer')).toHaveLength(1);
    expect(logs.filter((l) => l.msg === 'readiness check: the store answers again')).toHaveLength(1);
  });

  it('starts the thread again on its own after process.exit in it, and every 250 is listed', async () => {
    const { server: s, logs } = await start();
    const replies = new Map<string, string>();
    replies.set('first', await send(s, 'first'));
    const outage = crashStoreThread(s.store, { how: 'exit', stallMs: 500 });
    const inFlight = send(s, 'during');
    await outage.died;
    replies.set('during', await inFlight);
    expect(replies.get('during')).toMatch(/^451 4\.3\.0 /);
    let tries = 0;
    await until('a 250 after the restart', async () => {
      const reply = await send(s, `retry ${++tries}`);
      replies.set(`retry ${tries}`, reply);
      expect(reply).toMatch(/^(250|451 4\.3\.0 )/);
      return reply === '250';
    });
    expect(await readyz(s)).toBe(200);
    const accepted = [...replies].filter(([, reply]) => reply === '250').map(([subject]) => subject);
    expect(accepted).toContain('first');
    expect(await listedSubjects(s)).toEqual(accepted.sort());
    const deaths = logs.filter((l) => l.msg.startsWith('the store thread stopped'));
    expect(deaths).toHaveLength(1);
    // The restarted thread opened the same throw-away database, and still removes it on close.
    const location = s.store.info.location;
    expect(existsSync(location)).toBe(true);
    await s.close();
    expect(existsSync(location)).toBe(false);
  });

  it('answers 250 for a message the thread committed just before it died, and lists it once', async () => {
    const { server: s, logs } = await start();
    const outage = crashStoreThread(s.store, { how: 'exit-after-commit' });
    const reply = send(s, 'committed');
    await outage.died;
    expect(await reply).toBe('250');
    expect(await send(s, 'after')).toBe('250');
    expect(await listedSubjects(s)).toEqual(['after', 'committed']);
    expect(logs.filter((l) => l.msg.startsWith('the store thread stopped'))).toHaveLength(1);
    expect(logs.some((l) => l.msg === 'answered the inserts in flight when the store thread stopped')).toBe(true);
  });
});
