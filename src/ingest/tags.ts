import type { Envelope, HeaderFields } from '../core/types.js';
import type { HeaderField } from '../mime/index.js';

/** Longest tag kept; longer ones are cut. */
const MAX_TAG_CHARS = 100;

/** A tag as stored: trimmed, inner whitespace folded, only printable characters, bounded. */
export function cleanTag(tag: string): string {
  return tag
    .replace(/[^\p{L}\p{N} ._:/@+-]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TAG_CHARS);
}

/**
 * Automatic tags, de-duplicated case-insensitively in first-seen order:
 * the caller's, `X-Tags:` (comma-separated), plus-addressing (`user+tag@…` → `tag`) of
 * the recipients, and the SMTP user who sent it.
 */
export function deriveTags(fields: HeaderField[], headers: HeaderFields, envelope: Envelope, given: string[] = []): string[] {
  const candidates = [...given];
  for (const f of fields) {
    if (f.name.toLowerCase() === 'x-tags') candidates.push(...f.value.split(','));
  }
  const recipients = [...envelope.rcptTo, ...[...headers.to, ...headers.cc, ...headers.bcc].map((a) => a.address)];
  for (const address of recipients) {
    const plus = plusTag(address);
    if (plus) candidates.push(plus);
  }
  if (envelope.authUser) candidates.push(envelope.authUser);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const candidate of candidates) {
    const tag = cleanTag(candidate);
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** The sub-address of `user+tag@domain` (RFC 5233), or ''. */
export function plusTag(address: string): string {
  const at = address.lastIndexOf('@');
  const local = at === -1 ? address : address.slice(0, at);
  const plus = local.indexOf('+');
  return plus === -1 ? '' : local.slice(plus + 1);
}
