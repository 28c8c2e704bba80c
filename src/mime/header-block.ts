/**
 * The header block of a raw message, read without a MIME parser: where it ends and its
 * unfolded fields. Used on the ack path, so it avoids regexes over the body and allocates
 * only the header text.
 */

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LFLF = Buffer.from('\n\n');

/** One header field, unfolded (RFC 5322 2.2.3), name as written. */
export interface HeaderField {
  name: string;
  value: string;
}

/** Byte offset where the body starts (after the blank line), or raw.length when there is none. */
export function findBodyStart(raw: Buffer): number {
  const crlf = raw.indexOf(CRLFCRLF);
  const lf = raw.indexOf(LFLF);
  if (crlf === -1 && lf === -1) return raw.length;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return crlf + 4;
  return lf + 2;
}

/**
 * The header fields in order. Header bytes are decoded as UTF-8 (RFC 6532 allows raw UTF-8
 * in headers); encoded-words stay encoded here and are decoded by the field readers.
 */
export function readHeaderFields(raw: Buffer): HeaderField[] {
  const end = findBodyStart(raw);
  const text = raw.toString('utf8', 0, end);
  const fields: HeaderField[] = [];
  let current: HeaderField | null = null;
  let pos = 0;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = text.length;
    const line = text.charCodeAt(eol - 1) === 13 ? text.slice(pos, eol - 1) : text.slice(pos, eol);
    pos = eol + 1;
    if (line.length === 0) break;
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      // Folded continuation: unfolding removes the line break only (RFC 5322 2.2.3).
      if (current) current.value += line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      current = null; // not a header line (e.g. an mbox "From " line): skip it
      continue;
    }
    current = { name: line.slice(0, colon).trimEnd(), value: line.slice(colon + 1).trim() };
    fields.push(current);
  }
  return fields;
}

/**
 * Headers grouped by name (as first written), values in order — the API's headers view.
 * Grouped in a Map, then made an object with `Object.fromEntries` (own data properties): a
 * header named `__proto__` assigned to a `{}` would replace its prototype instead (and vanish
 * from the JSON), and one named `constructor` or `hasOwnProperty` would read the prototype's.
 */
export function readHeaders(raw: Buffer): Record<string, string[]> {
  const byLower = new Map<string, string[]>();
  const out = new Map<string, string[]>();
  for (const field of readHeaderFields(raw)) {
    const lower = field.name.toLowerCase();
    let values = byLower.get(lower);
    if (values === undefined) {
      values = [];
      byLower.set(lower, values);
      out.set(field.name, values);
    }
    values.push(field.value);
  }
  return Object.fromEntries(out);
}
