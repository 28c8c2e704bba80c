import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferAfterEach } from '../support/cleanup.js';
import { hasService } from '../support/services.js';
import { startTestServer, type TestServer } from './harness.js';

const run = promisify(execFile);
const PYTHON = hasService('python3');

const defer = deferAfterEach();

async function start(argv: string[] = []): Promise<TestServer> {
  const server = await startTestServer(argv);
  defer(() => server.close());
  return server;
}

// One server for most tests (a start costs seconds on a busy machine); each test begins with no
// rules and no messages.
let shared: TestServer;
beforeAll(async () => {
  shared = await startTestServer();
});
afterAll(() => shared.close());
async function fresh(): Promise<TestServer> {
  expect((await fetch(shared.api('/api/v1/chaos/rules'), { method: 'DELETE' })).status).toBe(200);
  expect((await fetch(shared.api('/api/v1/messages'), { method: 'DELETE' })).status).toBe(200);
  return shared;
}

async function addRule(server: TestServer, rule: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(server.api('/api/v1/chaos/rules'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as Record<string, unknown>;
}

function transport(server: TestServer) {
  const t = nodemailer.createTransport({ host: '127.0.0.1', port: server.urls.smtp.port, secure: false, ignoreTLS: true });
  defer(() => t.close());
  return t;
}

const mail = (to = 'someone@example.test') => ({ from: 'app@example.test', to, subject: 'chaos', text: 'hello' });

/** What a rejected nodemailer send says. */
async function failure(send: Promise<unknown>): Promise<{ code?: string; responseCode?: number; response?: string; message: string }> {
  try {
    await send;
  } catch (err) {
    return err as { code?: string; responseCode?: number; response?: string; message: string };
  }
  throw new Error('the send succeeded');
}

async function storedCount(server: TestServer): Promise<number> {
  const res = await fetch(server.api('/api/v1/messages'));
  return ((await res.json()) as { total: number }).total;
}

describe('chaos rules seen by nodemailer', () => {
  it('sees exactly the configured RCPT code, enhanced code and text, and nothing is stored', async () => {
    const server = await fresh();
    await addRule(server, { Stage: 'rcpt', Match: { Recipient: '*@bounce.test' }, Action: { Type: 'reply', Code: 550, EnhancedCode: '5.1.1', Text: 'No such user here' } });
    const err = await failure(transport(server).sendMail(mail('gone@bounce.test')));
    expect(err.code).toBe('EENVELOPE');
    expect(err.responseCode).toBe(550);
    expect(err.response).toBe('550 5.1.1 No such user here');
    // A recipient the rule does not match goes through.
    await transport(server).sendMail(mail('here@example.test'));
    expect(await storedCount(server)).toBe(1);
  });

  it('sees a 4xx after DATA, and the message is not stored', async () => {
    const server = await fresh();
    await addRule(server, { Stage: 'after-data', Action: { Type: 'reply', Code: 452, EnhancedCode: '4.3.1', Text: 'Insufficient system storage' } });
    const err = await failure(transport(server).sendMail(mail()));
    expect(err.responseCode).toBe(452);
    expect(err.response).toBe('452 4.3.1 Insufficient system storage');
    expect(await storedCount(server)).toBe(0);
  });

  it('waits the configured delay before the MAIL reply', async () => {
    const server = await fresh();
    await addRule(server, { Stage: 'mail', Action: { Type: 'delay', Ms: 400 } });
    const t0 = performance.now();
    await transport(server).sendMail(mail());
    expect(performance.now() - t0).toBeGreaterThanOrEqual(400);
    expect(await storedCount(server)).toBe(1);
  });

  it('is dropped without a word at the connection', async () => {
    const server = await fresh();
    await addRule(server, { Stage: 'connect', Action: { Type: 'drop' } });
    const err = await failure(transport(server).sendMail(mail()));
    expect(err.code).toBe('ECONNECTION');
    expect(err.message).toMatch(/closed unexpectedly/i);
  });

  it('observes "fail twice, then accept" when it retries on 4xx', async () => {
    const server = await fresh();
    const added = await addRule(server, { Stage: 'rcpt', Action: { Type: 'reply', Code: 451, EnhancedCode: '4.7.1', Text: 'Try again later' }, Times: 2 });
    const seen: Array<number | string> = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      try {
        const info = await transport(server).sendMail(mail());
        seen.push(Number(info.response.slice(0, 3)));
        break;
      } catch (err) {
        const e = err as { responseCode?: number };
        seen.push(e.responseCode ?? 'no code');
        if (!e.responseCode || e.responseCode >= 500) break;
      }
    }
    expect(seen).toEqual([451, 451, 250]);
    expect(await storedCount(server)).toBe(1);
    const rule = (await (await fetch(server.api(`/api/v1/chaos/rules/${added.ID as string}`))).json()) as { Fired: number; Matched: number };
    expect(rule).toMatchObject({ Fired: 2, Matched: 3 });
  });

  it('meets a rate limit: 421 past N messages a minute', async () => {
    const server = await fresh();
    await addRule(server, { Stage: 'mail', Action: { Type: 'rate-limit', PerMinute: 2 } });
    await transport(server).sendMail(mail());
    await transport(server).sendMail(mail());
    const err = await failure(transport(server).sendMail(mail()));
    expect(err.responseCode).toBe(421);
    expect(err.response).toBe('421 4.7.0 Rate limit of 2 per minute exceeded, try again later');
    expect(await storedCount(server)).toBe(2);
  });

  it("sees Mailpit's trigger reply, `<code> Chaos sender error`, when started with --chaos-triggers", async () => {
    const server = await start(['--chaos-triggers', 'Sender:451:100']);
    const err = await failure(transport(server).sendMail(mail()));
    expect(err.response).toBe('451 Chaos sender error');
  });

  it('never fires a rule of probability 0 and always fires one of probability 1', async () => {
    const server = await fresh();
    await addRule(server, { Stage: 'rcpt', Match: { Recipient: 'never@*' }, Action: { Type: 'reply', Code: 450 }, Probability: 0 });
    await addRule(server, { Stage: 'rcpt', Match: { Recipient: 'always@*' }, Action: { Type: 'reply', Code: 550 }, Probability: 1 });
    const t = transport(server);
    for (let i = 0; i < 10; i++) {
      await t.sendMail(mail('never@example.test'));
      await expect(t.sendMail(mail('always@example.test'))).rejects.toMatchObject({ responseCode: 550 });
    }
    expect(await storedCount(server)).toBe(10);
  });

  it("answers Mailpit's Authentication trigger after AUTH, and the client stays unauthenticated", async () => {
    const server = await start(['--chaos-triggers', 'Authentication:454:100']);
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: server.urls.smtp.port, secure: false, ignoreTLS: true, auth: { user: 'app', pass: 'x' } });
    defer(() => t.close());
    await expect(t.sendMail(mail())).rejects.toMatchObject({ code: 'EAUTH', response: '454 Chaos authentication error' });
  });

  it('draws the same outcomes from the same seed on two servers', async () => {
    const outcomes = async (seed: string) => {
      const server = await start(['--chaos-seed', seed]);
      await addRule(server, { Stage: 'rcpt', Action: { Type: 'reply', Code: 450 }, Probability: 0.5 });
      const t = transport(server);
      const out: number[] = [];
      for (let i = 0; i < 12; i++) {
        try {
          await t.sendMail(mail());
          out.push(250);
        } catch (err) {
          out.push((err as { responseCode: number }).responseCode);
        }
      }
      return out;
    };
    const first = await outcomes('1234');
    expect(first).toContain(450);
    expect(first).toContain(250);
    expect(await outcomes('1234')).toEqual(first);
  });
});

const SCRIPT = String.raw`
import json, smtplib, sys, time
port, mode = int(sys.argv[1]), sys.argv[2]
out = {}
try:
    s = smtplib.SMTP('127.0.0.1', port, local_hostname='python.client', timeout=20)
    body = 'Subject: chaos\r\n\r\n' + ('x' * 70 + '\r\n') * int(sys.argv[3] if len(sys.argv) > 3 else 1)
    t0 = time.monotonic()
    s.sendmail('app@example.test', ['someone@example.test'], body)
    out['elapsed'] = time.monotonic() - t0
    out['quit'] = s.quit()[0]
except smtplib.SMTPRecipientsRefused as e:
    code, msg = list(e.recipients.values())[0]
    out['rcpt'] = [code, msg.decode()]
except smtplib.SMTPSenderRefused as e:
    out['mail'] = [e.smtp_code, e.smtp_error.decode()]
except smtplib.SMTPDataError as e:
    out['data'] = [e.smtp_code, e.smtp_error.decode()]
except smtplib.SMTPServerDisconnected as e:
    out['disconnected'] = str(e)
print(json.dumps(out))
`;

describe.skipIf(!PYTHON)("chaos rules seen by Python's smtplib", () => {
  async function python(server: TestServer, mode: string, lines = 1): Promise<Record<string, unknown>> {
    const { stdout } = await run('python3', ['-c', SCRIPT, String(server.urls.smtp.port), mode, String(lines)], { timeout: 30_000 });
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  it('sees exactly the configured codes at MAIL, RCPT and after DATA', async () => {
    const server = await fresh();
    await addRule(server, { Stage: 'mail', Action: { Type: 'reply', Code: 553, EnhancedCode: '5.7.1', Text: 'Sender refused' }, Times: 1 });
    await addRule(server, { Stage: 'rcpt', Action: { Type: 'reply', Code: 450, Text: 'Mailbox busy' }, Times: 1 });
    await addRule(server, { Stage: 'after-data', Action: { Type: 'reply', Code: 554, EnhancedCode: '5.6.0', Text: 'Content rejected' }, Times: 1 });
    expect(await python(server, 'send')).toEqual({ mail: [553, '5.7.1 Sender refused'] });
    expect(await python(server, 'send')).toEqual({ rcpt: [450, '4.0.0 Mailbox busy'] });
    expect(await python(server, 'send')).toEqual({ data: [554, '5.6.0 Content rejected'] });
    expect(await python(server, 'send')).toMatchObject({ quit: 221 });
    // The session log saw each of them, the last one ending with QUIT.
    const newest = async () => {
      const list = (await (await fetch(server.api('/api/v1/sessions?limit=1'))).json()) as { sessions: Array<{ EndReason: string; MessageIDs: string[] }> };
      return list.sessions[0];
    };
    for (let i = 0; i < 100 && (await newest()).EndReason === ''; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await newest()).toMatchObject({ EndReason: 'QUIT', MessageIDs: [expect.any(String)] });
    expect(await storedCount(server)).toBe(1);
  });

  it('is disconnected where a drop rule acts', async () => {
    const server = await fresh();
    await addRule(server, { Stage: 'data', Action: { Type: 'drop' } });
    const out = await python(server, 'send');
    expect(out.disconnected).toMatch(/Connection unexpectedly closed/);
    expect(await storedCount(server)).toBe(0);
  });

  it('is throttled: 36 KB at 20 KB/s takes over a second and a half', async () => {
    const server = await fresh();
    await addRule(server, { Stage: 'data', Action: { Type: 'throttle', BytesPerSecond: 20_000 } });
    const out = await python(server, 'send', 500); // 500 lines of 72 bytes: 36 KB
    expect(out.quit).toBe(221);
    // The server reads at most 20 KB a second, plus a tenth of a second of credit: ≥ 1.6 s for 36 KB.
    expect(out.elapsed as number).toBeGreaterThanOrEqual(1.5);
    expect(await storedCount(server)).toBe(1);
  });
});
