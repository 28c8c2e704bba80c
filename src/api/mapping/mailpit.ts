import type { Address, CaptureSource, Envelope, MessagePart, MessageSummary, ParsedMessage } from '../../core/types.js';
import type { MailboxStats } from '../../core/bus.js';
import type { ListResult } from '../../store/store.js';

/**
 * The one place devmail's types become Mailpit's JSON: PascalCase fields, `From` null or an
 * address, arrays never null, times as RFC 3339 with milliseconds.
 */

/** Mailpit's address object. */
export interface MailpitAddress {
  Name: string;
  Address: string;
}

/** Mailpit's `MessageSummary` (list rows, `new` events). */
export interface MailpitSummary {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: MailpitAddress | null;
  To: MailpitAddress[];
  Cc: MailpitAddress[];
  Bcc: MailpitAddress[];
  ReplyTo: MailpitAddress[];
  Subject: string;
  Created: string;
  Username: string;
  Tags: string[];
  Size: number;
  Attachments: number;
  Snippet: string;
}

/** Mailpit's `Attachment` (an attachment or inline part). */
export interface MailpitPart {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
  Checksums: { MD5: string; SHA1: string; SHA256: string };
}

/** Mailpit's `Message`. */
export interface MailpitMessage {
  ID: string;
  MessageID: string;
  From: MailpitAddress | null;
  To: MailpitAddress[];
  Cc: MailpitAddress[];
  Bcc: MailpitAddress[];
  ReplyTo: MailpitAddress[];
  ReturnPath: string;
  Subject: string;
  ListUnsubscribe: { Header: string; Links: string[]; Errors: string; HeaderPost: string };
  Date: string;
  Tags: string[];
  Username: string;
  Text: string;
  HTML: string;
  Size: number;
  Inline: MailpitPart[];
  Attachments: MailpitPart[];
}

/** devmail's `Envelope` field on a message (Mailpit has none): how the message arrived. */
export interface DevmailEnvelope {
  MailFrom: string;
  RcptTo: string[];
  Helo: string;
  ClientIP: string;
  TLS: { Protocol: string; Cipher: string } | null;
  AuthUser: string;
  Source: CaptureSource;
}

/** Mailpit's list wrapper (`MessagesSummary`), lowercase keys. */
export interface MailpitList {
  total: number;
  unread: number;
  count: number;
  messages_count: number;
  messages_unread: number;
  start: number;
  tags: string[];
  messages: MailpitSummary[];
}

/** Mailpit's `stats` event data. */
export interface MailpitStats {
  Total: number;
  Unread: number;
  Version: string;
}

/** RFC 3339 with milliseconds, UTC (`2024-05-01T10:00:00.123Z`). */
export function toRfc3339(date: Date): string {
  return date.toISOString();
}

/** An address, or null for none. */
export function toMailpitAddress(address: Address): MailpitAddress {
  return { Name: address.name, Address: address.address };
}

const addresses = (list: readonly Address[] | undefined): MailpitAddress[] => (list ?? []).map(toMailpitAddress);

/** A list row / `new` event payload. */
export function toMailpitSummary(summary: MessageSummary): MailpitSummary {
  return {
    ID: summary.id,
    MessageID: summary.messageId,
    Read: summary.read,
    From: summary.from ? toMailpitAddress(summary.from) : null,
    To: addresses(summary.to),
    Cc: addresses(summary.cc),
    Bcc: addresses(summary.bcc),
    ReplyTo: addresses(summary.replyTo),
    Subject: summary.subject,
    Created: toRfc3339(summary.created),
    Username: summary.username,
    Tags: [...(summary.tags ?? [])],
    Size: summary.size,
    Attachments: summary.attachments,
    Snippet: summary.snippet,
  };
}

/** An attachment or inline part's facts. */
export function toMailpitPart(part: MessagePart): MailpitPart {
  return {
    PartID: part.partId,
    // Mailpit names a nameless inline part by its Content-ID, so the UI has something to show.
    FileName: part.fileName || part.contentId,
    ContentType: part.contentType,
    ContentID: part.contentId,
    Size: part.size,
    Checksums: {
      MD5: part.checksums?.md5 ?? '',
      SHA1: part.checksums?.sha1 ?? '',
      SHA256: part.checksums?.sha256 ?? '',
    },
  };
}

/**
 * The full message: list facts from the stored summary (so list and message agree), bodies,
 * parts and the rest from the parse of the raw bytes.
 */
export function toMailpitMessage(summary: MessageSummary, parsed: ParsedMessage): MailpitMessage {
  return {
    ID: summary.id,
    MessageID: summary.messageId,
    From: summary.from ? toMailpitAddress(summary.from) : null,
    To: addresses(summary.to),
    Cc: addresses(summary.cc),
    Bcc: addresses(summary.bcc),
    ReplyTo: addresses(summary.replyTo),
    ReturnPath: parsed.returnPath,
    Subject: summary.subject,
    ListUnsubscribe: {
      Header: parsed.listUnsubscribe.header,
      Links: [...parsed.listUnsubscribe.links],
      Errors: parsed.listUnsubscribe.errors,
      HeaderPost: parsed.listUnsubscribe.headerPost,
    },
    Date: toRfc3339(parsed.date ?? summary.created),
    Tags: [...summary.tags],
    Username: summary.username,
    Text: parsed.text,
    HTML: parsed.html,
    Size: summary.size,
    Inline: parsed.inline.map(toMailpitPart),
    Attachments: parsed.attachments.map(toMailpitPart),
  };
}

/** The envelope as the message JSON's extra `Envelope` field. */
export function toDevmailEnvelope(envelope: Envelope, source: CaptureSource): DevmailEnvelope {
  return {
    MailFrom: envelope.mailFrom,
    RcptTo: [...envelope.rcptTo],
    Helo: envelope.heloName ?? '',
    ClientIP: envelope.clientAddress ?? '',
    TLS: envelope.tls ? { Protocol: envelope.tls.protocol, Cipher: envelope.tls.cipher } : null,
    AuthUser: envelope.authUser ?? '',
    Source: source,
  };
}

/** The list wrapper for a page of results and the tags in use. */
export function toMailpitList(result: ListResult, tags: string[]): MailpitList {
  return {
    total: result.total,
    unread: result.unread,
    count: result.messages.length,
    messages_count: result.matching,
    messages_unread: result.matchingUnread,
    start: result.start,
    tags,
    messages: result.messages.map(toMailpitSummary),
  };
}

/** The `stats` event data. */
export function toMailpitStats(stats: MailboxStats, version: string): MailpitStats {
  return { Total: stats.total, Unread: stats.unread, Version: version };
}

/**
 * Header names as Mailpit (Go's textproto) writes them: "message-id" → "Message-Id". Values of
 * names that differ only in case are merged, in order; keys come out sorted, as Mailpit's do.
 * The object is built with `Object.fromEntries`, so a header named `__proto__` is an own key
 * like any other (assigned to a `{}`, it would set the prototype and be lost from the JSON).
 */
export function toMailpitHeaders(headers: Record<string, string[]>): Record<string, string[]> {
  const merged = new Map<string, string[]>();
  for (const [name, values] of Object.entries(headers)) {
    const key = canonicalHeaderName(name);
    const list = merged.get(key);
    if (list) list.push(...values);
    else merged.set(key, [...values]);
  }
  return Object.fromEntries([...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Go's `CanonicalMIMEHeaderKey`: names with characters outside a token are left as they are. */
export function canonicalHeaderName(name: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/.test(name)) return name;
  return name
    .toLowerCase()
    .replace(/(^|-)([a-z])/g, (_m, dash: string, letter: string) => dash + letter.toUpperCase());
}
