import { formatRfc5322Date } from '../mime/date-format.js';
import { toCrlf } from '../mime/line-endings.js';

/**
 * What sendmail does to a message before it leaves, as Postfix's sendmail and cleanup do:
 * CRLF line ends, a leading mbox `From ` line dropped, Bcc removed, a From and a Date added when
 * missing; with `-t` the recipients are read from the headers first.
 */

/** One header field as written: its name and its raw lines (folded continuations included). */
interface RawField {
  name: string;
  /** The field's bytes, with its CRLFs. */
  text: string;
}

/** The prepared message and the recipients its headers named (for `-t`). */
export interface PreparedMessage {
  raw: Buffer;
  /** The address-list header values for `-t`: To, Cc, Bcc (or their Resent- forms). */
  recipientHeaders: string[];
}

/** Options of `prepareMessage`. */
export interface PrepareOptions {
  /** Envelope sender, for a From header the message lacks. */
  sender: string;
  /** `-F` full name for that From header. */
  fullName: string | null;
  now?: Date;
}

const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+:/;

/** Applies the rules above to a message read from stdin. */
export function prepareMessage(input: Buffer, opts: PrepareOptions): PreparedMessage {
  let raw = toCrlf(input);
  // An mbox-style `From sender date` first line is an envelope line, not a header (Postfix drops it too).
  if (raw.subarray(0, 5).toString('latin1') === 'From ') {
    const eol = raw.indexOf('\n');
    raw = eol === -1 ? Buffer.alloc(0) : raw.subarray(eol + 1);
  }
  // The separator is written back whether or not the input had one (a body-only input gets one).
  const { fields, bodyStart } = splitHeader(raw);
  const lower = (f: RawField) => f.name.toLowerCase();
  const resent = fields.some((f) => lower(f).startsWith('resent-'));
  const recipientNames = resent ? ['resent-to', 'resent-cc', 'resent-bcc'] : ['to', 'cc', 'bcc'];
  const recipientHeaders = fields.filter((f) => recipientNames.includes(lower(f))).map((f) => unfold(f.text));

  // Bcc never leaves: its recipients get the message through the envelope alone (RFC 5322 3.6.3).
  const kept = fields.filter((f) => lower(f) !== 'bcc' && lower(f) !== 'resent-bcc');
  const added: string[] = [];
  if (!fields.some((f) => lower(f) === 'from')) added.push(`From: ${fromHeader(opts.sender, opts.fullName)}\r\n`);
  if (!fields.some((f) => lower(f) === 'date')) added.push(`Date: ${formatRfc5322Date(opts.now ?? new Date())}\r\n`);

  const head = added.join('') + kept.map((f) => f.text).join('');
  const body = raw.subarray(bodyStart);
  return {
    raw: Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from('\r\n'), body]),
    recipientHeaders,
  };
}

/**
 * Splits the header block into fields. The block ends at the empty line, or at the first line
 * that is neither a field nor a continuation (then the rest is body, with no separator in the
 * input: one is added when the message is put back together).
 */
function splitHeader(raw: Buffer): { fields: RawField[]; bodyStart: number } {
  const fields: RawField[] = [];
  let pos = 0;
  while (pos < raw.length) {
    const nl = raw.indexOf('\n', pos);
    const end = nl === -1 ? raw.length : nl + 1;
    const line = raw.toString('utf8', pos, end);
    if (line === '\r\n' || line === '\n') return { fields, bodyStart: end };
    const first = line.charCodeAt(0);
    if ((first === 0x20 || first === 0x09) && fields.length > 0) {
      fields[fields.length - 1].text += line;
    } else if (HEADER_NAME.test(line)) {
      fields.push({ name: line.slice(0, line.indexOf(':')).trim(), text: line.endsWith('\n') ? line : `${line}\r\n` });
    } else {
      return { fields, bodyStart: pos };
    }
    pos = end;
  }
  return { fields, bodyStart: raw.length };
}

/** The value of a raw field, unfolded (RFC 5322 2.2.3). */
function unfold(text: string): string {
  return text.slice(text.indexOf(':') + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
}

function fromHeader(sender: string, fullName: string | null): string {
  const address = sender || 'MAILER-DAEMON';
  if (!fullName) return address;
  // A display name with specials must be a quoted string (RFC 5322 3.2.4).
  const name = /^[\w !#$%&'*+\-/=?^`{|}~]+$/.test(fullName) ? fullName : `"${fullName.replace(/["\\]/g, '\\$&')}"`;
  return `${name} <${address}>`;
}

/**
 * Reads a message from `stream`. Without `ignoreDots`, a line holding a single `.` ends it
 * (sendmail's default; `-i` turns that off) and the rest of the input is left unread.
 */
export async function readMessage(stream: NodeJS.ReadableStream & { destroy?: () => void }, ignoreDots: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  let scanned = 0;
  for await (const chunk of stream) {
    const piece = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(piece);
    total += piece.length;
    if (ignoreDots) continue;
    const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
    chunks.splice(0, chunks.length, buf);
    const end = findDotLine(buf, Math.max(0, scanned - 3), false);
    if (end !== -1) {
      stream.destroy?.();
      return buf.subarray(0, end);
    }
    scanned = buf.length;
  }
  const all = Buffer.concat(chunks, total);
  if (ignoreDots) return all;
  const end = findDotLine(all, Math.max(0, scanned - 3), true);
  return end === -1 ? all : all.subarray(0, end);
}

/**
 * Where the message ends if a line of just `.` (LF or CRLF) occurs at or after `from`: the
 * offset just past the line end before it. With `atEof`, a final `.` without a line end counts.
 */
export function findDotLine(buf: Buffer, from: number, atEof: boolean): number {
  const isDotLine = (dot: number) => {
    if (buf[dot] !== 0x2e) return false;
    if (buf[dot + 1] === 0x0a) return true;
    if (buf[dot + 1] === 0x0d && buf[dot + 2] === 0x0a) return true;
    return atEof && dot + 1 === buf.length;
  };
  if (from === 0 && isDotLine(0)) return 0;
  for (let nl = buf.indexOf(0x0a, from); nl !== -1; nl = buf.indexOf(0x0a, nl + 1)) {
    if (isDotLine(nl + 1)) return nl + 1;
  }
  return -1;
}
