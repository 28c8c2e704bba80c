import type { Address } from '../core/types.js';

/**
 * The mailboxes of an address list written the plain way most mail is — `user@host` or
 * `Display Name <user@host>`, comma-separated, printable ASCII, with no quotes, comments,
 * groups, encoded words or other specials — read by splitting, without the general parser;
 * null for anything else, which the general parser (postal-mime) reads. On the lists it
 * accepts it gives what that parser gives (`plain-address-list.test.ts` compares the two),
 * without allocating its token lists: on the ack path this was the largest allocation per
 * message of the server thread.
 */
export function plainAddressList(value: string): Address[] | null {
  for (let i = 0; i < value.length; i++) {
    if (!PLAIN[value.charCodeAt(i)]) return null;
  }
  if (value.includes('=?')) return null;
  const out: Address[] = [];
  let start = 0;
  while (start <= value.length) {
    let end = value.indexOf(',', start);
    if (end === -1) end = value.length;
    const mailbox = plainMailbox(value.slice(start, end).trim());
    if (!mailbox) return null;
    out.push(mailbox);
    start = end + 1;
  }
  return out;
}

/** `user@host` or `Display Name <user@host>` (one of each bracket, the address last), else null. */
function plainMailbox(item: string): Address | null {
  const open = item.indexOf('<');
  if (open === -1) {
    if (item.includes('>') || item.includes(' ') || !isAddress(item)) return null;
    return { name: '', address: item };
  }
  const close = item.length - 1;
  if (item.charCodeAt(close) !== GT || item.indexOf('>') !== close || item.indexOf('<', open + 1) !== -1) return null;
  const name = item.slice(0, open).trim();
  const address = item.slice(open + 1, close).trim();
  if (name.includes('@') || name.includes('  ') || address.includes(' ') || !isAddress(address)) return null;
  return { name, address };
}

/** One `@` with something on each side. */
function isAddress(text: string): boolean {
  const at = text.indexOf('@');
  return at > 0 && at < text.length - 1 && text.indexOf('@', at + 1) === -1;
}

const GT = 0x3e;

/** Printable ASCII and space, less the characters that quote, comment, group or escape. */
const PLAIN: boolean[] = Array.from({ length: 128 }, (_, c) => c >= 0x20 && c <= 0x7e && !'"():;[\\]'.includes(String.fromCharCode(c)));
