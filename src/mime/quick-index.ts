import { TextDecoder } from 'node:util';
import type { HeaderFields, IndexFields, IndexPart } from '../core/types.js';
import { readHeaderFields, type HeaderField } from './header-block.js';
import { indexFieldsOf } from './index-fields.js';
import { parseHeaderValue } from './mime-leaves.js';
import { asParserLines, decodeBase64Runs, decodeQuotedPrintableLines, multipartRanges } from './parser-lines.js';
import { makeSnippet } from './snippet.js';

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CR = 0x0d;
const LF = 0x0a;

/**
 * Larger messages go to the full parse: the quick index runs on the store thread, where a long
 * decode would hold back the commits behind it, and the parse thread is there for those.
 */
const MAX_QUICK_BYTES = 128 * 1024;

/** Transfer encodings that leave the body as it is ('' when none is given). */
const IDENTITY = new Set(['', '7bit', '8bit', 'binary']);

/** Transfer encodings the quick index undoes. */
const ENCODINGS = new Set([...IDENTITY, 'quoted-printable', 'base64']);

/**
 * Charsets read here, by the label as written (lower-case): ASCII-compatible ones only, where a
 * CR or LF byte is always a line end, so line ends can be handled after decoding. The parser
 * decodes these labels with the same TextDecoder.
 */
const DECODERS = new Map<string, TextDecoder>();
for (const label of ['utf-8', 'utf8', 'us-ascii', 'ascii', 'iso-8859-1', 'latin1', 'windows-1252', 'iso-8859-15']) {
  DECODERS.set(label, new TextDecoder(label));
}

/**
 * The index of a message simple enough to read without the full parse, in microseconds, so the
 * store can write it in the commit that stores the message. Simple means: one text/plain or
 * text/html part, or a multipart/alternative of one text/plain and one text/html part (the
 * shape most mail libraries send); bodies as they are, quoted-printable or base64, in an
 * ASCII-compatible charset; CRLF header lines; no attachments; at most 128 KB. For such a
 * message it gives exactly what `indexMessage` (postal-mime) gives — snippet, counts and
 * search text; `quick-index.test.ts` holds the two side by side on a corpus. Anything else
 * (other multiparts, other charsets, format=flowed, odd or repeated content headers) returns
 * null and goes to the deferred full parse.
 *
 * `headers` are the message's list fields as the ack path read them: the search text's
 * subject and addresses come from there, as the full parse takes them from the same reader.
 * `part` leaves out what is not asked for (see IndexPart): the snippet, or the search text.
 */
export function quickIndex(raw: Buffer, headers: HeaderFields, part: IndexPart = 'all'): IndexFields | null {
  if (raw.length > MAX_QUICK_BYTES) return null;
  const root = readEntity(raw, 0, raw.length);
  if (!root) return null;
  let text = '';
  let html = '';
  if (root.type.value === 'multipart/alternative') {
    const boundary = root.type.params.boundary;
    if (!boundary || !SIMPLE_BOUNDARY.test(boundary) || !IDENTITY.has(root.encoding)) return null;
    const ranges = multipartRanges(raw, root.bodyStart, raw.length, boundary);
    if (!ranges || ranges.length === 0 || ranges.length > 2) return null;
    const seen = new Set<string>();
    for (const [start, end] of ranges) {
      const part = readEntity(raw, start, end);
      if (!part || part.type.value === 'multipart/alternative') return null;
      // Two parts of one type are joined by the parser: left to it.
      if (seen.has(part.type.value)) return null;
      seen.add(part.type.value);
      const body = decodeBody(raw.subarray(part.bodyStart, end), part);
      if (body === null) return null;
      if (part.type.value === 'text/plain') text = body;
      else html = body;
    }
  } else {
    const body = decodeBody(raw.subarray(root.bodyStart), root);
    if (body === null) return null;
    if (root.type.value === 'text/plain') text = body;
    else html = body;
  }
  // The fields named, not a spread of `headers` with more added: that takes V8's slow path,
  // which was half the time here.
  const { subject, from, to, cc, bcc, replyTo } = headers;
  return indexFieldsOf(
    {
      subject,
      from,
      to,
      cc,
      bcc,
      replyTo,
      text,
      html,
      snippet: part === 'search' ? '' : makeSnippet(text, html),
      attachments: [],
      inline: [],
      parseError: null,
    },
    part,
  );
}

type HeaderValue = ReturnType<typeof parseHeaderValue>;

/** A message without Content-Type is text/plain (RFC 2045 5.2). */
const PLAIN: HeaderValue = { value: 'text/plain', params: Object.create(null) as Record<string, string> };

/** Content-Type values read lately: an application sends the same few again and again. */
const typeCache = new Map<string, HeaderValue>();
const TYPE_CACHE_SIZE = 64;

function contentType(value: string): HeaderValue {
  let parsed = typeCache.get(value);
  if (parsed === undefined) {
    if (typeCache.size >= TYPE_CACHE_SIZE) typeCache.clear();
    parsed = parseHeaderValue(value);
    typeCache.set(value, parsed);
  }
  return parsed;
}

/** Boundaries the quick index splits on: RFC 2046 characters, not ending in a space. */
const SIMPLE_BOUNDARY = /^[0-9A-Za-z'+_,\-./:=? ]{0,69}[0-9A-Za-z'+_,\-./:=?]$/;

/** What the quick index needs of an entity (the message, or a part): its type, encoding and body. */
interface Entity {
  type: HeaderValue;
  /** The transfer encoding, lower-case ('' when none is given). */
  encoding: string;
  /** Where the body starts in the message. */
  bodyStart: number;
}

/**
 * The entity in raw[start, end): its content headers read (CRLF lines only), or null when the
 * quick index must decline it: a type other than text/plain, text/html or
 * multipart/alternative, an encoding it does not undo, a disposition other than inline, a
 * repeated or unusual content header, or no blank line after the headers.
 */
function readEntity(raw: Buffer, start: number, end: number): Entity | null {
  let bodyStart: number;
  let fields: HeaderField[];
  if (raw[start] === CR && raw[start + 1] === LF) {
    bodyStart = start + 2; // no header lines: the defaults
    fields = [];
  } else {
    const separator = raw.indexOf(CRLFCRLF, start);
    if (separator === -1 || separator + 4 > end || !crlfOnly(raw, start, separator + 2)) return null;
    bodyStart = separator + 4;
    fields = readHeaderFields(raw.subarray(start, bodyStart));
  }
  const content = contentHeaders(fields);
  if (!content) return null;
  const type = content.type === undefined ? PLAIN : contentType(content.type);
  if (type.value !== 'text/plain' && type.value !== 'text/html' && type.value !== 'multipart/alternative') return null;
  const encoding = (content.encoding ?? '').trim().toLowerCase();
  if (!ENCODINGS.has(encoding)) return null;
  if (content.disposition !== undefined && parseHeaderValue(content.disposition).value !== 'inline') return null;
  return { type, encoding, bodyStart };
}

/** A text part's body as the parser gives it, or null for a charset or format it leaves to the parser. */
function decodeBody(bytes: Buffer, entity: Entity): string | null {
  if (entity.type.params.format?.trim().toLowerCase() === 'flowed') return null;
  const decoder = DECODERS.get((entity.type.params.charset ?? 'utf-8').trim().toLowerCase());
  if (!decoder) return null;
  if (entity.encoding === 'quoted-printable') return decoder.decode(decodeQuotedPrintableLines(bytes));
  if (entity.encoding === 'base64') return decoder.decode(decodeBase64Runs(bytes));
  return asParserLines(decoder.decode(bytes));
}

/** The Content-Type, -Transfer-Encoding and -Disposition values; null when one is repeated or unusual. */
function contentHeaders(fields: HeaderField[]): { type?: string; encoding?: string; disposition?: string } | null {
  const out: { type?: string; encoding?: string; disposition?: string } = {};
  for (const { name, value } of fields) {
    const lower = name.toLowerCase();
    const key = lower === 'content-type' ? 'type' : lower === 'content-transfer-encoding' ? 'encoding' : lower === 'content-disposition' ? 'disposition' : null;
    if (key === null) continue;
    // Repeats, comments, escapes and RFC 2231 parameters are the parser's to read.
    if (out[key] !== undefined || /[()\\*]/.test(value) || value.trim() === '') return null;
    out[key] = value;
  }
  return out;
}

/** True when every line end in raw[start, end) is CRLF (no bare CR or LF in a header block). */
function crlfOnly(raw: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = raw[i];
    if (c === LF) return false;
    if (c === CR) {
      if (raw[i + 1] !== LF) return false;
      i++;
    }
  }
  return true;
}
