import { TextDecoder } from 'node:util';
import type { HeaderFields, IndexFields } from '../core/types.js';
import { readHeaderFields } from './header-block.js';
import { indexFieldsOf } from './index-fields.js';
import { parseHeaderValue } from './mime-leaves.js';
import { makeSnippet } from './snippet.js';

const CRLFCRLF = Buffer.from('\r\n\r\n');
const CR = 0x0d;
const LF = 0x0a;

/**
 * Larger messages go to the full parse: the quick index runs on the store thread, where a long
 * decode would hold back the commits behind it, and the parse thread is there for those.
 */
const MAX_QUICK_BYTES = 128 * 1024;

/** Transfer encodings that leave the body as it is. */
const IDENTITY_ENCODINGS = new Set(['', '7bit', '8bit', 'binary']);

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
 * The index of a message simple enough to read without the full parse: one text/plain or
 * text/html body with no transfer encoding to undo, in an ASCII-compatible charset, CRLF
 * header lines. For such a message it gives exactly what `indexMessage` (postal-mime) gives —
 * snippet, counts and search text; `quick-index.test.ts` holds the two side by side on a
 * corpus — in microseconds, so the store can write the index in the commit that stores the
 * message. Anything else (multipart, encoded bodies, other charsets, format=flowed, odd or
 * repeated content headers, messages over 128 KB) returns null and goes to the deferred full
 * parse.
 *
 * `headers` are the message's list fields as the ack path read them: the search text's
 * subject and addresses come from there, as the full parse takes them from the same reader.
 */
export function quickIndex(raw: Buffer, headers: HeaderFields): IndexFields | null {
  if (raw.length > MAX_QUICK_BYTES) return null;
  const separator = raw.indexOf(CRLFCRLF);
  if (separator === -1 || !crlfOnly(raw, separator + 2)) return null;
  const content = contentHeaders(raw);
  if (!content) return null;
  const type = content.type === undefined ? PLAIN : contentType(content.type);
  if (type.value !== 'text/plain' && type.value !== 'text/html') return null;
  if (type.params.format?.trim().toLowerCase() === 'flowed') return null;
  if (!IDENTITY_ENCODINGS.has((content.encoding ?? '').trim().toLowerCase())) return null;
  if (content.disposition !== undefined && parseHeaderValue(content.disposition).value !== 'inline') return null;
  const decoder = DECODERS.get((type.params.charset ?? 'utf-8').trim().toLowerCase());
  if (!decoder) return null;

  const body = asParserLines(decoder.decode(raw.subarray(separator + 4)));
  const text = type.value === 'text/plain' ? body : '';
  const html = type.value === 'text/html' ? body : '';
  return indexFieldsOf({
    ...headers,
    text,
    html,
    snippet: makeSnippet(text, html),
    attachments: [],
    inline: [],
    parseError: null,
  });
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

/** The Content-Type, -Transfer-Encoding and -Disposition values; null when one is repeated or unusual. */
function contentHeaders(raw: Buffer): { type?: string; encoding?: string; disposition?: string } | null {
  const out: { type?: string; encoding?: string; disposition?: string } = {};
  for (const { name, value } of readHeaderFields(raw)) {
    const lower = name.toLowerCase();
    const key = lower === 'content-type' ? 'type' : lower === 'content-transfer-encoding' ? 'encoding' : lower === 'content-disposition' ? 'disposition' : null;
    if (key === null) continue;
    // Repeats, comments, escapes and RFC 2231 parameters are the parser's to read.
    if (out[key] !== undefined || /[()\\*]/.test(value) || value.trim() === '') return null;
    out[key] = value;
  }
  return out;
}

/** True when every line end in raw[0, end) is CRLF (no bare CR or LF in the header block). */
function crlfOnly(raw: Buffer, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = raw[i];
    if (c === LF) return false;
    if (c === CR) {
      if (raw[i + 1] !== LF) return false;
      i++;
    }
  }
  return true;
}

/**
 * The body as the parser hands it back: each line (split at LF) without its trailing CRs,
 * followed by LF — the last line too, ended or not.
 */
function asParserLines(text: string): string {
  let out = text.includes('\r') ? text.replace(/\r+\n/g, '\n') : text;
  if (out !== '' && !out.endsWith('\n')) out = out.replace(/\r+$/, '') + '\n';
  return out;
}
