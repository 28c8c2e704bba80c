import type { StoredMessage } from '../../../core/types.js';

/**
 * devmail's stored messages in MailHog's JSON shapes (MailHog 1.0 `data.Message`), for the
 * `mailhog` npm client and scripts written against MailHog. Bodies are kept as sent (still
 * transfer-encoded), headers as written, multipart bodies split into `MIME.Parts` — the client
 * decodes them itself.
 */

/** MailHog's `Path`: an SMTP path split into mailbox and domain. */
export interface MailHogPath {
  Relays: string[] | null;
  Mailbox: string;
  Domain: string;
  Params: string;
}

/** MailHog's `Content`: a header block and its body (a message or one MIME part). */
export interface MailHogContent {
  Headers: Record<string, string[]>;
  Body: string;
  Size: number;
  MIME: MailHogMime | null;
}

/** MailHog's `MIMEBody`. */
export interface MailHogMime {
  Parts: MailHogContent[];
}

/** MailHog's `Message`. */
export interface MailHogMessage {
  ID: string;
  From: MailHogPath;
  To: MailHogPath[];
  Content: MailHogContent;
  Created: string;
  MIME: MailHogMime | null;
  Raw: { From: string; To: string[]; Data: string; Helo: string };
}

/** MailHog's list and search answer. */
export interface MailHogList {
  total: number;
  count: number;
  start: number;
  items: MailHogMessage[];
}

/** How deep nested multiparts are split; deeper ones stay one part (a crafted message cannot recurse us away). */
const MAX_MIME_DEPTH = 8;

/** `local@domain` → MailHog's Path (split at the last `@`; the null sender has both empty). */
export function toMailHogPath(address: string): MailHogPath {
  const at = address.lastIndexOf('@');
  return {
    Relays: null,
    Mailbox: at < 0 ? address : address.slice(0, at),
    Domain: at < 0 ? '' : address.slice(at + 1),
    Params: '',
  };
}

/** One stored message as MailHog's `Message`. */
export function toMailHogMessage(stored: StoredMessage): MailHogMessage {
  const data = stored.raw.toString('utf8');
  const content = parseMailHogContent(data);
  // MailHog keeps the top-level parts on the message, not on its content.
  const mime = content.MIME;
  content.MIME = null;
  return {
    ID: stored.summary.id,
    From: toMailHogPath(stored.envelope.mailFrom),
    To: stored.envelope.rcptTo.map(toMailHogPath),
    Content: content,
    Created: stored.summary.created.toISOString(),
    MIME: mime,
    Raw: {
      From: stored.envelope.mailFrom,
      To: [...stored.envelope.rcptTo],
      Data: data,
      Helo: stored.envelope.heloName ?? '',
    },
  };
}

/** A header block and body as MailHog's `Content`, multipart bodies split into parts. */
export function parseMailHogContent(text: string, depth = 0): MailHogContent {
  const blank = /\r?\n\r?\n/.exec(text);
  const headerText = blank ? text.slice(0, blank.index) : '';
  const body = blank ? text.slice(blank.index + blank[0].length) : text;
  const headers = parseHeaderBlock(headerText);
  const boundary = depth < MAX_MIME_DEPTH ? multipartBoundary(headers) : null;
  return {
    Headers: headers,
    Body: body,
    Size: Buffer.byteLength(text),
    MIME: boundary ? { Parts: splitParts(body, boundary).map((part) => parseMailHogContent(part, depth + 1)) } : null,
  };
}

/** Header fields by name as written, values in order, folded lines joined (RFC 5322 2.2.3). */
function parseHeaderBlock(text: string): Record<string, string[]> {
  // A Map, then fromEntries: a header named "__proto__" stays a plain key.
  const headers = new Map<string, string[]>();
  let last: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) {
      if (last && last.length > 0) last[last.length - 1] += line;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      last = null;
      continue;
    }
    const name = line.slice(0, colon).trimEnd();
    last = headers.get(name) ?? [];
    headers.set(name, last);
    last.push(line.slice(colon + 1).trim());
  }
  return Object.fromEntries(headers);
}

function multipartBoundary(headers: Record<string, string[]>): string | null {
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1][0] ?? '';
  if (!/^\s*multipart\//i.test(contentType)) return null;
  const match = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

/** The parts between `--boundary` lines (RFC 2046 5.1.1): no preamble, no epilogue. */
function splitParts(body: string, boundary: string): string[] {
  const pieces = body.split(`--${boundary}`);
  const parts: string[] = [];
  // pieces[0] is the preamble; a piece starting with "--" is the close delimiter's epilogue.
  for (const piece of pieces.slice(1)) {
    if (piece.startsWith('--')) break;
    parts.push(piece.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n$/, ''));
  }
  return parts;
}
