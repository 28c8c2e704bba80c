import { TextDecoder } from 'node:util';
import type { LintFinding, LintInput } from './lint-types.js';
import { mimeLeaves, parseHeaderValue, type MimeLeaf } from '../../mime/index.js';

/** Charsets whose bytes are single-byte: valid UTF-8 multi-byte sequences in them are a mislabel. */
const SINGLE_BYTE = /^(us-ascii|ascii|iso-8859-\d+|latin1|windows-125\d|cp125\d)$/;

/**
 * A text body must say its charset when it has 8-bit bytes (RFC 2045 5.2: the default is
 * US-ASCII), the bytes must be valid in the charset it names, and an HTML `<meta charset>`
 * should agree with the MIME header (clients differ on which one wins).
 */
export function charsets({ raw, html }: LintInput): LintFinding[] {
  const findings: LintFinding[] = [];
  const leaves = mimeLeaves(raw);
  for (const leaf of leaves) {
    if (leaf.attachment || (leaf.type !== 'text/plain' && leaf.type !== 'text/html')) continue;
    findings.push(...leafFindings(leaf));
  }
  const metaCharset = htmlMetaCharset(html.elements);
  const htmlLeaf = leaves.find((l) => l.type === 'text/html' && !l.attachment);
  if (metaCharset && htmlLeaf?.charset && normalise(metaCharset.charset) !== normalise(htmlLeaf.charset)) {
    findings.push({
      severity: 'warning',
      code: 'charset-meta-mismatch',
      message: `<meta> declares charset ${metaCharset.charset} but the MIME header says ${htmlLeaf.charset}: clients differ on which one they use.`,
      location: { part: 'html', line: metaCharset.line },
    });
  }
  return findings;
}

function leafFindings(leaf: MimeLeaf): LintFinding[] {
  const part = leaf.type === 'text/html' ? ('html' as const) : ('text' as const);
  const location = { part, name: 'Content-Type' };
  const eightBit = hasEightBitBytes(leaf.bytes);
  if (!leaf.charset) {
    return eightBit
      ? [{ severity: 'error', code: 'charset-missing', message: `The ${leaf.type} part has 8-bit bytes but declares no charset: clients assume US-ASCII and show garbage.`, location }]
      : [{ severity: 'info', code: 'charset-missing', message: `The ${leaf.type} part declares no charset (US-ASCII is assumed; fine for pure ASCII).`, location }];
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(leaf.charset, { fatal: true });
  } catch {
    return [{ severity: 'error', code: 'charset-unknown', message: `The ${leaf.type} part declares charset "${leaf.charset}", which clients do not know.`, location }];
  }
  if (/^(us-)?ascii$/.test(leaf.charset) && eightBit) {
    return [{ severity: 'error', code: 'charset-mismatch', message: `The ${leaf.type} part declares ${leaf.charset} but has 8-bit bytes.`, location }];
  }
  try {
    decoder.decode(leaf.bytes);
  } catch {
    return [{ severity: 'error', code: 'charset-mismatch', message: `The ${leaf.type} part's bytes are not valid ${leaf.charset}: clients show replacement characters.`, location }];
  }
  if (SINGLE_BYTE.test(leaf.charset) && eightBit && looksLikeUtf8(leaf.bytes)) {
    return [{ severity: 'warning', code: 'charset-mismatch', message: `The ${leaf.type} part declares ${leaf.charset} but its bytes read as UTF-8: accented letters will show as two characters.`, location }];
  }
  return [];
}

function hasEightBitBytes(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return true;
  return false;
}

/** Valid UTF-8 with at least one multi-byte sequence. */
function looksLikeUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function htmlMetaCharset(elements: LintInput['html']['elements']): { charset: string; line: number } | null {
  for (const el of elements) {
    if (el.name !== 'meta') continue;
    if (el.attrs.charset) return { charset: el.attrs.charset.trim().toLowerCase(), line: el.line };
    if ((el.attrs['http-equiv'] ?? '').toLowerCase() === 'content-type') {
      const charset = parseHeaderValue(el.attrs.content ?? '').params.charset;
      if (charset) return { charset: charset.toLowerCase(), line: el.line };
    }
  }
  return null;
}

function normalise(charset: string): string {
  try {
    return new TextDecoder(charset).encoding;
  } catch {
    return charset;
  }
}
