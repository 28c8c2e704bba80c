import { auth, authOffered } from './auth-command.js';
import { hasNonAscii, parsePathArgument } from './address.js';
import { parseBdatArgs } from './bdat.js';
import { envelopeOf } from './delivery.js';
import { MessageBuffer } from './message-buffer.js';
import { isRefusal, R, reply, syntaxError } from './replies.js';
import type { Session } from './session.js';
import type { SmtpReply } from './types.js';

/** A command: gets the session and the text after the verb; may be async (hooks). */
export type Command = (s: Session, arg: string) => void | Promise<void>;

// ——— session set-up ———

/** EHLO, RFC 5321 §4.1.1.1; the keywords are those of each extension's RFC. */
async function ehlo(s: Session, arg: string): Promise<void> {
  const name = arg.trim();
  if (name === '') return s.send(syntaxError('Syntax: EHLO hostname'));
  const hook = s.ctx.handler.onEhlo;
  const verdict = hook ? await s.runHook('onEhlo', () => hook.call(s.ctx.handler, s.info, name)) : null;
  if (verdict && isRefusal(verdict)) return s.send(verdict);
  // §4.1.4: EHLO in mid-session resets the transaction as RSET does.
  s.resetTransaction();
  s.info.heloName = name;
  s.info.esmtp = true;
  if (verdict) return s.send(verdict);
  const cfg = s.ctx.config;
  const lines = [
    `${cfg.hostname} greets ${name}`,
    'PIPELINING', // RFC 2920
    `SIZE ${cfg.maxMessageBytes > 0 ? cfg.maxMessageBytes : 0}`, // RFC 1870 §4 (0: no fixed limit)
    '8BITMIME', // RFC 6152
    'SMTPUTF8', // RFC 6531
    'ENHANCEDSTATUSCODES', // RFC 2034
    'CHUNKING', // RFC 3030
    'BINARYMIME', // RFC 3030
  ];
  if (!s.info.tls && s.ctx.tls) lines.push('STARTTLS'); // RFC 3207 §4.2: not once TLS is on
  if (authOffered(s)) lines.push(s.ctx.verifier.supportsCramMd5 ? 'AUTH PLAIN LOGIN CRAM-MD5' : 'AUTH PLAIN LOGIN');
  s.send(reply(250, '', lines));
}

/** HELO, RFC 5321 §4.1.1.1: plain SMTP, no extensions, no enhanced status codes. */
async function helo(s: Session, arg: string): Promise<void> {
  const name = arg.trim();
  if (name === '') return s.send(syntaxError('Syntax: HELO hostname'));
  const hook = s.ctx.handler.onEhlo;
  const verdict = hook ? await s.runHook('onEhlo', () => hook.call(s.ctx.handler, s.info, name)) : null;
  if (verdict && isRefusal(verdict)) return s.send(verdict);
  s.resetTransaction();
  s.info.heloName = name;
  s.info.esmtp = false;
  s.send(verdict ?? reply(250, '', s.ctx.config.hostname));
}

/** STARTTLS, RFC 3207 §4. */
function startTls(s: Session, arg: string): void {
  if (arg.trim() !== '') return s.send(syntaxError('Syntax: STARTTLS'));
  if (s.info.tls) return s.send(R.tlsAlready);
  if (!s.ctx.tls) return s.send(R.tlsUnavailable);
  s.startTls();
}

// ——— the mail transaction ———

/** Checks MAIL parameters: SIZE (RFC 1870), BODY (RFC 6152, RFC 3030), SMTPUTF8 (RFC 6531), AUTH (RFC 4954 §5). */
function checkMailParams(s: Session, params: Record<string, string>): SmtpReply | null {
  for (const key in params) {
    const value = params[key];
    switch (key) {
      case 'SIZE': {
        if (!/^\d{1,20}$/.test(value)) return syntaxError('Bad SIZE parameter');
        const max = s.ctx.config.maxMessageBytes;
        // RFC 1870 §6.1: refuse at once a message declared larger than we take.
        if (max > 0 && Number(value) > max) return R.messageTooBig;
        break;
      }
      case 'BODY': {
        const body = value.toUpperCase();
        if (body !== '7BIT' && body !== '8BITMIME' && body !== 'BINARYMIME') return syntaxError('Bad BODY parameter');
        break;
      }
      case 'SMTPUTF8':
        if (value !== '') return syntaxError('SMTPUTF8 takes no value');
        break;
      case 'AUTH':
        break; // RFC 4954 §5: we trust no other server's authentication, so the value is ignored
      default:
        return R.unknownParam; // RFC 5321 §4.1.1.11: 555 for parameters we did not offer
    }
  }
  return null;
}

/** MAIL FROM, RFC 5321 §4.1.1.2. */
async function mail(s: Session, arg: string): Promise<void> {
  if (!s.info.heloName) return s.send(R.heloFirst);
  if (s.tx) return s.send(R.nestedMail);
  if (s.ctx.config.tls.requireStartTls && !s.info.tls) return s.send(R.startTlsFirst);
  if (!s.ctx.verifier.acceptAny && !s.info.authUser) return s.send(R.authRequired);
  const path = parsePathArgument(arg, 'FROM');
  if (!path.ok) return s.send(syntaxError(path.error));
  const bad = checkMailParams(s, path.params);
  if (bad) return s.send(bad);
  const smtpUtf8 = 'SMTPUTF8' in path.params;
  // RFC 6531 §3.5: a non-ASCII address without SMTPUTF8 is refused with 553 5.6.7. We refuse
  // rather than accept it quietly: real servers do, and a sandbox should show that bug.
  if (!smtpUtf8 && hasNonAscii(path.address)) return s.send(R.nonAscii);
  const hook = s.ctx.handler.onMailFrom;
  const verdict = hook
    ? await s.runHook('onMailFrom', () => hook.call(s.ctx.handler, s.info, path.address, path.params))
    : null;
  if (verdict && isRefusal(verdict)) return s.send(verdict);
  s.beginTransaction({
    mailFrom: path.address,
    mailParams: path.params,
    rcptTo: [],
    smtpUtf8,
    binaryMime: path.params.BODY?.toUpperCase() === 'BINARYMIME',
  });
  s.send(verdict ?? R.mailOk);
}

/** RCPT TO, RFC 5321 §4.1.1.3. */
async function rcpt(s: Session, arg: string): Promise<void> {
  const tx = s.tx;
  if (!tx) return s.send(R.mailFirst);
  if (tx.bdat) return s.send(reply(503, '5.5.1', 'RCPT not allowed after BDAT'));
  const path = parsePathArgument(arg, 'TO');
  if (!path.ok) return s.send(syntaxError(path.error));
  if (Object.keys(path.params).length > 0) return s.send(R.unknownParam); // no RCPT extension (DSN) is offered
  if (!tx.smtpUtf8 && hasNonAscii(path.address)) return s.send(R.nonAscii);
  const { maxRecipients, allowedRecipients } = s.ctx.config;
  if (maxRecipients > 0 && tx.rcptTo.length >= maxRecipients) return s.send(R.tooManyRcpts);
  if (allowedRecipients) {
    allowedRecipients.lastIndex = 0; // a /g or /y pattern keeps state between tests
    if (!allowedRecipients.test(path.address)) return s.send(R.rcptNotAllowed);
  }
  const hook = s.ctx.handler.onRcptTo;
  const verdict = hook ? await s.runHook('onRcptTo', () => hook.call(s.ctx.handler, s.info, path.address, path.params)) : null;
  if (verdict && isRefusal(verdict)) return s.send(verdict);
  if (s.tx !== tx) return s.send(R.mailFirst);
  tx.rcptTo.push(path.address);
  s.send(verdict ?? R.rcptOk);
}

/** Checks that a transaction can take message text: MAIL given and a recipient accepted. */
function transactionReady(s: Session): SmtpReply | null {
  if (!s.tx) return R.mailFirst;
  if (s.tx.rcptTo.length === 0) return R.noValidRcpt;
  return null;
}

/** Runs onDataStart; only a refusal (≥ 400) counts, the engine's own 354 / 250 stand otherwise. */
async function dataStartVerdict(s: Session): Promise<SmtpReply | null> {
  const hook = s.ctx.handler.onDataStart;
  if (!hook) return null;
  const envelope = envelopeOf(s, s.tx!);
  const verdict = await s.runHook('onDataStart', () => hook.call(s.ctx.handler, s.info, envelope));
  return verdict && isRefusal(verdict) ? verdict : null;
}

/** DATA, RFC 5321 §4.1.1.4. A refused DATA keeps the transaction: the client may RSET. */
async function data(s: Session, arg: string): Promise<void> {
  if (arg.trim() !== '') return s.send(syntaxError('Syntax: DATA'));
  const notReady = transactionReady(s);
  if (notReady) return s.send(notReady);
  if (s.tx!.bdat || s.tx!.binaryMime) return s.send(R.dataAfterBdat);
  const refusal = await dataStartVerdict(s);
  if (refusal) return s.send(refusal);
  s.startData();
}

/**
 * BDAT, RFC 3030 §2. The chunk's octets follow the command at once, so they are read (and
 * discarded when the chunk fails) whatever the answer; a failed chunk ends the transaction.
 */
async function bdat(s: Session, arg: string): Promise<void> {
  const args = parseBdatArgs(arg);
  if (!args) return s.send(syntaxError('Syntax: BDAT size [LAST]'));
  let fail = transactionReady(s);
  if (!fail && !s.tx!.bdat) {
    fail = await dataStartVerdict(s);
    if (!fail) s.tx!.bdat = new MessageBuffer(s.ctx.config.maxMessageBytes > 0 ? s.ctx.config.maxMessageBytes : Infinity);
  }
  if (fail && s.tx) s.resetTransaction();
  const r = s.startBdat(args.size, args.last, fail);
  if (r !== true) await r;
}

/** RSET, RFC 5321 §4.1.1.5. */
function rset(s: Session): void {
  s.resetTransaction();
  s.send(R.ok);
}

/** VRFY, RFC 5321 §4.1.1.6 and §3.5.3: 252, we neither confirm nor deny. */
function vrfy(s: Session, arg: string): void {
  s.send(arg.trim() === '' ? syntaxError('Syntax: VRFY address') : R.vrfy);
}

/** QUIT, RFC 5321 §4.1.1.10. */
function quit(s: Session): void {
  s.send({ ...R.bye, disconnect: true });
}

/** The command table; anything else is answered 500 5.5.2. */
export const COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ['EHLO', ehlo],
  ['HELO', helo],
  ['STARTTLS', startTls],
  ['AUTH', auth],
  ['MAIL', mail],
  ['RCPT', rcpt],
  ['DATA', data],
  ['BDAT', bdat],
  ['RSET', rset],
  ['NOOP', (s) => s.send(R.ok)], // RFC 5321 §4.1.1.9
  ['VRFY', vrfy],
  ['EXPN', (s) => s.send(R.notImplemented)], // RFC 5321 §3.5.2: no mailing lists here
  ['HELP', (s) => s.send(R.help)], // RFC 5321 §4.1.1.8
  ['QUIT', quit],
]);
