import { randomBytes } from 'node:crypto';
import type { Address, Envelope, HeaderFields } from '../core/types.js';
import { readHeaderFields, type HeaderField } from './header-block.js';
import { listFieldsOf } from './header-fields.js';
import { formatRfc5322Date } from './date-format.js';
import { toCrlf } from './line-endings.js';

/** Facts about how a message reached devmail, for its trace header. */
export interface ArrivalFacts {
  /** devmail's host name, as in the SMTP greeting. */
  hostname: string;
  /** 'smtp', 'api' or 'cli' — the Received header's `with` clause depends on it. */
  source: 'smtp' | 'api' | 'cli';
  now: Date;
}

/** A message as devmail keeps it, and what the list needs of its headers. */
export interface NormalisedMessage {
  raw: Buffer;
  headers: HeaderFields;
  /** The header fields as the sender wrote them (before devmail's additions). */
  fields: HeaderField[];
}

/**
 * The house rules every captured message goes through, once, at ingest. Each rule is a line
 * here with its reason; the bytes are otherwise kept exactly as sent.
 */
export function normaliseMessage(input: Buffer, envelope: Envelope, facts: ArrivalFacts): NormalisedMessage {
  // 1. CRLF line ends, so every reader (and the raw view) sees one convention (RFC 5322 2.3).
  const raw = toCrlf(input);
  const fields = readHeaderFields(raw);
  const headers = listFieldsOf(fields);
  const has = (name: string) => fields.some((f) => f.name.toLowerCase() === name);
  const added: string[] = [];

  // 2. Return-Path records MAIL FROM, as a final delivery would (RFC 5321 4.4).
  if (!has('return-path')) added.push(`Return-Path: <${envelope.mailFrom}>`);

  // 3. A trace header saying where the message came from (RFC 5321 4.4); always added.
  added.unshift(receivedHeader(envelope, facts));

  // 4. A Message-ID when the sender gave none, so threads and the API can name it (RFC 5322 3.6.4).
  if (!headers.messageId) {
    headers.messageId = `${randomBytes(12).toString('hex')}@${facts.hostname}`;
    added.push(`Message-ID: <${headers.messageId}>`);
  }

  // 5. Recipients only in the envelope were Bcc'd: show them as Bcc, as a mailbox would.
  const hidden = envelopeOnlyRecipients(envelope.rcptTo, headers);
  if (hidden.length > 0) {
    headers.bcc.push(...hidden.map((address): Address => ({ name: '', address })));
    added.push(`Bcc: ${hidden.join(', ')}`);
  }

  const prefix = Buffer.from(added.join('\r\n') + '\r\n', 'utf8');
  return { raw: Buffer.concat([prefix, raw]), headers, fields };
}

/** Envelope recipients that no To, Cc or Bcc header names (case-insensitive, de-duplicated). */
export function envelopeOnlyRecipients(rcptTo: string[], headers: HeaderFields): string[] {
  const named = new Set<string>();
  for (const list of [headers.to, headers.cc, headers.bcc]) {
    for (const a of list) named.add(a.address.toLowerCase());
  }
  const out: string[] = [];
  for (const rcpt of rcptTo) {
    const lower = rcpt.toLowerCase();
    if (named.has(lower)) continue;
    named.add(lower);
    out.push(rcpt);
  }
  return out;
}

function receivedHeader(envelope: Envelope, facts: ArrivalFacts): string {
  const date = formatRfc5322Date(facts.now);
  if (facts.source !== 'smtp') {
    return `Received: from ${facts.source} by ${facts.hostname} (devmail); ${date}`;
  }
  // RFC 3848 protocol names: ESMTP, +S for TLS, +A for authenticated.
  const protocol = `ESMTP${envelope.tls ? 'S' : ''}${envelope.authUser ? 'A' : ''}`;
  const helo = envelope.heloName ? sanitiseTraceToken(envelope.heloName) : 'unknown';
  const ip = envelope.clientAddress ? ` ([${sanitiseTraceToken(envelope.clientAddress)}])` : '';
  return `Received: from ${helo}${ip} by ${facts.hostname} (devmail) with ${protocol}; ${date}`;
}

/** Keeps a client-supplied token from breaking the header (no CR/LF, no spaces or parens). */
function sanitiseTraceToken(value: string): string {
  return value.replace(/[^\x21-\x7e]|[()]/g, '').slice(0, 255) || 'unknown';
}
