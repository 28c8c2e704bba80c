import { findBodyStart, readHeaderFields } from './header-block.js';

/** A leaf of the MIME tree with its declared type and its decoded bytes. */
export interface MimeLeaf {
  /** Lower-case media type, `text/plain` when not declared (RFC 2045 5.2). */
  type: string;
  /** The charset parameter as written, lower-case, or null. */
  charset: string | null;
  /** True for a part with a file name or `Content-Disposition: attachment`. */
  attachment: boolean;
  /** The body after undoing the transfer encoding. */
  bytes: Buffer;
}

/** Nesting and leaves read at most; past them a hostile message gets no more charset findings. */
const MAX_DEPTH = 20;
const MAX_LEAVES = 200;

/**
 * The leaves of a raw message's MIME tree with their bytes as sent (transfer encoding undone,
 * charset not): the lint's charset rules and calendar parts' checksums need the octets that a
 * full parser has already turned into text. Nested messages are leaves here.
 */
export function mimeLeaves(raw: Buffer): MimeLeaf[] {
  const leaves: MimeLeaf[] = [];
  walk(raw, 0, leaves);
  return leaves;
}

function walk(entity: Buffer, depth: number, leaves: MimeLeaf[]): void {
  if (depth > MAX_DEPTH || leaves.length >= MAX_LEAVES) return;
  const fields = readHeaderFields(entity);
  const value = (name: string) => fields.find((f) => f.name.toLowerCase() === name)?.value ?? '';
  const contentType = parseHeaderValue(value('content-type'));
  const body = entity.subarray(findBodyStart(entity));
  const type = contentType.value || 'text/plain';
  if (type.startsWith('multipart/') && contentType.params.boundary) {
    for (const child of splitMultipart(body, contentType.params.boundary)) walk(child, depth + 1, leaves);
    return;
  }
  const disposition = parseHeaderValue(value('content-disposition'));
  leaves.push({
    type,
    charset: contentType.params.charset?.toLowerCase() ?? null,
    attachment: disposition.value === 'attachment' || Boolean(disposition.params.filename || contentType.params.name),
    bytes: decodeTransfer(body, value('content-transfer-encoding').toLowerCase()),
  });
}

/**
 * `type/subtype; a=b; c="d"` → value and parameters (names lower-case). The parameters have no
 * prototype: a parameter named `__proto__` is kept as a value instead of being an assignment to
 * the prototype, and `params.constructor` of a part without one is undefined, not a function.
 */
export function parseHeaderValue(header: string): { value: string; params: Record<string, string> } {
  const [first, ...rest] = header.match(/(?:[^;"]|"(?:[^"\\]|\\.)*")+/g) ?? [''];
  const params = Object.create(null) as Record<string, string>;
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq === -1) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    params[name] = param.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1').replace(/\\(.)/g, '$1');
  }
  return { value: first.trim().toLowerCase(), params };
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = -1;
  for (let at = body.indexOf(delimiter); at !== -1; at = body.indexOf(delimiter, at + delimiter.length)) {
    // A delimiter only counts at the start of a line (RFC 2046 5.1.1).
    if (at > 0 && body[at - 1] !== 0x0a) continue;
    if (start !== -1) parts.push(body.subarray(start, Math.max(start, at - (body[at - 2] === 0x0d ? 2 : 1))));
    if (body[at + delimiter.length] === 0x2d && body[at + delimiter.length + 1] === 0x2d) return parts;
    const eol = body.indexOf(0x0a, at);
    if (eol === -1) return parts;
    start = eol + 1;
    if (parts.length >= MAX_LEAVES) return parts;
  }
  if (start !== -1) parts.push(body.subarray(start));
  return parts;
}

function decodeTransfer(body: Buffer, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function decodeQuotedPrintable(body: Buffer): Buffer {
  const out = Buffer.alloc(body.length);
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (byte !== 0x3d) {
      out[n++] = byte;
      continue;
    }
    const next = body.toString('latin1', i + 1, i + 3);
    if (/^[0-9A-Fa-f]{2}$/.test(next)) {
      out[n++] = parseInt(next, 16);
      i += 2;
    } else if (next.startsWith('\r\n')) i += 2;
    else if (next.startsWith('\n')) i += 1;
    else out[n++] = byte;
  }
  return out.subarray(0, n);
}
