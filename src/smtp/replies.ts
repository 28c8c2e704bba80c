import { isDevmailError } from '../core/errors.js';
import type { SmtpReply } from './types.js';

/** Makes a frozen reply. */
export function reply(code: number, enhanced: string | undefined, text: string | readonly string[]): SmtpReply {
  return Object.freeze({ code, enhanced, text });
}

const CRLF_RE = /[\r\n]+/g;

function clean(text: string): string {
  // Hook text must not inject extra protocol lines.
  return text.includes('\r') || text.includes('\n') ? text.replace(CRLF_RE, ' ') : text;
}

/**
 * Renders a reply. An `enhanced` of '' means none (the greeting, EHLO). With `withEnhanced` (after EHLO, RFC 2034 §3) every line of a 2xx/4xx/5xx
 * reply carries the enhanced code; 3xx replies (354, 334) never do: RFC 3463 has no class 3.
 */
export function formatReply(r: SmtpReply, withEnhanced: boolean): string {
  const cls = (r.code / 100) | 0;
  let prefix = ' ';
  if (withEnhanced && r.enhanced !== '' && cls !== 3 && cls >= 2 && cls <= 5) prefix = ` ${r.enhanced ?? `${cls}.0.0`} `;
  if (typeof r.text === 'string') return `${r.code}${prefix}${clean(r.text)}\r\n`;
  const lines = r.text.length === 0 ? [''] : r.text;
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    out += `${r.code}${i === lines.length - 1 ? prefix : `-${prefix.slice(1)}`}${clean(lines[i])}\r\n`;
  }
  return out;
}

// The engine's own replies. Codes: RFC 5321 §4.2.2–4.2.3; enhanced codes: RFC 3463 and the
// IANA registry (RFC 5248).
export const R = {
  ok: reply(250, '2.0.0', 'Ok'),
  mailOk: reply(250, '2.1.0', 'Ok'),
  rcptOk: reply(250, '2.1.5', 'Ok'),
  dataGo: reply(354, undefined, 'End data with <CR><LF>.<CR><LF>'),
  bye: reply(221, '2.0.0', 'Bye'),
  // RFC 5321 §3.5.3: 252 when we will not verify but would accept.
  vrfy: reply(252, '2.5.0', 'Cannot VRFY user, but will accept message and attempt delivery'),
  help: reply(214, '2.0.0', 'devmail: see RFC 5321 https://www.rfc-editor.org/rfc/rfc5321'),
  authOk: reply(235, '2.7.0', 'Authentication successful'),
  authFailed: reply(535, '5.7.8', 'Authentication credentials invalid'),
  authRequired: reply(530, '5.7.0', 'Authentication required'),
  authCancelled: reply(501, '5.7.0', 'Authentication cancelled'),
  authBadBase64: reply(501, '5.5.2', 'Cannot decode response'),
  authUnknownMech: reply(504, '5.5.4', 'Unrecognized authentication type'),
  authAlready: reply(503, '5.5.1', 'Already authenticated'),
  authInTransaction: reply(503, '5.5.1', 'AUTH not permitted during a mail transaction'),
  // RFC 4954 §6: 538 when the mechanism needs an encrypted connection.
  authNeedsTls: reply(538, '5.7.11', 'Encryption required for requested authentication mechanism'),
  startTlsFirst: reply(530, '5.7.0', 'Must issue a STARTTLS command first'),
  tlsGo: reply(220, '2.0.0', 'Ready to start TLS'),
  tlsUnavailable: reply(454, '4.7.0', 'TLS not available due to temporary reason'),
  tlsAlready: reply(503, '5.5.1', 'TLS already active'),
  heloFirst: reply(503, '5.5.1', 'Send HELO/EHLO first'),
  nestedMail: reply(503, '5.5.1', 'Nested MAIL command'),
  mailFirst: reply(503, '5.5.1', 'Need MAIL command'),
  rcptFirst: reply(503, '5.5.1', 'Need RCPT command'),
  // RFC 5321 §3.3: 554 "no valid recipients" when MAIL was accepted but every RCPT was refused.
  noValidRcpt: reply(554, '5.5.1', 'No valid recipients'),
  // RFC 3030 §3: DATA cannot carry BINARYMIME, and cannot follow BDAT in one transaction.
  dataAfterBdat: reply(503, '5.5.1', 'DATA not allowed after BDAT or with BODY=BINARYMIME'),
  unknownCommand: reply(500, '5.5.2', 'Command unrecognized'),
  notImplemented: reply(502, '5.5.1', 'Command not implemented'),
  lineTooLong: reply(500, '5.5.6', 'Line too long'),
  messageTooBig: reply(552, '5.3.4', 'Message size exceeds fixed maximum message size'),
  // RFC 5321 §4.5.3.1.10: 452 so the client sends the rest in another transaction.
  tooManyRcpts: reply(452, '4.5.3', 'Too many recipients'),
  rcptNotAllowed: reply(550, '5.7.1', 'Recipient not allowed'),
  nonAscii: reply(553, '5.6.7', 'Non-ASCII address requires SMTPUTF8'),
  unknownParam: reply(555, '5.5.4', 'MAIL FROM/RCPT TO parameters not recognized or not implemented'),
  localError: reply(451, '4.3.0', 'Requested action aborted: local error in processing'),
} as const;

/** A hook's reply fails its stage when it is 4xx/5xx or closes the connection; else it is a success text. */
export function isRefusal(r: SmtpReply): boolean {
  return r.code >= 400 || r.disconnect === true;
}

/** A 501 5.5.4 syntax-error reply with the given text. */
export function syntaxError(text: string): SmtpReply {
  return reply(501, '5.5.4', text);
}

/** The 421 replies that close a session (RFC 5321 §3.8), naming our host as §4.2 asks. */
export function closingReply(kind: 'idle' | 'errors' | 'connections' | 'shutdown', hostname: string): SmtpReply {
  switch (kind) {
    case 'idle':
      return { code: 421, enhanced: '4.4.2', text: `${hostname} Idle timeout, closing connection`, disconnect: true };
    case 'errors':
      return { code: 421, enhanced: '4.7.0', text: `${hostname} Too many errors, closing connection`, disconnect: true };
    case 'connections':
      return { code: 421, enhanced: '4.7.0', text: `${hostname} Too many connections, try again later`, disconnect: true };
    default:
      return { code: 421, enhanced: '4.3.2', text: `${hostname} Service shutting down, closing connection`, disconnect: true };
  }
}

// DevmailError codes that are a verdict on what the client sent (policy → 5xx). Everything
// else — storage_failed, unavailable, internal, unknown errors — is our failure: 451 so the
// client keeps the message and retries (DESIGN.md, "The one path of a message").
const POLICY_REPLIES: Record<string, SmtpReply | undefined> = {
  too_large: R.messageTooBig,
  forbidden: reply(550, '5.7.1', 'Rejected by policy'),
  unauthorized: R.authRequired,
  bad_request: reply(554, '5.6.0', 'Message rejected'),
  not_found: reply(550, '5.1.1', 'Mailbox unavailable'),
};

/**
 * Translates an error thrown by a hook into a reply: the one place SMTP meets DevmailError.
 * Policy errors keep their (secret-free) message as text; anything else is a generic 451.
 */
export function errorToReply(err: unknown): { reply: SmtpReply; ours: boolean } {
  if (isDevmailError(err)) {
    const base = POLICY_REPLIES[err.code];
    if (base) return { reply: { ...base, text: err.message || base.text }, ours: false };
  }
  return { reply: R.localError, ours: true };
}

/** `250 2.0.0 Ok: queued as <id>` — sent only after the handler reports the message stored. */
export function queuedReply(id: string): SmtpReply {
  return { code: 250, enhanced: '2.0.0', text: `Ok: queued as ${id}` };
}
