import { addressParser, decodeWords } from 'postal-mime';
import type { Address, HeaderFields } from '../core/types.js';
import { readHeaderFields, type HeaderField } from './header-block.js';
import { plainAddressList } from './plain-address-list.js';

/** Parses an address-list header value into mailboxes (groups flattened), names decoded. */
export function parseAddressList(value: string): Address[] {
  if (!value) return [];
  return plainAddressList(value) ?? parseGeneralAddressList(value);
}

/** The general parser's reading: quotes, comments, groups, encoded words, malformed lists. */
export function parseGeneralAddressList(value: string): Address[] {
  let parsed;
  try {
    parsed = addressParser(value, { flatten: true });
  } catch {
    return [];
  }
  const out: Address[] = [];
  for (const item of parsed) {
    if (!('address' in item) || item.address === undefined) continue;
    const address = item.address.trim();
    if (!address && !item.name) continue;
    out.push({ name: safeDecodeWords(item.name ?? '').trim(), address });
  }
  return out;
}

/** Decodes RFC 2047 encoded-words; a malformed word is left as written. */
export function safeDecodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return decodeWords(value);
  } catch {
    return value;
  }
}

/** Parses a Date header; null when missing or unreadable. */
export function parseDateHeader(value: string | undefined): Date | null {
  if (!value) return null;
  const time = Date.parse(value.replace(/\s*\([^)]*\)\s*$/, ''));
  return Number.isNaN(time) ? null : new Date(time);
}

/** Strips the angle brackets of a Message-ID. */
export function bareMessageId(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1).trim() : trimmed;
}

/**
 * What the list needs, from the header block alone (no MIME parse): the ack path's reader.
 * Repeated address headers (To, Cc, Bcc) are concatenated, as a reader would expect.
 */
export function readListFields(raw: Buffer): HeaderFields {
  return listFieldsOf(readHeaderFields(raw));
}

/** The list fields of already-read header fields. */
export function listFieldsOf(headerFields: HeaderField[]): HeaderFields {
  const fields: HeaderFields = {
    messageId: '',
    from: null,
    to: [],
    cc: [],
    bcc: [],
    replyTo: [],
    subject: '',
    date: null,
  };
  let subjectSeen = false;
  for (const { name, value } of headerFields) {
    switch (name.toLowerCase()) {
      case 'from':
        if (!fields.from) fields.from = parseAddressList(value)[0] ?? null;
        break;
      case 'to':
        fields.to.push(...parseAddressList(value));
        break;
      case 'cc':
        fields.cc.push(...parseAddressList(value));
        break;
      case 'bcc':
        fields.bcc.push(...parseAddressList(value));
        break;
      case 'reply-to':
        fields.replyTo.push(...parseAddressList(value));
        break;
      case 'subject':
        if (!subjectSeen) fields.subject = safeDecodeWords(value);
        subjectSeen = true;
        break;
      case 'message-id':
        if (!fields.messageId) fields.messageId = bareMessageId(value);
        break;
      case 'date':
        if (!fields.date) fields.date = parseDateHeader(value);
        break;
    }
  }
  return fields;
}
