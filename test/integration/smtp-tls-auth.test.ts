import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHmac } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import bcrypt from 'bcryptjs';
import { pino } from 'pino';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { deferAfterEach } from '../support/cleanup.js';
import type { SmtpHandler } from '../../src/smtp/index.js';
import { SmtpTestClient, startTestSmtpServer, type SmtpConfigOverrides } from '../../src/smtp/testing.js';

const defer = deferAfterEach();

async function start(config: SmtpConfigOverrides = {}, hooks: Partial<SmtpHandler> = {}, logger?: pino.Logger) {
  const t = await startTestSmtpServer({ config, hooks, logger });
  defer(() => t.server.close({ graceMs: 100 }));
  const open = async (port = t.port, tls = false) => {
    const c = await SmtpTestClient.connect(port, { tls });
    defer(() => c.destroy());
    return c;
  };
  const session = async () => {
    const c = await open();
    await c.reply();
    await c.cmd('EHLO client.test');
    return c;
  };
  return { ...t, open, session };
}

const line = (r: { raw: string }) => r.raw.trimEnd();
const b64 = (s: string) => Buffer.from(s).toString('base64');
const users = [
  { user: 'plain-user', secret: 'plain-pass' },
  { user: 'bcrypt-user', secret: bcrypt.hashSync('bcrypt-pass', 4) },
];

async function sendMessage(c: SmtpTestClient): Promise<string> {
  c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: t\r\n\r\nbody\r\n.\r\n');
  const codes: string[] = [];
  for (let i = 0; i < 4; i++) codes.push(line(await c.reply()));
  return codes.at(-1)!;
}

function peerCertificate(port: number): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => {
      resolve(s.getPeerCertificate());
      s.destroy();
    });
    s.on('error', reject);
  });
}

describe('STARTTLS', () => {
  it('upgrades the connection, forgets the EHLO, and records the TLS facts', async () => {
    const { session, handler } = await start();
    const c = await session();
    expect(line(await c.cmd('STARTTLS'))).toBe('220 2.0.0 Ready to start TLS');
    await c.startTls();
    expect((await c.cmd('MAIL FROM:<a@x.org>')).code).toBe(503);
    const ehlo = await c.cmd('EHLO client.test');
    expect(ehlo.lines).not.toContain('STARTTLS');
    expect(ehlo.lines).toContain('AUTH PLAIN LOGIN CRAM-MD5');
    expect(await sendMessage(c)).toMatch(/^250 2\.0\.0 Ok: queued/);
    expect(handler.messages[0].envelope.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(handler.messages[0].envelope.tls?.cipher).toBeTruthy();
  });

  it('refuses a second STARTTLS and one with parameters', async () => {
    const { session } = await start();
    const c = await session();
    expect((await c.cmd('STARTTLS now')).code).toBe(501);
    await c.cmd('STARTTLS');
    await c.startTls();
    await c.cmd('EHLO client.test');
    expect(line(await c.cmd('STARTTLS'))).toBe('503 5.5.1 TLS already active');
  });

  it('drops commands pipelined in clear text after STARTTLS', async () => {
    const { session } = await start();
    const c = await session();
    c.write('STARTTLS\r\nMAIL FROM:<injected@evil.test>\r\n');
    expect((await c.reply()).code).toBe(220);
    await c.startTls();
    expect((await c.cmd('EHLO client.test')).lines[0]).toBe('devmail.test greets client.test');
    expect((await c.cmd('MAIL FROM:<a@x.org>')).code).toBe(250);
  });

  it('refuses MAIL before STARTTLS with 530 5.7.0 when requireStartTls is set', async () => {
    const { session } = await start({ tls: { requireStartTls: true } });
    const c = await session();
    expect(line(await c.cmd('MAIL FROM:<a@x.org>'))).toBe('530 5.7.0 Must issue a STARTTLS command first');
    await c.cmd('STARTTLS');
    await c.startTls();
    await c.cmd('EHLO client.test');
    expect((await c.cmd('MAIL FROM:<a@x.org>')).code).toBe(250);
  });
});

describe('implicit TLS', () => {
  it('makes the main port speak TLS from the first byte with requireTls', async () => {
    const { port, open, handler } = await start({ tls: { requireTls: true } });
    const c = await open(port, true);
    expect((await c.reply()).code).toBe(220);
    const ehlo = await c.cmd('EHLO client.test');
    expect(ehlo.lines).not.toContain('STARTTLS');
    expect(await sendMessage(c)).toMatch(/^250 /);
    expect(handler.messages[0].envelope.tls).not.toBeNull();
  });

  it('serves SMTPS on smtpsListen beside the plain port', async () => {
    const { smtpsPort, port, open } = await start({ smtpsListen: { host: '127.0.0.1', port: 0 } });
    expect(smtpsPort).toBeGreaterThan(0);
    expect(smtpsPort).not.toBe(port);
    const c = await open(smtpsPort, true);
    expect((await c.reply()).code).toBe(220);
    expect((await c.cmd('EHLO client.test')).code).toBe(250);
  });

  it('generates a certificate for the hostname, localhost, the loopback addresses and extra names', async () => {
    const { smtpsPort } = await start({
      hostname: 'mail.devmail.test',
      smtpsListen: { host: '127.0.0.1', port: 0 },
      tls: { generatedNames: ['extra.example', '10.1.2.3'] },
    });
    const cert = await peerCertificate(smtpsPort);
    expect(cert.subject.CN).toBe('mail.devmail.test');
    const san = (cert.subjectaltname ?? '').split(', ');
    expect(san).toEqual(
      expect.arrayContaining([
        'DNS:mail.devmail.test',
        'DNS:localhost',
        'IP Address:127.0.0.1',
        'IP Address:0:0:0:0:0:0:0:1',
        'DNS:extra.example',
        'IP Address:10.1.2.3',
      ]),
    );
  });

  it('serves the certificate from certFile and keyFile when given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devmail-tls-'));
    defer(() => rm(dir, { recursive: true, force: true }));
    const pems = await generate([{ name: 'commonName', value: 'files.example' }], { keyType: 'ec', algorithm: 'sha256' });
    await writeFile(join(dir, 'cert.pem'), pems.cert);
    await writeFile(join(dir, 'key.pem'), pems.private);
    const { smtpsPort } = await start({
      smtpsListen: { host: '127.0.0.1', port: 0 },
      tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') },
    });
    expect((await peerCertificate(smtpsPort)).subject.CN).toBe('files.example');
  });

  it('refuses to start with only one of certFile and keyFile', async () => {
    await expect(startTestSmtpServer({ config: { tls: { certFile: '/nonexistent.pem' } } })).rejects.toThrow(/both/);
  });
});

describe('AUTH with any password accepted', () => {
  it('takes PLAIN with an initial response and records the user on the message', async () => {
    const { session, handler } = await start();
    const c = await session();
    expect(line(await c.cmd(`AUTH PLAIN ${b64('\0someone\0whatever')}`))).toBe('235 2.7.0 Authentication successful');
    await sendMessage(c);
    expect(handler.messages[0].envelope.authUser).toBe('someone');
    expect(handler.messages[0].session.authUser).toBe('someone');
  });

  it('takes PLAIN in two steps and LOGIN with its prompts', async () => {
    const { session } = await start();
    const a = await session();
    expect(line(await a.cmd('AUTH PLAIN'))).toBe('334');
    expect((await a.cmd(b64('\0u\0p'))).code).toBe(235);
    const b = await session();
    expect(line(await b.cmd('AUTH LOGIN'))).toBe(`334 ${b64('Username:')}`);
    expect(line(await b.cmd(b64('u')))).toBe(`334 ${b64('Password:')}`);
    expect((await b.cmd(b64('p'))).code).toBe(235);
  });

  it('cancels an exchange on "*" with 501 5.7.0 and refuses bad base64 with 501 5.5.2', async () => {
    const { session } = await start();
    const c = await session();
    await c.cmd('AUTH LOGIN');
    expect(line(await c.cmd('*'))).toBe('501 5.7.0 Authentication cancelled');
    await c.cmd('AUTH PLAIN');
    expect(line(await c.cmd('not base64!'))).toBe('501 5.5.2 Cannot decode response');
    expect((await c.cmd('NOOP')).code).toBe(250);
  });

  it('refuses unknown mechanisms, a second AUTH, and AUTH inside a transaction with the right codes', async () => {
    const { session } = await start();
    const c = await session();
    expect(line(await c.cmd('AUTH GSSAPI'))).toBe('504 5.5.4 Unrecognized authentication type');
    await c.cmd('MAIL FROM:<a@x.org>');
    expect(line(await c.cmd(`AUTH PLAIN ${b64('\0u\0p')}`))).toBe('503 5.5.1 AUTH not permitted during a mail transaction');
    await c.cmd('RSET');
    expect((await c.cmd(`AUTH PLAIN ${b64('\0u\0p')}`)).code).toBe(235);
    expect(line(await c.cmd(`AUTH PLAIN ${b64('\0u\0p')}`))).toBe('503 5.5.1 Already authenticated');
  });

  it('sends a reply from onAuth instead of 235 and leaves the session unauthenticated', async () => {
    const { session } = await start(
      { auth: { acceptAny: false, credentials: users, allowInsecure: true } },
      { async onAuth() { return { code: 454, enhanced: '4.7.0', text: 'Temporary authentication failure' }; } },
    );
    const c = await session();
    expect(line(await c.cmd(`AUTH PLAIN ${b64('\0plain-user\0plain-pass')}`))).toBe('454 4.7.0 Temporary authentication failure');
    expect((await c.cmd('MAIL FROM:<a@x.org>')).code).toBe(530);
  });
});

describe('AUTH with configured credentials', () => {
  const enforced = { auth: { acceptAny: false, credentials: users, allowInsecure: true } };

  it('requires AUTH before MAIL with 530 5.7.0', async () => {
    const { session } = await start(enforced);
    const c = await session();
    expect(line(await c.cmd('MAIL FROM:<a@x.org>'))).toBe('530 5.7.0 Authentication required');
  });

  it('refuses a wrong password or an unknown user with 535 5.7.8', async () => {
    const { session } = await start(enforced);
    const c = await session();
    expect(line(await c.cmd(`AUTH PLAIN ${b64('\0plain-user\0wrong')}`))).toBe('535 5.7.8 Authentication credentials invalid');
    expect((await c.cmd(`AUTH PLAIN ${b64('\0nobody\0plain-pass')}`)).code).toBe(535);
    expect((await c.cmd(`AUTH PLAIN ${b64('\0bcrypt-user\0plain-pass')}`)).code).toBe(535);
  });

  it('accepts plain-text and bcrypt secrets and records the user', async () => {
    const { session, handler } = await start(enforced);
    const a = await session();
    expect((await a.cmd(`AUTH PLAIN ${b64('\0plain-user\0plain-pass')}`)).code).toBe(235);
    await sendMessage(a);
    const b = await session();
    await b.cmd('AUTH LOGIN');
    await b.cmd(b64('bcrypt-user'));
    expect((await b.cmd(b64('bcrypt-pass'))).code).toBe(235);
    await sendMessage(b);
    expect(handler.messages.map((m) => m.envelope.authUser)).toEqual(['plain-user', 'bcrypt-user']);
  });

  it('offers CRAM-MD5 only when every secret is plain text, and checks its digest', async () => {
    const mixed = await start(enforced);
    const m = await mixed.session();
    expect((await m.cmd('EHLO again')).lines).toContain('AUTH PLAIN LOGIN');
    expect((await m.cmd('AUTH CRAM-MD5')).code).toBe(504);

    const plainOnly = await start({ auth: { acceptAny: false, credentials: [users[0]], allowInsecure: true } });
    const c = await plainOnly.session();
    const challenge = await c.cmd('AUTH CRAM-MD5');
    expect(challenge.code).toBe(334);
    const decoded = Buffer.from(challenge.lines[0], 'base64').toString();
    expect(decoded).toMatch(/^<[0-9a-f]+\.\d+@devmail\.test>$/);
    const wrong = createHmac('md5', 'nope').update(decoded).digest('hex');
    expect((await c.cmd(b64(`plain-user ${wrong}`))).code).toBe(535);
    const again = Buffer.from((await c.cmd('AUTH CRAM-MD5')).lines[0], 'base64').toString();
    const right = createHmac('md5', 'plain-pass').update(again).digest('hex');
    expect((await c.cmd(b64(`plain-user ${right}`))).code).toBe(235);
  });

  it('keeps AUTH off a clear-text connection without allowInsecure: 538 5.7.11, then fine after STARTTLS', async () => {
    const { session } = await start({ auth: { acceptAny: false, credentials: users, allowInsecure: false } });
    const c = await session();
    expect((await c.cmd('EHLO client.test')).lines.some((l) => l.startsWith('AUTH'))).toBe(false);
    expect(line(await c.cmd(`AUTH PLAIN ${b64('\0plain-user\0plain-pass')}`))).toBe(
      '538 5.7.11 Encryption required for requested authentication mechanism',
    );
    await c.cmd('STARTTLS');
    await c.startTls();
    await c.cmd('EHLO client.test');
    expect((await c.cmd(`AUTH PLAIN ${b64('\0plain-user\0plain-pass')}`)).code).toBe(235);
  });

  it('never writes passwords or AUTH payloads to the log', async () => {
    const logs: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (s: string) => void logs.push(s) });
    const { session } = await start(enforced, {}, logger);
    const c = await session();
    const payload = b64('\0plain-user\0plain-pass');
    await c.cmd(`AUTH PLAIN ${payload}`);
    const d = await session();
    await d.cmd('AUTH LOGIN');
    await d.cmd(b64('plain-user'));
    await d.cmd(b64('wrong-secret-xyz'));
    const text = logs.join('');
    expect(text).toContain('*hidden*');
    expect(text).toContain('C: EHLO client.test');
    for (const secret of ['plain-pass', payload, 'wrong-secret-xyz', b64('wrong-secret-xyz')]) {
      expect(text).not.toContain(secret);
    }
  });
});
