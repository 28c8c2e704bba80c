import { connect as netConnect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { deferAfterEach } from '../support/cleanup.js';
import { buildProxyV2Header, SessionLog } from '../../src/smtp/index.js';
import { SmtpTestClient, startTestSmtpServer, type SmtpConfigOverrides } from '../../src/smtp/testing.js';

const defer = deferAfterEach();

async function start(config: SmtpConfigOverrides = {}, sessionLog?: SessionLog) {
  const t = await startTestSmtpServer({ config: { proxyProtocol: true, ...config }, sessionLog });
  defer(() => t.server.close({ graceMs: 100 }));
  const open = async () => {
    const c = await SmtpTestClient.connect(t.port);
    defer(() => c.destroy());
    return c;
  };
  return { ...t, open };
}

const line = (r: { raw: string }) => r.raw.trimEnd();

/**
 * A server capped at one connection, that connection taken by a proxied session, and a session
 * log: `refusedEntry` finds the log's entry of the connection refused with a 421.
 */
async function startFull() {
  const log = new SessionLog(10);
  const t = await start({ maxConnections: 1 }, log);
  const held = await t.open();
  held.write('PROXY TCP4 192.0.2.10 198.51.100.1 56324 25\r\n');
  expect((await held.reply()).code).toBe(220);
  const refusedEntry = () => log.list(0, 10).find((entry) => entry.lines().some((l) => l.text.startsWith('421')));
  return { ...t, refusedEntry };
}

const MESSAGE = 'EHLO proxied.client\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: p\r\n\r\n.\r\n';

describe('PROXY protocol', () => {
  it('greets only after a v1 header and records the original client', async () => {
    const { open, handler } = await start();
    const c = await open();
    c.write('PROXY TCP4 192.0.2.10 198.51.100.1 56324 25\r\n');
    expect((await c.reply()).code).toBe(220);
    c.write(MESSAGE);
    for (let i = 0; i < 5; i++) await c.reply();
    expect(handler.messages[0].envelope.clientAddress).toBe('192.0.2.10');
    expect(handler.messages[0].session).toMatchObject({ remoteAddress: '192.0.2.10', remotePort: 56324, proxied: true });
  });

  it('reads a v2 header with an IPv6 client and commands in the same packet', async () => {
    const { open, handler } = await start();
    const c = await open();
    const header = buildProxyV2Header({ address: '2001:db8::42', port: 4242 }, { address: '2001:db8::1', port: 25 });
    c.write(Buffer.concat([header, Buffer.from(MESSAGE)]));
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await c.reply()).code);
    expect(codes).toEqual([220, 250, 250, 250, 354, 250]);
    expect(handler.messages[0].session).toMatchObject({ remoteAddress: '2001:db8::42', remotePort: 4242 });
  });

  it('keeps the real address for a v2 LOCAL header (a health check)', async () => {
    const { open } = await start();
    const c = await open();
    const header = buildProxyV2Header({ address: '203.0.113.9', port: 1 }, { address: '10.0.0.1', port: 25 });
    header[12] = 0x20; // LOCAL
    c.write(header);
    expect((await c.reply()).code).toBe(220);
  });

  it('closes a connection whose header is not PROXY, without a greeting', async () => {
    const { open } = await start();
    const c = await open();
    c.write('EHLO no.proxy.header\r\n');
    await expect(c.reply()).rejects.toThrow('connection closed');
  });

  it('reads a header before the TLS handshake of an implicit-TLS port', async () => {
    const { port, handler } = await start({ tls: { requireTls: true } });
    const raw: Socket = await new Promise((resolve, reject) => {
      const s = netConnect(port, '127.0.0.1', () => resolve(s)).on('error', reject);
    });
    defer(() => raw.destroy());
    raw.write('PROXY TCP4 192.0.2.77 198.51.100.1 1234 465\r\n');
    const secure = tlsConnect({ socket: raw, rejectUnauthorized: false });
    let text = '';
    const wait = (re: RegExp) =>
      new Promise<void>((resolve) => {
        const check = () => (re.test(text) ? resolve() : secure.once('data', (d) => ((text += d), check())));
        check();
      });
    await wait(/^220 /m);
    secure.write(MESSAGE);
    await wait(/queued as/);
    expect(line({ raw: text.split('\r\n').filter(Boolean).at(-1)! })).toBe('250 2.0.0 Ok: queued as m1');
    expect(handler.messages[0].session).toMatchObject({ remoteAddress: '192.0.2.77', proxied: true });
    expect(handler.messages[0].envelope.tls).not.toBeNull();
  });

  it('hands the TLS handshake bytes that arrived with the header on to TLS', async () => {
    const { port, handler } = await start({ tls: { requireTls: true } });
    const raw: Socket = await new Promise((resolve, reject) => {
      const s = netConnect(port, '127.0.0.1', () => resolve(s)).on('error', reject);
    });
    defer(() => raw.destroy());
    // A stream that glues the PROXY header to the ClientHello, so both go out in one write.
    let header: Buffer | null = Buffer.from('PROXY TCP4 192.0.2.88 198.51.100.1 1234 465\r\n');
    const glued = new Duplex({
      write(chunk: Buffer, _enc, done) {
        raw.write(header ? Buffer.concat([header, chunk]) : chunk, done);
        header = null;
      },
      read() {},
    });
    raw.on('data', (d) => glued.push(d));
    raw.on('end', () => glued.push(null));
    const secure = tlsConnect({ socket: glued, rejectUnauthorized: false });
    const c = await new Promise<string>((resolve) => secure.once('data', (d) => resolve(String(d))));
    expect(c).toMatch(/^220 /);
    secure.write(MESSAGE);
    let text = '';
    await new Promise<void>((resolve) =>
      secure.on('data', (d) => {
        text += d;
        if (text.includes('queued as')) resolve();
      }),
    );
    expect(handler.messages[0].session).toMatchObject({ remoteAddress: '192.0.2.88', proxied: true });
    secure.destroy();
  });

  it('records a connection refused past the cap under the client its PROXY header names', async () => {
    const { open, refusedEntry } = await startFull();
    const refused = await open();
    refused.write(buildProxyV2Header({ address: '2001:db8::7', port: 40000 }, { address: '2001:db8::1', port: 25 }));
    expect(line(await refused.reply())).toBe('421 4.7.0 devmail.test Too many connections, try again later');
    await refused.closed();
    expect(refusedEntry()?.info).toMatchObject({ remoteAddress: '2001:db8::7', remotePort: 40000, proxied: true });
  });

  it('refuses past the cap as the proxy when no PROXY header comes', async () => {
    const { open, refusedEntry } = await startFull();
    const silent = await open();
    const started = Date.now();
    expect((await silent.reply()).code).toBe(421);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    await silent.closed();
    expect(refusedEntry()?.info).toMatchObject({ remoteAddress: '127.0.0.1', proxied: false });
  });
});
