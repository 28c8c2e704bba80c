import { connect } from 'node:net';
import { hostname, userInfo } from 'node:os';
import { encodeDataBody, replyText, SmtpClientError, SmtpConnection, sendTransaction, type SmtpReply } from '../load/smtp-client.js';
import { parseHostPort } from './host-port.js';
import { parseSendmailArgs, SendmailUsageError, type SendmailArgs } from './sendmail-args.js';
import { prepareMessage, readMessage } from './sendmail-message.js';
import { EX } from './sysexits.js';

const HELP = `Usage: sendmail [options] [recipient ...]
       devmail sendmail [options] [recipient ...]

Reads a message on stdin and hands it to devmail over SMTP, as sendmail would.

  -t              also send to the To, Cc and Bcc addresses of the message (Bcc is removed)
  -f ADDR         envelope sender (default $USER@host); -r is the same
  -F NAME         full name for a From header the message lacks
  -i, -oi         a line with a single "." does not end the message
  -bm             read a message on stdin (the default)
  -bs             speak SMTP on stdin/stdout, relayed to devmail
  -v              say what happened on stderr
  --smtp-addr HOST:PORT   devmail's SMTP listener (env DEVMAIL_SENDMAIL_SMTP, default 127.0.0.1:1025)

Other sendmail options (-odi, -oem, -N, -R, -V, -B, -C, -L, -h, -O…) are accepted and ignored.
Exit codes follow <sysexits.h>: 0 sent, 64 usage, 65 message refused, 67 recipient refused,
68 host unknown, 69 server unavailable, 75 temporary failure (try again).
`;

/** `devmail sendmail` (or devmail invoked as `sendmail`): returns a sysexits code. */
export async function runSendmail(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args: SendmailArgs;
  let target: { host: string; port: number };
  try {
    args = parseSendmailArgs(argv);
    if (args.help) {
      process.stdout.write(HELP);
      return EX.OK;
    }
    target = parseHostPort(args.smtpAddr ?? env.DEVMAIL_SENDMAIL_SMTP ?? '127.0.0.1:1025', args.smtpAddr ? '--smtp-addr' : 'DEVMAIL_SENDMAIL_SMTP');
  } catch (err) {
    // SendmailUsageError, or a bad HOST:PORT: both are the caller's command line.
    if (!(err instanceof SendmailUsageError) && !(err instanceof Error)) throw err;
    process.stderr.write(`sendmail: ${err.message}\n\n${HELP}`);
    return EX.USAGE;
  }
  if (args.mode === 'smtp') return relaySmtp(target);
  return sendFromStdin(args, target, env);
}

/** The local part of the default sender: $USER, $LOGNAME, then the account's name. */
function defaultSender(env: NodeJS.ProcessEnv, host: string): string {
  let user = env.USER || env.LOGNAME;
  if (!user) {
    try {
      user = userInfo().username;
    } catch {
      user = 'nobody';
    }
  }
  return `${user}@${host}`;
}

/** A bare local name (`root`, `www-data`) gets this host as its domain, as sendmail qualifies it. */
function qualify(address: string, host: string): string {
  return address === '' || address.includes('@') ? address : `${address}@${host}`;
}

async function sendFromStdin(args: SendmailArgs, target: { host: string; port: number }, env: NodeJS.ProcessEnv): Promise<number> {
  const host = hostname();
  const sender = args.sender === null ? defaultSender(env, host) : qualify(args.sender, host);
  let input: Buffer;
  try {
    input = await readMessage(process.stdin, args.ignoreDots);
  } catch (err) {
    process.stderr.write(`sendmail: cannot read the message: ${(err as Error).message}\n`);
    return EX.NOINPUT;
  }
  const prepared = prepareMessage(input, { sender, fullName: args.fullName });
  const recipients = [...args.recipients];
  if (args.extractRecipients && prepared.recipientHeaders.length > 0) {
    // Loaded only for -t: the address parser is the one heavier import sendmail needs.
    const { parseAddressList } = await import('../mime/header-fields.js');
    for (const value of prepared.recipientHeaders) recipients.push(...parseAddressList(value).map((a) => a.address));
  }
  const rcptTo = dedupe(recipients.map((r) => qualify(r, host)).filter(Boolean));
  if (rcptTo.length === 0) {
    process.stderr.write(`sendmail: no recipient addresses ${args.extractRecipients ? 'found in the message headers or ' : ''}on the command line\n`);
    return EX.USAGE;
  }

  let conn: SmtpConnection | null = null;
  try {
    conn = await SmtpConnection.open({ ...target, timeoutMs: 60_000 });
    if (conn.greeting.code !== 220) return refused('the server refused the connection', conn.greeting);
    const hello = await conn.hello(host);
    if (hello.code !== 250) return refused('the server refused EHLO', hello);
    const params: string[] = [];
    if (conn.supports('8BITMIME') && hasEightBit(prepared.raw)) params.push('BODY=8BITMIME');
    if (conn.supports('SMTPUTF8') && [sender, ...rcptTo].some((a) => hasEightBit(Buffer.from(a)))) params.push('SMTPUTF8');
    const outcome = await sendTransaction(
      conn,
      { mailFrom: sender, mailParams: params.join(' '), rcptTo, data: encodeDataBody(prepared.raw) },
      true,
    );
    for (const { address, reply } of outcome.refused) process.stderr.write(`sendmail: ${address}: ${replyText(reply)}\n`);
    if (outcome.stage !== 'message') return refused(`the server refused ${outcome.stage === 'mail' ? 'the sender' : outcome.stage === 'rcpt' ? 'every recipient' : 'DATA'}`, outcome.reply, outcome.stage);
    if (outcome.reply.code >= 400) return refused('the server refused the message', outcome.reply, 'message');
    if (args.verbose) process.stderr.write(`sendmail: sent to ${rcptTo.length - outcome.refused.length} recipient(s): ${replyText(outcome.reply)}\n`);
    if (outcome.refused.length > 0) return outcome.refused.some((r) => r.reply.code < 500) ? EX.TEMPFAIL : EX.NOUSER;
    return EX.OK;
  } catch (err) {
    return networkFailure(err, target);
  } finally {
    await conn?.quit();
  }
}

function refused(what: string, reply: SmtpReply, stage?: 'mail' | 'rcpt' | 'data' | 'message'): number {
  process.stderr.write(`sendmail: ${what}: ${replyText(reply)}\n`);
  if (reply.code < 500) return EX.TEMPFAIL;
  if (stage === 'rcpt') return EX.NOUSER;
  if (stage === 'data' || stage === 'message') return EX.DATAERR;
  return EX.UNAVAILABLE;
}

function networkFailure(err: unknown, target: { host: string; port: number }): number {
  if (!(err instanceof SmtpClientError)) throw err;
  process.stderr.write(`sendmail: ${target.host}:${target.port}: ${err.message}\n`);
  if (err.errno === 'ENOTFOUND') return EX.NOHOST;
  if (err.errno === 'ECONNREFUSED' || err.errno === 'EHOSTUNREACH' || err.errno === 'ENETUNREACH' || err.errno === 'EADDRNOTAVAIL') return EX.UNAVAILABLE;
  if (err.kind === 'protocol') return EX.PROTOCOL;
  return EX.TEMPFAIL; // timeouts, resets, a closed connection, EAI_AGAIN: worth another try
}

/**
 * `-bs`: the caller speaks SMTP on stdin/stdout; every byte is relayed to devmail and back, so
 * the caller sees devmail's own greeting, replies and queue IDs. Ends when either side closes.
 */
async function relaySmtp(target: { host: string; port: number }): Promise<number> {
  const socket = connect({ host: target.host, port: target.port, noDelay: true });
  return new Promise<number>((resolve) => {
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      process.stdin.pipe(socket);
      socket.pipe(process.stdout, { end: false });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (connected) return; // the close that follows ends the relay
      // Said in SMTP, so a client expecting a greeting learns why (RFC 5321 3.8: 421 closes).
      process.stdout.write(`421 4.3.0 devmail sendmail: cannot reach ${target.host}:${target.port} (${err.code ?? err.message})\r\n`);
      process.stdin.destroy();
      resolve(err.code === 'ENOTFOUND' ? EX.NOHOST : EX.UNAVAILABLE);
    });
    socket.on('close', () => {
      if (!connected) return;
      process.stdin.unpipe(socket);
      process.stdin.destroy();
      resolve(EX.OK);
    });
  });
}

function hasEightBit(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i] > 0x7f) return true;
  return false;
}

function dedupe(addresses: string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((a) => {
    const key = a.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
