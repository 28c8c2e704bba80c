import { formatRfc5322Date } from '../mime/date-format.js';

/**
 * The messages the load generator sends. The body is built once per size and shared by every
 * message; only a few hundred bytes of headers (unique Message-ID, a marker line) are made per
 * message, so building mail never competes with the server for the CPU.
 */

/** Subject words, one per message in turn, so a search for one word matches a known share. */
export const SUBJECT_WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'] as const;

/** Number of distinct From addresses (`sender-0@…` to `sender-19@…`), for `from:` searches. */
export const SENDER_COUNT = 20;

/** The domain of every address the load generator uses. */
export const LOAD_DOMAIN = 'load.devmail.test';

// Filler words for the body: plain lower-case ASCII, none of them a subject word, so a search
// for a subject word finds only the messages that carry it.
const FILLER_WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore ' +
  'et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ' +
  'ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum eu fugiat nulla ' +
  'pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum'
).split(' ');

/** A family of load messages of one size. */
export interface LoadMessageTemplate {
  /** Target size of one message in bytes (the real size is within a few bytes of it). */
  sizeBytes: number;
  /** Envelope sender and recipients. */
  mailFrom: string;
  rcptTo: string[];
  /** The headers and marker line of message `seq` (unique per run and seq). */
  headFor(seq: number): Buffer;
  /** The body shared by every message, as sent (no line starts with '.', so no dot-stuffing). */
  body: Buffer;
  /** `body` followed by the DATA terminator: what goes on the wire after `headFor(seq)`. */
  bodyWithTerminator: Buffer;
  /** The marker text in message `seq`'s first body line. */
  markerFor(seq: number): string;
  /** Message `seq` exactly as sent (head + body), e.g. to compare with what was stored. */
  messageFor(seq: number): Buffer;
}

/** Options of `buildLoadTemplate`. */
export interface LoadTemplateOptions {
  sizeBytes: number;
  /**
   * A multipart/alternative of a text part and a quoted-printable HTML part of about the same
   * size, as mail libraries send (default: one text part).
   */
  html?: boolean;
  /** Tells runs apart in Message-IDs and markers (default: random). */
  runId?: string;
  mailFrom?: string;
  rcptTo?: string[];
}

/** Builds the template for one message size. */
export function buildLoadTemplate(opts: LoadTemplateOptions): LoadMessageTemplate {
  const runId = opts.runId ?? Math.random().toString(36).slice(2, 10);
  const mailFrom = opts.mailFrom ?? `load@${LOAD_DOMAIN}`;
  const rcptTo = opts.rcptTo ?? [`inbox@${LOAD_DOMAIN}`];
  // One Date for the run: formatting a date per message would be per-message work for nothing.
  const date = formatRfc5322Date(new Date());
  const to = rcptTo.join(', ');
  const markerFor = (seq: number) => `marker ${runId}-${seq}`;
  // With html, the head opens the text part (the marker is its first line); the body ends it
  // and carries the HTML part.
  const boundary = `=_load_${runId}`;
  const contentType = opts.html
    ? `Content-Type: multipart/alternative; boundary="${boundary}"\r\n\r\n--${boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n`
    : 'Content-Type: text/plain; charset=us-ascii\r\n';
  const headFor = (seq: number) =>
    Buffer.from(
      `From: Load Sender ${seq % SENDER_COUNT} <sender-${seq % SENDER_COUNT}@${LOAD_DOMAIN}>\r\n` +
        `To: ${to}\r\n` +
        `Subject: load ${runId} message ${seq} ${SUBJECT_WORDS[seq % SUBJECT_WORDS.length]}\r\n` +
        `Message-ID: <${runId}.${seq}@${LOAD_DOMAIN}>\r\n` +
        `Date: ${date}\r\n` +
        'MIME-Version: 1.0\r\n' +
        contentType +
        '\r\n' +
        `${markerFor(seq)}\r\n`,
      'latin1',
    );
  const headBytes = headFor(0).length;
  const bodyBytes = Math.max(0, opts.sizeBytes - headBytes);
  const body = opts.html ? alternativeBody(bodyBytes, boundary) : fillerBody(bodyBytes);
  const bodyWithTerminator = Buffer.concat([body, Buffer.from('.\r\n')]);
  return {
    sizeBytes: opts.sizeBytes,
    mailFrom,
    rcptTo,
    headFor,
    body,
    bodyWithTerminator,
    markerFor,
    messageFor: (seq) => Buffer.concat([headFor(seq), body]),
  };
}

/**
 * The rest of a multipart/alternative in about `bytes`: the text part's filler, then an HTML
 * part of paragraphs, quoted-printable in lines of at most 76 characters (soft breaks, `=3D`),
 * then the closing delimiter.
 */
function alternativeBody(bytes: number, boundary: string): Buffer {
  const htmlHead = `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n`;
  const end = `--${boundary}--\r\n`;
  const room = Math.max(0, bytes - htmlHead.length - end.length);
  const text = fillerBody(Math.floor(room / 2));
  const htmlRoom = room - text.length;
  const words = fillerBody(htmlRoom).toString('latin1').split(/\s+/).filter(Boolean);
  const encoded = (paragraph: string) => quotedPrintable(`<p style="margin:0 0 12px">${paragraph}</p>`);
  let html = '';
  let paragraph = '';
  for (const word of words) {
    const longer = paragraph ? `${paragraph} ${word}` : word;
    if (html.length + encoded(longer).length > htmlRoom) break;
    paragraph = longer;
    if (paragraph.length > 140) {
      html += encoded(paragraph);
      paragraph = '';
    }
  }
  if (paragraph) html += encoded(paragraph);
  return Buffer.concat([text, Buffer.from(htmlHead + html + end, 'latin1')]);
}

/** One line of ASCII as quoted-printable: `=` escaped, soft breaks keeping lines within 76. */
function quotedPrintable(line: string): string {
  const escaped = line.replace(/=/g, '=3D');
  let out = '';
  let pos = 0;
  while (escaped.length - pos > 76) {
    let cut = pos + 75;
    if (escaped[cut - 1] === '=') cut -= 1; // never split an escape
    else if (escaped[cut - 2] === '=') cut -= 2;
    out += `${escaped.slice(pos, cut)}=\r\n`;
    pos = cut;
  }
  return `${out}${escaped.slice(pos)}\r\n`;
}

/**
 * About `bytes` of text in lines of at most 76 characters (RFC 5322 2.1.1 asks for 78), made of
 * words from a fixed list in a fixed pseudo-random order: compressible like real text, the same
 * in every run.
 */
function fillerBody(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let pos = 0;
  let seed = 12345;
  const nextWord = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return FILLER_WORDS[seed % FILLER_WORDS.length];
  };
  // Stop when fewer than 3 bytes are left (a character and a line end): the size is "about".
  while (bytes - pos >= 3) {
    const limit = Math.min(76, bytes - pos - 2);
    let line = nextWord();
    for (let word = nextWord(); line.length + 1 + word.length <= limit; word = nextWord()) line += ` ${word}`;
    if (line.length > limit) line = line.slice(0, limit);
    pos += out.write(`${line}\r\n`, pos, 'latin1');
  }
  return out.subarray(0, pos);
}
