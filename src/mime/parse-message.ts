import { createHash } from 'node:crypto';
import PostalMime, { type Attachment, type Email } from 'postal-mime';
import type { Address, MessagePart, ParsedMessage } from '../core/types.js';
import { readHeaderFields } from './header-block.js';
import { bareMessageId, listFieldsOf, parseAddressList } from './header-fields.js';
import { readListUnsubscribe } from './list-unsubscribe.js';
import { mimeLeaves } from './mime-leaves.js';
import { makeSnippet } from './snippet.js';

/**
 * Parser limits. postal-mime's defaults already stop the known attacks (deep nesting, huge
 * header blocks, rfc822 recursion bombs); these are tighter where a sandbox can afford it.
 */
const PARSE_OPTIONS = {
  // A nesting bomb costs memory per level; real mail rarely nests past 10.
  maxNestingDepth: 64,
  // 2 MB of headers is already absurd; keep the parser's own cap.
  maxHeadersSize: 2 * 1024 * 1024,
  attachmentEncoding: 'arraybuffer',
} as const;

/** A file part with its decoded bytes, for downloads and checks. */
export interface PartContent {
  part: MessagePart;
  content: Buffer;
  /** Shown in the body (cid:) rather than offered as a file. */
  inline: boolean;
}

/** The full parse: every view of a message (text, HTML, parts) comes from here. */
export async function parseMessage(raw: Buffer): Promise<ParsedMessage> {
  const { parsed } = await parseWithParts(raw);
  return parsed;
}

/** One file part's bytes by its PartID, or null. */
export async function getPart(raw: Buffer, partId: string): Promise<{
  content: Buffer;
  contentType: string;
  fileName: string;
  contentId: string;
} | null> {
  const { parts } = await parseWithParts(raw);
  const found = parts.find((p) => p.part.partId === partId);
  if (!found) return null;
  const { contentType, fileName, contentId } = found.part;
  return { content: found.content, contentType, fileName, contentId };
}

/** Parses once and returns both the message and its file parts' bytes. */
export async function parseWithParts(raw: Buffer): Promise<{ parsed: ParsedMessage; parts: PartContent[] }> {
  // Headers come from our own reader so the views agree with the list (repeated Bcc etc.).
  const headerFields = readHeaderFields(raw);
  const headers = listFieldsOf(headerFields);
  const returnPath = headerFields.find((f) => f.name.toLowerCase() === 'return-path')?.value ?? '';
  let email: Email | null = null;
  let parseError: string | null = null;
  try {
    email = await PostalMime.parse(raw, PARSE_OPTIONS);
  } catch (err) {
    parseError = err instanceof Error ? err.message : String(err);
  }
  const attachments = email?.attachments ?? [];
  const asSent = calendarBytesAsSent(raw, attachments);
  const parts: PartContent[] = attachments.map((a, i) => toPartContent(a, i, asSent.get(a)));
  const text = email?.text ?? (email ? '' : bodyAsText(raw));
  const html = email?.html ?? '';
  const parsed: ParsedMessage = {
    messageId: headers.messageId || bareMessageId(email?.messageId ?? ''),
    from: headers.from,
    to: headers.to,
    cc: headers.cc,
    bcc: headers.bcc,
    replyTo: headers.replyTo,
    subject: headers.subject,
    date: headers.date,
    returnPath: bareMessageId(returnPath),
    text,
    html,
    attachments: parts.filter((p) => !isInline(p)).map((p) => p.part),
    inline: parts.filter(isInline).map((p) => p.part),
    listUnsubscribe: readListUnsubscribe(headerFields),
    snippet: makeSnippet(text, html),
    parseError,
  };
  return { parsed, parts };
}

function isInline(p: PartContent): boolean {
  return p.part.contentId !== '' && p.inline;
}

function toPartContent(a: Attachment, index: number, asSent?: Buffer): PartContent {
  const content = asSent ?? Buffer.from(a.content instanceof ArrayBuffer ? new Uint8Array(a.content) : (a.content as Uint8Array));
  const contentId = bareMessageId(a.contentId ?? '');
  return {
    inline: a.disposition === 'inline' || (a.disposition === null && a.related === true),
    content,
    part: {
      partId: String(index + 1),
      fileName: a.filename ?? '',
      contentType: a.mimeType || 'application/octet-stream',
      contentId,
      size: content.length,
      checksums: {
        md5: createHash('md5').update(content).digest('hex'),
        sha1: createHash('sha1').update(content).digest('hex'),
        sha256: createHash('sha256').update(content).digest('hex'),
      },
    },
  };
}

const isCalendarType = (type: string) => /^(text\/calendar|application\/ics)$/i.test(type);

/**
 * postal-mime hands calendar parts back re-encoded as UTF-8 with LF line ends and one final
 * newline; a part's download, size and checksums must be the bytes that were sent. Matched to
 * the raw MIME leaves in order; when the counts differ (calendars inside a nested message),
 * the parser's bytes are kept.
 */
function calendarBytesAsSent(raw: Buffer, attachments: Attachment[]): Map<Attachment, Buffer> {
  const calendars = attachments.filter((a) => isCalendarType(a.mimeType));
  if (calendars.length === 0) return new Map();
  const leaves = mimeLeaves(raw).filter((leaf) => isCalendarType(leaf.type));
  if (leaves.length !== calendars.length) return new Map();
  return new Map(calendars.map((a, i) => [a, leaves[i].bytes]));
}

/** When MIME parsing fails, the body after the header block is shown as text. */
function bodyAsText(raw: Buffer): string {
  const text = raw.toString('utf8');
  const blank = text.indexOf('\r\n\r\n');
  return blank === -1 ? '' : text.slice(blank + 4);
}

/** Every address a message names, for search text. */
export function addressesOf(p: Pick<ParsedMessage, 'from' | 'to' | 'cc' | 'bcc' | 'replyTo'>): Address[] {
  return [...(p.from ? [p.from] : []), ...p.to, ...p.cc, ...p.bcc, ...p.replyTo];
}

export { parseAddressList };
