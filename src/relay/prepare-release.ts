import { randomBytes } from 'node:crypto';
import { findBodyStart, formatRfc5322Date, parseAddressList, readHeaderFields } from '../mime/index.js';

/** How a captured message is changed before it leaves (Mailpit's release rules, as options). */
export interface ReleaseRewrite {
  /** Envelope sender and Return-Path header ('' keeps the message's own). */
  returnPath: string;
  /** New From address, keeping the display name ('' keeps From). */
  overrideFrom: string;
  /** Keep the Message-ID; otherwise the copy gets a new one. */
  preserveMessageIds: boolean;
  /** Domain of a new Message-ID (devmail's host name). */
  hostname: string;
  now: Date;
  /** This devmail's relay mark (see `RELAY_MARK_HEADER`), so a copy that comes back is known. */
  mark: string;
}

/**
 * The header a relayed copy carries, naming the devmail that sent it (a random mark per run).
 * Copies that pass through several devmails carry one per hop.
 */
const RELAY_MARK_HEADER = 'X-Devmail-Relayed-By';

/** Whether a captured message is a copy this devmail (by `mark`) relayed itself. */
export function hasRelayMark(raw: Buffer, mark: string): boolean {
  const name = RELAY_MARK_HEADER.toLowerCase();
  return readHeaderFields(raw).some((f) => f.name.toLowerCase() === name && f.value.trim() === mark);
}

/** The bytes to send and the envelope sender to send them with. */
export interface PreparedRelease {
  raw: Buffer;
  mailFrom: string;
}

/**
 * Readies a captured message for a real server, as Mailpit does on release:
 * - `Bcc` is removed: the header would disclose blind recipients to everyone who gets the copy;
 * - `Date` is now, and `Message-ID` new (unless preserved): a released copy is a new message,
 *   and a receiving server may drop a Message-ID it has already seen;
 * - the envelope sender is the configured Return-Path, else the overriding From, else `Sender`,
 *   else `From` — never the captured MAIL FROM, which may be an address the relay may not use;
 * - an `X-Devmail-Relayed-By` header with this devmail's mark, so the automatic rules can tell
 *   a copy that comes back (a relay pointed at devmail itself, or at a server that sends it
 *   back) and do not relay it again, round and round.
 * Only the header block changes; the body's bytes are sent as captured.
 */
export function prepareRelease(raw: Buffer, rewrite: ReleaseRewrite): PreparedRelease {
  const bodyStart = findBodyStart(raw);
  const fields = readHeaderFields(raw);
  const first = (name: string) => fields.find((f) => f.name.toLowerCase() === name)?.value ?? '';
  const from = parseAddressList(first('from'))[0];
  const sender = parseAddressList(first('sender'))[0];
  let mailFrom = rewrite.returnPath || rewrite.overrideFrom || sender?.address || from?.address || '';

  const drop = new Set(['bcc', 'date']);
  const added: string[] = [];
  if (rewrite.returnPath) {
    drop.add('return-path');
    added.push(`Return-Path: <${rewrite.returnPath}>`);
  }
  if (rewrite.overrideFrom) {
    drop.add('from');
    const name = from?.name ? `${quoteName(from.name)} ` : '';
    added.push(`From: ${name}<${rewrite.overrideFrom}>`);
  }
  if (!rewrite.preserveMessageIds) {
    drop.add('message-id');
    added.push(`Message-ID: <${randomBytes(12).toString('hex')}@${rewrite.hostname}>`);
  }
  added.push(`Date: ${formatRfc5322Date(rewrite.now)}`);
  added.push(`${RELAY_MARK_HEADER}: ${rewrite.mark}`);

  const kept = keepHeaderLines(raw.subarray(0, bodyStart).toString('utf8'), drop);
  const header = Buffer.from(`${added.join('\r\n')}\r\n${kept}`, 'utf8');
  mailFrom = mailFrom.trim();
  return { raw: Buffer.concat([header, raw.subarray(bodyStart)]), mailFrom };
}

/** The header block without the fields named in `drop` (their folded lines too), ending in its blank line. */
function keepHeaderLines(block: string, drop: Set<string>): string {
  const lines = block.split(/\r?\n/);
  const out: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (line === '') break;
    if (line[0] === ' ' || line[0] === '\t') {
      if (!dropping) out.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    dropping = colon > 0 && drop.has(line.slice(0, colon).trim().toLowerCase());
    if (!dropping) out.push(line);
  }
  return `${out.map((l) => `${l}\r\n`).join('')}\r\n`;
}

/** A display name as an RFC 5322 quoted string when it needs one; non-ASCII as an encoded-word. */
function quoteName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[^\x20-\x7e]/.test(name)) return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
  if (/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/.test(name)) return name;
  return `"${name.replace(/["\\]/g, '\\$&')}"`;
}
