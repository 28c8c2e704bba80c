import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import bcrypt from 'bcryptjs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferAfterEach } from '../support/cleanup.js';
import { hasService } from '../support/services.js';
import { startTestSmtpServer, type SmtpConfigOverrides, type TestSmtpServer } from '../../src/smtp/testing.js';

const run = promisify(execFile);

/** Path of a command-line client, or null. */
function findTool(name: string, extraDirs: string[] = []): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (found.status === 0) return found.stdout.trim();
  for (const dir of extraDirs) if (existsSync(join(dir, name))) return join(dir, name);
  return null;
}

// Installed and checked by scripts/test-services.sh: missing fails under CI=true, else skips loudly.
const SWAKS = hasService('swaks');
const SMTP_SOURCE = hasService('smtp-source');
const CURL = hasService('curl');
const PYTHON = hasService('python3');

const defer = deferAfterEach();

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'devmail-smtp-clients-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const credentials = [{ user: 'app', secret: 'app-secret' }];
const hashedCredentials = [{ user: 'app', secret: bcrypt.hashSync('app-secret', 4) }];

async function start(config: SmtpConfigOverrides = {}): Promise<TestSmtpServer> {
  const t = await startTestSmtpServer({ config: { smtpsListen: { host: '127.0.0.1', port: 0 }, ...config } });
  defer(() => t.server.close({ graceMs: 100 }));
  return t;
}

describe('nodemailer', () => {
  function transport(options: Record<string, unknown>) {
    const t = nodemailer.createTransport({ host: '127.0.0.1', tls: { rejectUnauthorized: false }, ...options });
    defer(() => t.close());
    return t;
  }

  it('sends without a pool over plain SMTP, dot-stuffing included', async () => {
    const { port, handler } = await start();
    const info = await transport({ port, secure: false, ignoreTLS: true }).sendMail({
      from: 'sender@example.com',
      to: 'rcpt@example.net',
      subject: 'plain',
      text: 'first line\n.line starting with a dot\n',
    });
    expect(info.response).toBe('250 2.0.0 Ok: queued as m1');
    const [m] = handler.messages;
    expect(m.envelope).toMatchObject({ mailFrom: 'sender@example.com', rcptTo: ['rcpt@example.net'], tls: null });
    expect(m.raw.toString()).toContain('\r\n.line starting with a dot\r\n');
    expect(m.raw.toString()).not.toContain('..line');
  });

  it('upgrades with STARTTLS', async () => {
    const { port, handler } = await start();
    await transport({ port, secure: false, requireTLS: true }).sendMail({ from: 'a@x.org', to: 'b@y.org', subject: 'tls', text: 'x' });
    expect(handler.messages[0].envelope.tls?.protocol).toMatch(/^TLSv1/);
  });

  it('sends over SMTPS', async () => {
    const { smtpsPort, handler } = await start();
    await transport({ port: smtpsPort, secure: true }).sendMail({ from: 'a@x.org', to: 'b@y.org', subject: 'smtps', text: 'x' });
    expect(handler.messages[0].envelope.tls).not.toBeNull();
  });

  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5'])('authenticates with %s after STARTTLS', async (authMethod) => {
    const { port, handler } = await start({ auth: { acceptAny: false, credentials } });
    await transport({ port, requireTLS: true, authMethod, auth: { user: 'app', pass: 'app-secret' } }).sendMail({
      from: 'a@x.org',
      to: 'b@y.org',
      subject: authMethod,
      text: 'x',
    });
    expect(handler.messages[0].envelope.authUser).toBe('app');
  });

  it('gets 535 for a wrong password', async () => {
    const { port } = await start({ auth: { acceptAny: false, credentials } });
    const t = transport({ port, requireTLS: true, auth: { user: 'app', pass: 'wrong' } });
    await expect(t.sendMail({ from: 'a@x.org', to: 'b@y.org', text: 'x' })).rejects.toMatchObject({ responseCode: 535 });
  });

  it('sends many messages through a pool of a few connections', async () => {
    const { port, handler } = await start();
    const t = transport({ port, ignoreTLS: true, pool: true, maxConnections: 3, maxMessages: 1000 });
    const sends = Array.from({ length: 30 }, (_, i) =>
      t.sendMail({ from: 'a@x.org', to: `r${i}@y.org`, subject: `pooled ${i}`, text: `message ${i}` }),
    );
    const infos = await Promise.all(sends);
    expect(infos.every((i) => /^250 2\.0\.0 Ok: queued as m\d+$/.test(i.response))).toBe(true);
    expect(handler.messages).toHaveLength(30);
    const sessions = new Set(handler.messages.map((m) => m.session.id));
    expect(sessions.size).toBeLessThanOrEqual(3);
    expect(Math.max(...handler.messages.map((m) => m.session.transactionCount))).toBeGreaterThan(0);
  });

  it('carries a large attachment intact', async () => {
    const { port, handler } = await start();
    const content = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < content.length; i++) content[i] = (i * 7919) & 0xff;
    await transport({ port, ignoreTLS: true }).sendMail({
      from: 'a@x.org',
      to: 'b@y.org',
      subject: 'big',
      text: 'see attachment',
      attachments: [{ filename: 'blob.bin', content }],
    });
    const raw = handler.messages[0].raw.toString();
    const b64 = raw.split('blob.bin')[2]?.split('\r\n\r\n')[1]?.split('\r\n--')[0] ?? '';
    expect(Buffer.from(b64.replace(/\r\n/g, ''), 'base64').equals(content)).toBe(true);
  });
});

describe.skipIf(!PYTHON)("Python's smtplib", () => {
  const script = `
import json, smtplib, ssl, sys
from email.message import EmailMessage
port, mode = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
out = {}
try:
    s = smtplib.SMTP('127.0.0.1', port, local_hostname='python.client')
    if mode == 'utf8':
        s.ehlo()
        out['smtputf8'] = s.has_extn('smtputf8')
        body = 'Subject: Grüße\\r\\nContent-Type: text/plain; charset=utf-8\\r\\nContent-Transfer-Encoding: 8bit\\r\\n\\r\\nÄÖÜ 8-bit\\r\\n.dot\\r\\n'.encode()
        out['refused'] = s.sendmail('jörg@example.de', ['用户@例子.广告'], body, mail_options=['SMTPUTF8', 'BODY=8BITMIME'])
        msg = EmailMessage()
        msg['From'] = 'zoë@example.de'; msg['To'] = 'ñandú@example.org'; msg['Subject'] = 'send_message'
        msg.set_content('héllo wörld')
        out['refused2'] = s.send_message(msg)
    elif mode == 'auth':
        s.starttls(context=ctx)
        s.ehlo()
        out['auth'] = s.esmtp_features.get('auth', '').strip()
        out['login'] = s.login(sys.argv[3], sys.argv[4])[0]
        s.sendmail('a@x.org', ['b@y.org'], b'Subject: authed\\r\\n\\r\\nx\\r\\n')
    elif mode == 'esmtp':
        s.ehlo()
        out['verify'] = s.verify('someone')[0]
        out['noop'] = s.noop()[0]
        for i in range(5):
            s.sendmail('a@x.org', ['b@y.org', 'c@y.org'], ('Subject: n%d\\r\\n\\r\\nbody\\r\\n' % i).encode())
        out['rset'] = s.rset()[0]
    elif mode == 'helo':
        s.helo()
        s.sendmail('a@x.org', ['b@y.org'], b'Subject: old\\r\\n\\r\\nx\\r\\n')
    out['quit'] = s.quit()[0]
except smtplib.SMTPResponseException as e:
    out['error'] = e.smtp_code
print(json.dumps(out))
`;
  async function python(...args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run('python3', ['-c', script, ...args], { timeout: 20_000 });
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  it('sends to SMTPUTF8 addresses with an 8-bit body', async () => {
    const { port, handler } = await start();
    const out = await python(String(port), 'utf8');
    expect(out).toMatchObject({ smtputf8: true, refused: {}, refused2: {}, quit: 221 });
    expect(handler.messages[0].envelope).toMatchObject({ mailFrom: 'jörg@example.de', rcptTo: ['用户@例子.广告'], smtpUtf8: true });
    expect(handler.messages[0].raw.toString('utf8')).toContain('ÄÖÜ 8-bit\r\n.dot\r\n');
    expect(handler.messages[1].envelope).toMatchObject({ mailFrom: 'zoë@example.de', rcptTo: ['ñandú@example.org'] });
  });

  // smtplib tries CRAM-MD5 first when it is offered (SMTP.login's preferred_auths).
  it('logs in after STARTTLS, using CRAM-MD5 when every secret is plain text', async () => {
    const { port, handler } = await start({ auth: { acceptAny: false, credentials } });
    const out = await python(String(port), 'auth', 'app', 'app-secret');
    expect(out).toMatchObject({ auth: 'PLAIN LOGIN CRAM-MD5', login: 235, quit: 221 });
    expect(handler.messages[0].envelope.authUser).toBe('app');
  });

  it('logs in with PLAIN against a bcrypt secret, and gets 535 for a wrong password', async () => {
    const { port } = await start({ auth: { acceptAny: false, credentials: hashedCredentials } });
    expect(await python(String(port), 'auth', 'app', 'app-secret')).toMatchObject({ auth: 'PLAIN LOGIN', login: 235 });
    expect(await python(String(port), 'auth', 'app', 'nope')).toMatchObject({ error: 535 });
  });

  it('sends several messages to several recipients over one ESMTP session', async () => {
    const { port, handler } = await start();
    expect(await python(String(port), 'esmtp')).toEqual({ verify: 252, noop: 250, rset: 250, quit: 221 });
    expect(handler.messages).toHaveLength(5);
    expect(new Set(handler.messages.map((m) => m.session.id)).size).toBe(1);
    expect(handler.messages[4].envelope.rcptTo).toEqual(['b@y.org', 'c@y.org']);
  });

  it('sends with plain old HELO', async () => {
    const { port, handler } = await start();
    expect(await python(String(port), 'helo')).toEqual({ quit: 221 });
    expect(handler.messages[0].session.esmtp).toBe(false);
  });
});

describe.skipIf(!SWAKS)('swaks', () => {
  const swaks = (...args: string[]) =>
    run('swaks', ['--server', '127.0.0.1', '--from', 'swaks@example.com', '--to', 'rcpt@example.net', '--helo', 'swaks.client', ...args], {
      timeout: 20_000,
    });

  it('sends with PIPELINING', async () => {
    const { port, handler } = await start();
    const { stdout } = await swaks('--port', String(port), '--pipeline', '--header', 'Subject: swaks pipelined');
    expect(stdout).toContain('250 2.0.0 Ok: queued as m1');
    expect(handler.messages[0].raw.toString()).toContain('Subject: swaks pipelined');
    expect(handler.messages[0].envelope).toMatchObject({ mailFrom: 'swaks@example.com', heloName: 'swaks.client' });
  });

  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5'])('authenticates with %s after STARTTLS', async (mech) => {
    const { port, handler } = await start({ auth: { acceptAny: false, credentials } });
    const { stdout } = await swaks('--port', String(port), '--tls', '--auth', mech, '--auth-user', 'app', '--auth-password', 'app-secret');
    expect(stdout).toContain('235 2.7.0 Authentication successful');
    expect(handler.messages[0].envelope).toMatchObject({ authUser: 'app' });
    expect(handler.messages[0].envelope.tls).not.toBeNull();
  });

  it('fails on a wrong password with 535', async () => {
    const { port } = await start({ auth: { acceptAny: false, credentials } });
    await expect(
      swaks('--port', String(port), '--tls', '--auth', 'PLAIN', '--auth-user', 'app', '--auth-password', 'bad'),
    ).rejects.toMatchObject({ stdout: expect.stringContaining('535 5.7.8') });
  });

  it('sends over SMTPS with --tls-on-connect', async () => {
    const { smtpsPort, handler } = await start();
    const { stdout } = await swaks('--port', String(smtpsPort), '--tls-on-connect');
    expect(stdout).toContain('queued as m1');
    expect(handler.messages[0].envelope.tls).not.toBeNull();
  });
});

describe.skipIf(!CURL)('curl', () => {
  async function upload(url: string, ...extra: string[]) {
    const file = join(dir, `curl-${Date.now()}-${Math.random()}.eml`);
    await writeFile(file, 'From: a@x.org\r\nTo: b@y.org\r\nSubject: curl\r\n\r\n.a line with a dot\r\nend\r\n');
    return run('curl', ['-sS', '--url', url, '--mail-from', 'a@x.org', '--mail-rcpt', 'b@y.org', '--upload-file', file, ...extra], {
      timeout: 20_000,
    });
  }

  it('uploads a message over smtp://', async () => {
    const { port, handler } = await start();
    await upload(`smtp://127.0.0.1:${port}`);
    expect(handler.messages[0].envelope).toMatchObject({ mailFrom: 'a@x.org', rcptTo: ['b@y.org'] });
    expect(handler.messages[0].raw.toString()).toContain('\r\n\r\n.a line with a dot\r\nend\r\n');
  });

  it('authenticates after STARTTLS and over smtps://', async () => {
    const { port, smtpsPort, handler } = await start({ auth: { acceptAny: false, credentials } });
    await upload(`smtp://127.0.0.1:${port}`, '--ssl-reqd', '-k', '--user', 'app:app-secret');
    await upload(`smtps://127.0.0.1:${smtpsPort}`, '-k', '--user', 'app:app-secret');
    expect(handler.messages.map((m) => [m.envelope.authUser, m.envelope.tls !== null])).toEqual([
      ['app', true],
      ['app', true],
    ]);
  });
});

describe.skipIf(!SMTP_SOURCE)("Postfix's smtp-source", () => {
  const bin = findTool('smtp-source', ['/usr/sbin']) ?? 'smtp-source';

  it('delivers 60 messages over 4 parallel sessions', async () => {
    const { port, handler } = await start();
    await run(bin, ['-s', '4', '-m', '60', '-l', '4096', '-f', 'source@example.com', '-t', 'sink@example.net', '-M', 'source.test', `127.0.0.1:${port}`], {
      timeout: 30_000,
    });
    expect(handler.messages).toHaveLength(60);
    expect(handler.messages.every((m) => m.envelope.rcptTo[0] === 'sink@example.net' && m.raw.length >= 4096)).toBe(true);
  });

  it('reuses one connection for many messages with -d', async () => {
    const { port, handler } = await start();
    await run(bin, ['-d', '-m', '25', '-f', 'source@example.com', '-t', 'sink@example.net', `127.0.0.1:${port}`], { timeout: 30_000 });
    expect(handler.messages).toHaveLength(25);
    expect(new Set(handler.messages.map((m) => m.session.id)).size).toBe(1);
  });
});
