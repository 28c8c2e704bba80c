import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/chaos/index.js';
import { deferAfterEach } from '../support/cleanup.js';
import { sendWithNodemailer, startTestServer } from './harness.js';

/**
 * Hostile and broken SMTP input, generated from a fixed seed: random bytes, NULs, bare CR and
 * LF, overlong lines, commands out of order, bad parameters, DATA and BDAT cut short or
 * mis-sized, AUTH garbage, a STARTTLS followed by junk, and connections dropped mid-message.
 * Every reply the server gives is a well-formed SMTP reply, the server keeps serving, and every
 * message it answered 250 is stored and can be read back.
 */

const defer = deferAfterEach();

type Rand = ReturnType<typeof seededRandom>;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, items: readonly T[]): T => items[int(r, items.length)];

function randomBytes(r: Rand, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 256);
  return b;
}

const verbs = ['EHLO', 'HELO', 'MAIL FROM:', 'RCPT TO:', 'DATA', 'BDAT', 'RSET', 'NOOP', 'VRFY', 'HELP', 'AUTH', 'STARTTLS', 'XCLIENT', 'mail from:', 'QUIT '];
const addresses = ['<a@example.test>', '<>', '<"quoted local"@example.test>', '<ü@exämple.test>', '<@route:a@example.test>', 'a@example.test', '<a@[127.0.0.1]>', '<a@[IPv6:::1]>', '<' + 'x'.repeat(300) + '@example.test>', '<a@b', '<<a@b>>', '<a\u0000@b.test>'];
const params = ['', ' SIZE=100', ' SIZE=99999999999999999999', ' SIZE=-1', ' BODY=8BITMIME', ' BODY=BINARYMIME', ' SMTPUTF8', ' NOTIFY=NEVER', ' =', ' SIZE', ' AUTH=<>'];
const authArgs = ['PLAIN', 'PLAIN AGF1c2VyAHBhc3M=', 'PLAIN !!!', 'LOGIN', 'CRAM-MD5', 'XOAUTH2 abc', 'PLAIN =', ''];
const endings = ['\r\n', '\n', '\r', '\r\r\n', ''];

/** One chunk of what a broken or hostile client might send. */
function chunk(r: Rand): Buffer {
  switch (int(r, 10)) {
    case 0:
      return randomBytes(r, int(r, 600));
    case 1:
      return Buffer.from(`${pick(r, verbs)}${'A'.repeat(int(r, 3) === 0 ? 70_000 : int(r, 1200))}${pick(r, endings)}`);
    case 2:
      return Buffer.from(`MAIL FROM:${pick(r, addresses)}${pick(r, params)}${pick(r, endings)}`);
    case 3:
      return Buffer.from(`RCPT TO:${pick(r, addresses)}${pick(r, params)}${pick(r, endings)}`);
    case 4: {
      // DATA with a body that may or may not be terminated, with dots and bare line ends.
      const body = ['Subject: fuzz\r\n\r\n', '.\r\n..\r\n', randomBytes(r, int(r, 3000)).toString('latin1'), '\n.\n', '\r\n.\r\n'];
      return Buffer.from(`DATA\r\n${Array.from({ length: 1 + int(r, 4) }, () => pick(r, body)).join('')}`, 'latin1');
    }
    case 5: {
      const size = pick(r, [0, 1, 10, 5000, -1]);
      return Buffer.concat([Buffer.from(`BDAT ${size === -1 ? 'x' : size}${int(r, 2) ? ' LAST' : ''}\r\n`), randomBytes(r, int(r, 40))]);
    }
    case 6:
      return Buffer.from(`AUTH ${pick(r, authArgs)}\r\n${int(r, 2) ? randomBytes(r, 20).toString('base64') + '\r\n' : '*\r\n'}`);
    case 7:
      return Buffer.concat([Buffer.from('STARTTLS\r\n'), randomBytes(r, int(r, 300))]);
    case 8:
      return Buffer.from(`${pick(r, ['EHLO', 'HELO'])} ${pick(r, ['client.test', '', '[127.0.0.1]', 'x'.repeat(600), '\u0000'])}${pick(r, endings)}`, 'latin1');
    default:
      return Buffer.from(`${pick(r, ['RSET', 'NOOP', 'VRFY a', 'HELP', 'DATA', 'BDAT 3 LAST', 'QUIT'])}${pick(r, endings)}`);
  }
}

/** One connection: greeting, then chunks; ends politely or abruptly. Returns every byte the server sent. */
function fuzzConnection(port: number, r: Rand): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    // Often a valid start, so that broken parts land in every state of a transaction, and
    // sometimes a valid message after them.
    const chunks: Buffer[] = [];
    if (int(r, 4) > 0) chunks.push(Buffer.from('EHLO fuzz.test\r\n'));
    if (int(r, 2)) chunks.push(Buffer.from('MAIL FROM:<fuzz@example.test>\r\nRCPT TO:<to@example.test>\r\n'));
    for (let i = 1 + int(r, 6); i > 0; i--) chunks.push(chunk(r));
    if (int(r, 2)) chunks.push(Buffer.from(`\r\nRSET\r\nMAIL FROM:<fuzz@example.test>\r\nRCPT TO:<to@example.test>\r\nDATA\r\nSubject: valid\r\n\r\n${'x'.repeat(int(r, 200))}\r\n.\r\n`));
    const abrupt = int(r, 3) === 0;
    const done = () => {
      clearTimeout(deadline);
      resolve(received);
    };
    const deadline = setTimeout(() => socket.destroy(), 4_000);
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.once('data', async () => {
      for (const c of chunks) {
        if (socket.destroyed) return;
        socket.write(c);
        await new Promise((res) => setTimeout(res, int(r, 3)));
      }
      if (abrupt) socket.destroy();
      else socket.end('\r\nQUIT\r\n');
    });
  });
}

/** A reply line: three digits, then a space or hyphen; a TLS handshake's bytes are not SMTP. */
const replyLine = /^[2-5]\d\d(?:[ -].*)?$/;

describe('hostile and broken SMTP input', () => {
  it('gets well-formed replies, never stops the server, and every 250 is stored', { timeout: 120_000 }, async () => {
    const server = await startTestServer(['--smtp-auth-accept-any', '--smtp-max-recipients', '20']);
    defer(() => server.close());
    const port = server.urls.smtp.port;
    const seed = Number(process.env.DEVMAIL_FUZZ_SEED ?? 0x5eed2026); // set it to replay or explore
    const queued: string[] = [];
    const total = 240;
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const n = next++;
        const transcript = await fuzzConnection(port, seededRandom(seed + n)); // connection n replays alone
        // Up to STARTTLS's 220, everything is SMTP; after it, TLS alerts may follow.
        const clear = transcript.split(/^220 [^\r\n]*TLS[^\r\n]*\r\n/m)[0];
        for (const line of clear.split('\r\n').slice(0, -1)) {
          expect(line, `seed ${seed}, connection ${n}`).toMatch(replyLine);
        }
        for (const m of transcript.matchAll(/^250 2\.0\.0 Ok: queued as (\S+)/gm)) queued.push(m[1]);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    // Still serving, and nothing answered 250 was lost.
    await sendWithNodemailer(server, { from: 'after@example.test', to: 'someone@example.test', subject: 'after the fuzz', text: 'ok' });
    for (const id of queued) {
      const res = await fetch(server.api(`/api/v1/message/${id}/raw`));
      expect(res.status, `message ${id}`).toBe(200);
    }
    const list = (await (await fetch(server.api('/api/v1/messages?limit=1'))).json()) as { total: number; messages: Array<{ Subject: string }> };
    expect(list.messages[0].Subject).toBe('after the fuzz');
    // A client that hangs up after its final dot may miss a 250 the server sent: more can be stored.
    expect(new Set(queued).size).toBe(queued.length);
    expect(queued.length).toBeGreaterThan(0);
    expect(list.total).toBeGreaterThanOrEqual(queued.length + 1);
  });
});
