import { DevmailError } from '../core/errors.js';

/** Which recipients the relay may send to. */
export interface RecipientPolicy {
  allowedRecipients: RegExp | null;
  blockedRecipients: RegExp | null;
}

/** A bare address: one @, no spaces, angle brackets or line breaks (so nothing can be injected into SMTP). */
const ADDRESS = /^[^\s<>()@,;:"\\]+@[^\s<>()@,;:"\\]+$/;

/** The address in `value`: bare, or the `<…>` of `Name <addr>`; null when it is not one. */
export function parseRecipient(value: string): string | null {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) return null; // no line breaks to smuggle SMTP commands in
  const text = value.trim();
  const angled = /<([^<>]*)>\s*$/.exec(text);
  const address = (angled ? angled[1] : text).trim();
  return ADDRESS.test(address) ? address : null;
}

/**
 * Checks a release's recipients as Mailpit does, with its messages: each must be an address,
 * match the allowlist and not the blocklist. Returns the bare addresses; throws a bad_request.
 */
export function checkRecipients(to: string[], policy: RecipientPolicy): string[] {
  const out: string[] = [];
  for (const value of to) {
    const address = parseRecipient(value);
    if (!address) throw new DevmailError('bad_request', `Invalid email address: ${value}`);
    if (policy.allowedRecipients && !policy.allowedRecipients.test(address)) {
      throw new DevmailError('bad_request', `Mail address does not match allowlist: ${value}`);
    }
    if (policy.blockedRecipients?.test(address)) throw new DevmailError('bad_request', `Mail address is explicitly blocked: ${value}`);
    out.push(address);
  }
  if (out.length === 0) throw new DevmailError('bad_request', 'No valid addresses found');
  return out;
}

/** The recipients an automatic rule may send to: valid, allowed, not blocked (others are skipped). */
export function permittedRecipients(to: string[], policy: RecipientPolicy): string[] {
  const out = new Set<string>();
  for (const value of to) {
    const address = parseRecipient(value);
    if (!address) continue;
    if (policy.allowedRecipients && !policy.allowedRecipients.test(address)) continue;
    if (policy.blockedRecipients?.test(address)) continue;
    out.add(address);
  }
  return [...out];
}
