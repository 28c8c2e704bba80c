import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { deferAfterEach } from '../support/cleanup.js';
import { DevmailError } from '../../src/core/errors.js';
import type { SmtpHandler } from '../../src/smtp/index.js';
import {
  SmtpTestClient,
  startTestSmtpServer,
  type SmtpConfigOverrides,
  type TestReply,
} from '../../src/smtp/testing.js';

const defer = deferAfterEach();

async function start(config: SmtpConfigOverrides = {}, hooks: Partial<SmtpHandler> = {}) {
  const t = await startTestSmtpServer({ config, hooks });
  defer(() => t.server.close({ graceMs: 100 }));
  const open = async () => {
    const c = await SmtpTestClient.connect(t.port);
    defer(() => c.destroy());
    return c;
  };
  /** A client past the greeting and EHLO. */
  const session = async () => {
    const c = await open();
    expect((await c.reply()).code).toBe(220);
    expect((await c.cmd('EHLO client.test')).code).toBe(250);
    return c;
  };
  return { ...t, open, session };
}

/** Reads `n` replies. */
async function replies(c: SmtpTestClient, n: number): Promise<TestReply[]> {
  const out: TestReply[] = [];
  for (let i = 0; i < n; i++) out.push(await c.reply());
  return out;
}

const line = (r: TestReply) => r.raw.trimEnd();

describe('the conversation', () => {
  it('greets with 220, the configured hostname and ESMTP', async () => {
    const { open } = await start({ hostname: 'mx.devmail.test' });
    const c = await open();
    expect((await c.reply()).raw).toBe('220 mx.devmail.test ESMTP devmail\r\n');
  });

  it('lists every extension in the EHLO reply', async () => {
    const { open } = await start({ maxMessageBytes: 12345 });
    const c = await open();
    await c.reply();
    const ehlo = await c.cmd('EHLO client.test');
    expect(ehlo.code).toBe(250);
    expect(ehlo.lines[0]).toBe('devmail.test greets client.test');
    expect(ehlo.lines.slice(1)).toEqual(
      expect.arrayContaining([
        'PIPELINING',
        'SIZE 12345',
        '8BITMIME',
        'SMTPUTF8',
        'ENHANCEDSTATUSCODES',
        'CHUNKING',
        'STARTTLS',
        'AUTH PLAIN LOGIN CRAM-MD5',
      ]),
    );
  });

  it('answers HELO with its hostname and no enhanced status codes afterwards', async () => {
    const { open } = await start();
    const c = await open();
    await c.reply();
    expect(line(await c.cmd('HELO old.client'))).toBe('250 devmail.test');
    expect(line(await c.cmd('NOOP'))).toBe('250 Ok');
    expect(line(await c.cmd('EHLO new.client')).startsWith('250')).toBe(true);
    expect(line(await c.cmd('NOOP'))).toBe('250 2.0.0 Ok');
  });

  it('hands the envelope and the dot-unstuffed message to the handler and answers with its id', async () => {
    const { session, handler } = await start();
    const c = await session();
    expect(line(await c.cmd('MAIL FROM:<alice@example.com>'))).toBe('250 2.1.0 Ok');
    expect(line(await c.cmd('RCPT TO:<bob@example.net>'))).toBe('250 2.1.5 Ok');
    expect(line(await c.cmd('RCPT TO:<carol@example.org>'))).toBe('250 2.1.5 Ok');
    expect((await c.cmd('DATA')).code).toBe(354);
    c.write('Subject: hello\r\n\r\n..starts with a dot\r\n.\r\n');
    expect(line(await c.reply())).toBe('250 2.0.0 Ok: queued as m1');
    const [m] = handler.messages;
    expect(m.raw.toString()).toBe('Subject: hello\r\n\r\n.starts with a dot\r\n');
    expect(m.envelope).toMatchObject({
      mailFrom: 'alice@example.com',
      rcptTo: ['bob@example.net', 'carol@example.org'],
      heloName: 'client.test',
      clientAddress: '127.0.0.1',
      tls: null,
      authUser: null,
      smtpUtf8: false,
    });
    expect(m.session.transactionCount).toBe(0);
    expect(line(await c.cmd('QUIT'))).toBe('221 2.0.0 Bye');
    await c.closed();
  });

  it('takes several messages on one connection and counts them', async () => {
    const { session, handler } = await start();
    const c = await session();
    for (let i = 0; i < 3; i++) {
      c.write(`MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\n`);
      expect((await replies(c, 3)).map((r) => r.code)).toEqual([250, 250, 354]);
      c.write(`Subject: ${i}\r\n\r\nbody\r\n.\r\n`);
      expect((await c.reply()).code).toBe(250);
    }
    expect(handler.messages.map((m) => m.session.transactionCount)).toEqual([0, 1, 2]);
  });

  it('accepts the null sender', async () => {
    const { session, handler } = await start();
    const c = await session();
    c.write('MAIL FROM:<>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: bounce\r\n\r\n.\r\n');
    expect((await replies(c, 4)).map((r) => r.code)).toEqual([250, 250, 354, 250]);
    expect(handler.messages[0].envelope.mailFrom).toBe('');
  });

  it('accepts bare LF line ends in commands and in the message', async () => {
    const { open, handler } = await start();
    const c = await open();
    await c.reply();
    c.write('EHLO lf.client\nMAIL FROM:<a@x.org>\nRCPT TO:<b@y.org>\nDATA\nSubject: lf\n\nline\n.\nQUIT\n');
    expect((await replies(c, 6)).map((r) => r.code)).toEqual([250, 250, 250, 354, 250, 221]);
    expect(handler.messages[0].raw.toString()).toBe('Subject: lf\n\nline\n');
  });

  it('answers VRFY with 252, HELP with 214, NOOP and RSET with 250', async () => {
    const { session } = await start();
    const c = await session();
    expect(line(await c.cmd('VRFY bob'))).toMatch(/^252 2\.5\.0 /);
    expect(line(await c.cmd('HELP'))).toMatch(/^214 2\.0\.0 /);
    expect(line(await c.cmd('NOOP'))).toBe('250 2.0.0 Ok');
    await c.cmd('MAIL FROM:<a@x.org>');
    expect(line(await c.cmd('RSET'))).toBe('250 2.0.0 Ok');
    expect((await c.cmd('RCPT TO:<b@y.org>')).code).toBe(503);
  });
});

describe('pipelining', () => {
  it('answers a whole pipelined transaction in order, even when hooks take different times', async () => {
    const { open, handler } = await start(
      { allowedRecipients: /@allowed\.test$/ },
      {
        async onRcptTo(_s, address) {
          if (address.startsWith('slow')) await sleep(40);
          return { code: 250, enhanced: '2.1.5', text: `ok ${address}` };
        },
      },
    );
    const c = await open();
    c.write(
      'EHLO pipe.client\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<slow@allowed.test>\r\nRCPT TO:<fast@allowed.test>\r\n' +
        'RCPT TO:<nope@elsewhere.test>\r\nDATA\r\nSubject: p\r\n\r\nbody\r\n.\r\nNOOP\r\nQUIT\r\n',
    );
    const got = (await replies(c, 10)).map(line);
    expect(got[0]).toMatch(/^220 /);
    expect(got[1]).toMatch(/^250-devmail.test greets pipe.client/);
    expect(got.slice(2)).toEqual([
      '250 2.1.0 Ok',
      '250 2.1.5 ok slow@allowed.test',
      '250 2.1.5 ok fast@allowed.test',
      '550 5.7.1 Recipient not allowed',
      '354 End data with <CR><LF>.<CR><LF>',
      '250 2.0.0 Ok: queued as m1',
      '250 2.0.0 Ok',
      '221 2.0.0 Bye',
    ]);
    expect(handler.messages[0].envelope.rcptTo).toEqual(['slow@allowed.test', 'fast@allowed.test']);
  });

  it('sends the replies to earlier commands while a later hook is still running', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const { session } = await start({}, { onRcptTo: () => held });
    const c = await session();
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nNOOP\r\n');
    expect(line(await c.reply())).toBe('250 2.1.0 Ok');
    release();
    expect((await replies(c, 2)).map(line)).toEqual(['250 2.1.5 Ok', '250 2.0.0 Ok']);
  });

  it('reads commands and message text split into one-byte writes', async () => {
    const { open, handler } = await start();
    const c = await open();
    await c.reply();
    const wire = 'EHLO slow.client\r\nMAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: s\r\n\r\n..x\r\n.\r\n';
    for (const ch of wire) {
      c.write(ch);
      await sleep(0);
    }
    expect((await replies(c, 5)).map((r) => r.code)).toEqual([250, 250, 250, 354, 250]);
    expect(handler.messages[0].raw.toString()).toBe('Subject: s\r\n\r\n.x\r\n');
  });
});

describe('errors', () => {
  it('answers a command line over 512 octets with 500 5.5.6 and stays usable', async () => {
    const { session } = await start();
    const c = await session();
    expect(line(await c.cmd(`NOOP ${'x'.repeat(600)}`))).toBe('500 5.5.6 Line too long');
    expect(line(await c.cmd('NOOP'))).toBe('250 2.0.0 Ok');
  });

  it('answers an endless line at once and resynchronises after its line end', async () => {
    const { session } = await start();
    const c = await session();
    c.write('x'.repeat(20_000));
    expect(line(await c.reply())).toBe('500 5.5.6 Line too long');
    c.write('still the same line\r\nNOOP\r\n');
    expect(line(await c.reply())).toBe('250 2.0.0 Ok');
  });

  it('allows AUTH lines far longer than 512 octets', async () => {
    const { session } = await start();
    const c = await session();
    const initial = Buffer.from(`\0${'u'.repeat(1500)}\0${'p'.repeat(1500)}`).toString('base64');
    expect(line(await c.cmd(`AUTH PLAIN ${initial}`))).toBe('235 2.7.0 Authentication successful');
  });

  it('answers bad syntax with 501 5.5.4', async () => {
    const { session } = await start();
    const c = await session();
    expect(line(await c.cmd('MAIL FROM:alice<@>'))).toMatch(/^501 5\.5\.4 /);
    expect(line(await c.cmd('MAIL TO:<a@x.org>'))).toMatch(/^501 5\.5\.4 /);
    expect(line(await c.cmd('MAIL FROM:<a@x.org> SIZE=big'))).toMatch(/^501 5\.5\.4 /);
    expect(line(await c.cmd('MAIL FROM:<a@x.org> BODY=9BIT'))).toMatch(/^501 5\.5\.4 /);
    expect((await c.cmd('MAIL FROM:<a@x.org>')).code).toBe(250);
    expect(line(await c.cmd('RCPT TO:<b@>'))).toMatch(/^501 5\.5\.4 /);
    expect(line(await c.cmd('EHLO'))).toMatch(/^501 5\.5\.4 /);
  });

  it('answers commands out of sequence with 503 5.5.1', async () => {
    const { open } = await start();
    const c = await open();
    await c.reply();
    expect(line(await c.cmd('MAIL FROM:<a@x.org>'))).toBe('503 Send HELO/EHLO first');
    await c.cmd('EHLO client.test');
    expect(line(await c.cmd('RCPT TO:<b@y.org>'))).toBe('503 5.5.1 Need MAIL command');
    expect(line(await c.cmd('DATA'))).toBe('503 5.5.1 Need MAIL command');
    await c.cmd('MAIL FROM:<a@x.org>');
    expect(line(await c.cmd('MAIL FROM:<a@x.org>'))).toBe('503 5.5.1 Nested MAIL command');
    expect(line(await c.cmd('DATA'))).toBe('554 5.5.1 No valid recipients');
  });

  it('answers unknown commands with 500 5.5.2 and EXPN with 502', async () => {
    const { session } = await start();
    const c = await session();
    expect(line(await c.cmd('FROB nicate'))).toBe('500 5.5.2 Command unrecognized');
    expect(line(await c.cmd('EXPN staff'))).toBe('502 5.5.1 Command not implemented');
  });

  it('closes with 421 4.7.0 after maxErrors bad commands', async () => {
    const { session } = await start({ maxErrors: 3 });
    const c = await session();
    expect((await c.cmd('BAD1')).code).toBe(500);
    expect((await c.cmd('BAD2')).code).toBe(500);
    c.write('BAD3\r\n');
    expect((await c.reply()).code).toBe(500);
    expect(line(await c.reply())).toBe('421 4.7.0 devmail.test Too many errors, closing connection');
    await c.closed();
  });

  it('closes an idle connection with 421 4.4.2', async () => {
    const { session } = await start({ idleTimeoutMs: 150 });
    const c = await session();
    expect(line(await c.reply())).toBe('421 4.4.2 devmail.test Idle timeout, closing connection');
    await c.closed();
  });

  it('does not count a slow handler as client idleness', async () => {
    const { session } = await start(
      { idleTimeoutMs: 100 },
      {
        async onData() {
          await sleep(400);
          return { id: 'slow-1' };
        },
      },
    );
    const c = await session();
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: s\r\n\r\n.\r\n');
    expect((await replies(c, 4)).map(line).at(-1)).toBe('250 2.0.0 Ok: queued as slow-1');
  });
});

describe('limits', () => {
  it('discards a message over maxMessageBytes with 552 5.3.4 and takes the next one', async () => {
    const { session, handler } = await start({ maxMessageBytes: 1000 });
    const c = await session();
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\n');
    await replies(c, 3);
    c.write(`Subject: big\r\n\r\n${'0123456789abcdef\r\n'.repeat(500)}.\r\n`);
    expect(line(await c.reply())).toBe('552 5.3.4 Message size exceeds fixed maximum message size');
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: small\r\n\r\nok\r\n.\r\n');
    expect((await replies(c, 4)).map((r) => r.code)).toEqual([250, 250, 354, 250]);
    expect(handler.messages.map((m) => m.raw.toString())).toEqual(['Subject: small\r\n\r\nok\r\n']);
  });

  it('refuses a declared SIZE over the limit at MAIL with 552 5.3.4', async () => {
    const { session } = await start({ maxMessageBytes: 1000 });
    const c = await session();
    expect(line(await c.cmd('MAIL FROM:<a@x.org> SIZE=1001'))).toBe('552 5.3.4 Message size exceeds fixed maximum message size');
    expect((await c.cmd('MAIL FROM:<a@x.org> SIZE=1000')).code).toBe(250);
  });

  it('answers 452 4.5.3 past maxRecipients and keeps the accepted ones', async () => {
    const { session, handler } = await start({ maxRecipients: 2 });
    const c = await session();
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<1@y.org>\r\nRCPT TO:<2@y.org>\r\nRCPT TO:<3@y.org>\r\nDATA\r\n.\r\n');
    expect((await replies(c, 6)).map(line)).toEqual([
      '250 2.1.0 Ok',
      '250 2.1.5 Ok',
      '250 2.1.5 Ok',
      '452 4.5.3 Too many recipients',
      '354 End data with <CR><LF>.<CR><LF>',
      '250 2.0.0 Ok: queued as m1',
    ]);
    expect(handler.messages[0].envelope.rcptTo).toEqual(['1@y.org', '2@y.org']);
  });

  it('refuses recipients that do not match allowedRecipients with 550 5.7.1', async () => {
    const { session } = await start({ allowedRecipients: /@example\.test$/g });
    const c = await session();
    await c.cmd('MAIL FROM:<a@x.org>');
    expect(line(await c.cmd('RCPT TO:<one@example.test>'))).toBe('250 2.1.5 Ok');
    expect(line(await c.cmd('RCPT TO:<two@example.test>'))).toBe('250 2.1.5 Ok');
    expect(line(await c.cmd('RCPT TO:<x@other.test>'))).toBe('550 5.7.1 Recipient not allowed');
  });

  it('refuses non-ASCII addresses without SMTPUTF8 with 553 5.6.7 and takes them with it', async () => {
    const { session, handler } = await start();
    const c = await session();
    expect(line(await c.cmd('MAIL FROM:<jörg@example.de>'))).toBe('553 5.6.7 Non-ASCII address requires SMTPUTF8');
    expect((await c.cmd('MAIL FROM:<a@x.org>')).code).toBe(250);
    expect((await c.cmd('RCPT TO:<用户@例子.广告>')).code).toBe(553);
    await c.cmd('RSET');
    c.write('MAIL FROM:<jörg@example.de> SMTPUTF8\r\nRCPT TO:<用户@例子.广告>\r\nDATA\r\nSubject: ü\r\n\r\n.\r\n');
    expect((await replies(c, 4)).map((r) => r.code)).toEqual([250, 250, 354, 250]);
    expect(handler.messages[0].envelope).toMatchObject({ mailFrom: 'jörg@example.de', rcptTo: ['用户@例子.广告'], smtpUtf8: true });
  });

  it('refuses MAIL and RCPT parameters it did not offer with 555', async () => {
    const { session } = await start();
    const c = await session();
    expect((await c.cmd('MAIL FROM:<a@x.org> RET=HDRS')).code).toBe(555);
    expect((await c.cmd('MAIL FROM:<a@x.org> AUTH=<>')).code).toBe(250);
    expect((await c.cmd('RCPT TO:<b@y.org> NOTIFY=NEVER')).code).toBe(555);
  });
});

describe('BDAT (CHUNKING)', () => {
  it('joins BDAT chunks and ends the message with LAST', async () => {
    const { session, handler } = await start();
    const c = await session();
    const one = 'Subject: chunks\r\n\r\n';
    const two = '.no unstuffing here\r\n';
    c.write(`MAIL FROM:<a@x.org> BODY=BINARYMIME\r\nRCPT TO:<b@y.org>\r\nBDAT ${one.length}\r\n${one}BDAT ${two.length} LAST\r\n${two}`);
    expect((await replies(c, 4)).map(line)).toEqual([
      '250 2.1.0 Ok',
      '250 2.1.5 Ok',
      `250 2.0.0 ${one.length} octets received`,
      '250 2.0.0 Ok: queued as m1',
    ]);
    expect(handler.messages[0].raw.toString()).toBe(one + two);
  });

  it('ends a BDAT message with BDAT 0 LAST', async () => {
    const { session, handler } = await start();
    const c = await session();
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nBDAT 3\r\nabcBDAT 0 LAST\r\n');
    expect((await replies(c, 4)).map((r) => r.code)).toEqual([250, 250, 250, 250]);
    expect(handler.messages[0].raw.toString()).toBe('abc');
  });

  it('reads and discards the octets of a BDAT given out of sequence', async () => {
    const { session } = await start();
    const c = await session();
    c.write('BDAT 6\r\nQUIT\r\nNOOP\r\n');
    expect(line(await c.reply())).toBe('503 5.5.1 Need MAIL command');
    expect(line(await c.reply())).toBe('250 2.0.0 Ok');
  });

  it('refuses DATA after BDAT and DATA with BODY=BINARYMIME', async () => {
    const { session } = await start();
    const c = await session();
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nBDAT 2\r\nabDATA\r\nRSET\r\n');
    expect((await replies(c, 5)).map((r) => r.code)).toEqual([250, 250, 250, 503, 250]);
    c.write('MAIL FROM:<a@x.org> BODY=BINARYMIME\r\nRCPT TO:<b@y.org>\r\nDATA\r\n');
    expect((await replies(c, 3)).map((r) => r.code)).toEqual([250, 250, 503]);
  });

  it('discards an oversized BDAT message with 552 5.3.4 and stays usable', async () => {
    const { session, handler } = await start({ maxMessageBytes: 100 });
    const c = await session();
    c.write(`MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nBDAT 80\r\n${'a'.repeat(80)}BDAT 80 LAST\r\n${'b'.repeat(80)}NOOP\r\n`);
    expect((await replies(c, 5)).map(line)).toEqual([
      '250 2.1.0 Ok',
      '250 2.1.5 Ok',
      '250 2.0.0 80 octets received',
      '552 5.3.4 Message size exceeds fixed maximum message size',
      '250 2.0.0 Ok',
    ]);
    expect(handler.messages).toHaveLength(0);
  });
});

describe('policy hooks', () => {
  it('sends a hook reply instead of its own and lets the client retry', async () => {
    let calls = 0;
    const { session } = await start({}, {
      async onMailFrom() {
        calls++;
        return calls === 1 ? { code: 451, enhanced: '4.7.1', text: 'Try again later' } : undefined;
      },
    });
    const c = await session();
    expect(line(await c.cmd('MAIL FROM:<a@x.org>'))).toBe('451 4.7.1 Try again later');
    expect(line(await c.cmd('MAIL FROM:<a@x.org>'))).toBe('250 2.1.0 Ok');
  });

  it('uses a success reply from a hook as its own text', async () => {
    const { session } = await start({}, { async onRcptTo() { return { code: 251, text: 'User not local; will forward' }; } });
    const c = await session();
    await c.cmd('MAIL FROM:<a@x.org>');
    expect(line(await c.cmd('RCPT TO:<b@y.org>'))).toBe('251 2.0.0 User not local; will forward');
  });

  it('closes the connection after a hook reply that asks to disconnect', async () => {
    const { session } = await start({}, { async onRcptTo() { return { code: 554, enhanced: '5.7.1', text: 'Go away', disconnect: true }; } });
    const c = await session();
    await c.cmd('MAIL FROM:<a@x.org>');
    expect(line(await c.cmd('RCPT TO:<b@y.org>'))).toBe('554 5.7.1 Go away');
    await c.closed();
  });

  it('drops the connection without a word when a hook asks for a silent disconnect', async () => {
    const { session } = await start({}, { async onDataStart() { return { code: 0, text: '', silent: true, disconnect: true }; } });
    const c = await session();
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\n');
    expect((await replies(c, 2)).map((r) => r.code)).toEqual([250, 250]);
    await expect(c.reply()).rejects.toThrow('connection closed');
  });

  it('allows only QUIT after a greeting refused by onConnect', async () => {
    const { open } = await start({}, { async onConnect() { return { code: 554, text: 'No SMTP service here' }; } });
    const c = await open();
    expect(line(await c.reply())).toBe('554 No SMTP service here');
    expect((await c.cmd('EHLO client.test')).code).toBe(503);
    expect((await c.cmd('QUIT')).code).toBe(221);
  });

  it.each([
    ['a storage failure', new DevmailError('storage_failed', 'disk full'), '451 4.3.0 Requested action aborted: local error in processing'],
    ['an unknown error', new Error('boom'), '451 4.3.0 Requested action aborted: local error in processing'],
    ['a policy refusal', new DevmailError('forbidden', 'Sender blocked'), '550 5.7.1 Sender blocked'],
    ['a size refusal', new DevmailError('too_large', 'Inbox full'), '552 5.3.4 Inbox full'],
  ])('answers %s from onData with the matching code', async (_name, error, expected) => {
    const { session } = await start({}, { async onData() { throw error; } });
    const c = await session();
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\n.\r\n');
    expect((await replies(c, 4)).map(line).at(-1)).toBe(expected);
    expect((await c.cmd('NOOP')).code).toBe(250);
  });
});

describe('connections', () => {
  it('refuses connections past maxConnections with 421 4.7.0 and takes them again later', async () => {
    const { open, server } = await start({ maxConnections: 2 });
    const a = await open();
    const b = await open();
    await a.reply();
    await b.reply();
    const c = await open();
    expect(line(await c.reply())).toBe('421 4.7.0 devmail.test Too many connections, try again later');
    await c.closed();
    expect(server.connectionCount()).toBe(2);
    await a.cmd('QUIT');
    await a.closed();
    while (server.connectionCount() > 1) await sleep(5);
    const d = await open();
    expect((await d.reply()).code).toBe(220);
  });

  it('lets a message in flight finish on close, sends 421 to idle sessions, and stops listening', async () => {
    let release!: () => void;
    const stored = new Promise<void>((r) => (release = r));
    const { session, server, port } = await start({}, {
      async onData() {
        await stored;
        return { id: 'late-1' };
      },
    });
    const busy = await session();
    const idle = await session();
    busy.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: x\r\n\r\n.\r\n');
    await replies(busy, 3);
    while (server.connectionCount() < 2) await sleep(5);
    const closing = server.close({ graceMs: 10_000 });
    expect(line(await idle.reply())).toBe('421 4.3.2 devmail.test Service shutting down, closing connection');
    await expect(
      new Promise((resolve, reject) => connect(port, '127.0.0.1').on('connect', resolve).on('error', reject)),
    ).rejects.toThrow(/ECONNREFUSED/);
    release();
    expect(line(await busy.reply())).toBe('250 2.0.0 Ok: queued as late-1');
    expect((await busy.reply()).code).toBe(421);
    await closing;
    expect(server.connectionCount()).toBe(0);
  });

  it('closes sessions still busy when the grace period ends', async () => {
    const { session, server } = await start({}, { onData: () => new Promise(() => {}) });
    const c = await session();
    c.write('MAIL FROM:<a@x.org>\r\nRCPT TO:<b@y.org>\r\nDATA\r\nSubject: x\r\n\r\n.\r\n');
    await replies(c, 3);
    await server.close({ graceMs: 50 });
    expect((await c.reply()).code).toBe(421);
    await c.closed();
  });
});
