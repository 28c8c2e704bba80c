/**
 * Bodies as the full parser (postal-mime) reads them, for the quick index to give the same
 * text: the parser splits a message into lines at LF, drops each line's trailing CRs, and ends
 * every line it hands a part with LF; a quoted-printable line is decoded on its own, and a
 * base64 body as runs between paddings.
 */

const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;
const DASH = 0x2d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Decoded identity-encoded text as the parser hands it back: each line without its trailing
 * CRs, followed by LF — the last line too, ended or not. (Valid for ASCII-compatible charsets,
 * where CR and LF bytes are always line ends, so the lines can be handled after decoding.)
 */
export function asParserLines(text: string): string {
  if (!text.includes('\r')) return text === '' || text.endsWith('\n') ? text : text + '\n';
  // By hand: /\r+\n/g tries every CR of a long run of them again (quadratic in the run).
  let out = '';
  for (let pos = 0; pos < text.length; ) {
    const lf = text.indexOf('\n', pos);
    const next = lf === -1 ? text.length : lf + 1;
    let end = lf === -1 ? text.length : lf;
    while (end > pos && text.charCodeAt(end - 1) === 13) end--;
    out += text.slice(pos, end) + '\n';
    pos = next;
  }
  return out;
}

/**
 * A quoted-printable body decoded line by line as the parser does: `=XX` (either case) is a
 * byte, a line ending in `=` joins the next (soft break), anything else is kept as written,
 * and every other line ends with LF.
 */
export function decodeQuotedPrintableLines(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(bytes.length + 1);
  let n = 0;
  for (let pos = 0; pos < bytes.length; ) {
    const eol = bytes.indexOf(LF, pos);
    const next = eol === -1 ? bytes.length : eol + 1;
    let end = eol === -1 ? bytes.length : eol;
    while (end > pos && bytes[end - 1] === CR) end--;
    const soft = end > pos && bytes[end - 1] === EQUALS;
    if (soft) end--;
    for (let i = pos; i < end; i++) {
      const c = bytes[i];
      if (c === EQUALS && i + 2 < end) {
        const high = hexNibble(bytes[i + 1]);
        const low = hexNibble(bytes[i + 2]);
        if (high >= 0 && low >= 0) {
          out[n++] = (high << 4) | low;
          i += 2;
          continue;
        }
      }
      out[n++] = c;
    }
    if (!soft) out[n++] = LF;
    pos = next;
  }
  return out.subarray(0, n);
}

/**
 * A base64 body decoded as the parser does: everything but base64 characters dropped, then
 * each run between paddings (`=`) decoded on its own — some mailers pad every line. (A lone
 * character left at a run's end carries no whole byte; both decoders drop it.)
 */
export function decodeBase64Runs(bytes: Buffer): Buffer {
  const runs = bytes.toString('latin1').replace(/[^A-Za-z0-9+/=]+/g, '').split(/=+/);
  return Buffer.concat(runs.map((run) => Buffer.from(run, 'base64')));
}

function hexNibble(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * The parts of a multipart body between `from` and `to` of `raw`, as [start, end) byte ranges,
 * split where the parser splits: at a line that starts with `--boundary`, then `--` for the
 * last, then nothing but spaces and tabs (and the CRs the line reader drops). The preamble and
 * whatever follows the closing delimiter are not parts. Null when no delimiter is found.
 */
export function multipartRanges(raw: Buffer, from: number, to: number, boundary: string): Array<[number, number]> | null {
  const delimiter = Buffer.from(`--${boundary}`, 'utf8');
  const ranges: Array<[number, number]> = [];
  let partStart = -1;
  for (let at = raw.indexOf(delimiter, from); at !== -1 && at < to; at = raw.indexOf(delimiter, at + 1)) {
    if (at !== from && raw[at - 1] !== LF) continue;
    let i = at + delimiter.length;
    const closing = raw[i] === DASH && raw[i + 1] === DASH;
    if (closing) i += 2;
    while (i < to && (raw[i] === SPACE || raw[i] === TAB)) i++;
    while (i < to && raw[i] === CR) i++;
    if (i < to && raw[i] !== LF) continue; // more on the line: not a delimiter
    if (partStart !== -1) ranges.push([partStart, at]);
    if (closing) return ranges;
    partStart = i + 1;
  }
  if (partStart === -1) return null;
  ranges.push([Math.min(partStart, to), to]);
  return ranges;
}
