/** A parsed `MAIL FROM:` / `RCPT TO:` argument. */
export type PathResult =
  | { ok: true; address: string; params: Record<string, string> }
  | { ok: false; error: string };

const ESMTP_KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
// Characters never valid in a domain or an unquoted path (controls, space, brackets, comma…).
const BAD_DOMAIN = /[\x00-\x20<>()\\,;:"@]/;

/** True when `s` holds any non-ASCII character. */
export function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

/** Index of the `>` that closes a path opened at 0, skipping quoted strings (RFC 5321 §4.1.2). */
function closingBracket(s: string): number {
  let quoted = false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quoted && c === 0x5c /* \ */) i++;
    else if (c === 0x22 /* " */) quoted = !quoted;
    else if (c === 0x3e /* > */ && !quoted) return i;
  }
  return -1;
}

function checkMailbox(path: string, allowBareLocal: boolean): string | null {
  const at = path.lastIndexOf('@');
  if (at < 0) {
    // RFC 5321 §4.1.1.3: `RCPT TO:<Postmaster>` without a domain must be accepted.
    return allowBareLocal && path.toLowerCase() === 'postmaster' ? null : 'Address must be local-part@domain';
  }
  const local = path.slice(0, at);
  const domain = path.slice(at + 1);
  if (local === '' || domain === '') return 'Address must be local-part@domain';
  if (domain.charCodeAt(0) === 0x5b /* [ */) {
    // Address literal, RFC 5321 §4.1.3: [1.2.3.4] or [IPv6:…].
    if (!domain.endsWith(']') || domain.length < 3) return 'Bad address literal';
  } else if (BAD_DOMAIN.test(domain) || domain.startsWith('.') || domain.includes('..')) {
    return 'Bad domain in address';
  }
  if (local.charCodeAt(0) !== 0x22 && /[\x00-\x20<>()\\,;:@]/.test(local)) return 'Bad local part in address';
  return null;
}

function parseParams(text: string, params: Record<string, string>): string | null {
  for (const part of text.split(' ')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (!ESMTP_KEYWORD.test(key)) return `Bad parameter ${key.slice(0, 32)}`;
    params[key.toUpperCase()] = eq < 0 ? '' : part.slice(eq + 1);
  }
  return null;
}

/**
 * Parses the argument of MAIL (`FROM:<path> params`) or RCPT (`TO:<path> params`), RFC 5321
 * §4.1.1.2–3 and §4.1.2. Lenient where real clients are sloppy and no harm is done: a space
 * after the colon, a missing pair of angle brackets. A source route (`<@a,@b:u@c>`) is
 * dropped as §4.1.1.3 and Appendix C ask. The null path `<>` is allowed for MAIL only.
 * Parameter keys are upper-cased; a key without value maps to ''.
 */
export function parsePathArgument(arg: string, kind: 'FROM' | 'TO'): PathResult {
  const prefixLength = kind.length + 1;
  const syntax = kind === 'FROM' ? 'Syntax: MAIL FROM:<address>' : 'Syntax: RCPT TO:<address>';
  if (arg.length < prefixLength || arg.charCodeAt(kind.length) !== 0x3a /* : */) return { ok: false, error: syntax };
  if (arg.slice(0, kind.length).toUpperCase() !== kind) return { ok: false, error: syntax };
  let rest = arg.slice(prefixLength);
  while (rest.charCodeAt(0) === 0x20) rest = rest.slice(1);
  let path: string;
  let after: string;
  if (rest.charCodeAt(0) === 0x3c /* < */) {
    const end = closingBracket(rest);
    if (end < 0) return { ok: false, error: syntax };
    path = rest.slice(1, end);
    after = rest.slice(end + 1);
    if (after !== '' && after.charCodeAt(0) !== 0x20) return { ok: false, error: syntax };
  } else {
    const sp = rest.indexOf(' ');
    path = sp < 0 ? rest : rest.slice(0, sp);
    after = sp < 0 ? '' : rest.slice(sp);
    if (path === '') return { ok: false, error: syntax };
  }
  if (path.charCodeAt(0) === 0x40 /* @ */) {
    const colon = path.indexOf(':');
    if (colon < 0) return { ok: false, error: 'Bad source route' };
    path = path.slice(colon + 1);
  }
  if (path === '') {
    if (kind === 'TO') return { ok: false, error: 'Recipient address required' };
  } else {
    const problem = checkMailbox(path, kind === 'TO');
    if (problem) return { ok: false, error: problem };
  }
  const params: Record<string, string> = {};
  const bad = parseParams(after, params);
  if (bad) return { ok: false, error: bad };
  return { ok: true, address: path, params };
}
