import type { Address, MessagePart, ParsedMessage, StoredMessage } from '../../../core/types.js';

/**
 * devmail's messages in MailDev's JSON shape (`Email` of MailDev 2.x and 3.x), for
 * `cypress-maildev` and scripts written against MailDev.
 */

/** MailDev's address. */
export interface MailDevAddress {
  address: string;
  name: string;
}

/** MailDev's attachment facts. */
export interface MailDevAttachment {
  filename: string;
  /** The name its download route takes (`/email/{id}/attachment/{generatedFileName}`). */
  generatedFileName: string;
  contentType: string;
  contentId?: string;
  contentDisposition: 'inline' | 'attachment';
  size: number;
  checksum: string;
}

/** MailDev's email. */
export interface MailDevEmail {
  id: string;
  time: string;
  read: boolean;
  subject: string;
  messageId: string;
  priority: 'normal' | 'high' | 'low';
  from: MailDevAddress[];
  to: MailDevAddress[];
  cc?: MailDevAddress[];
  bcc?: MailDevAddress[];
  /** Envelope recipients named in no header. */
  calculatedBcc: MailDevAddress[];
  date: string;
  headers: Record<string, string | string[]>;
  text: string;
  html: string;
  attachments: MailDevAttachment[];
  envelope: {
    from: { address: string; args: false };
    to: { address: string; args: false }[];
    host: string;
    remoteAddress: string;
  };
  size: number;
  sizeHuman: string;
}

/** MailDev's list row of `/api/email/summary` (3.x). */
export interface MailDevSummary {
  id: string;
  time: string;
  read: boolean;
  subject: string;
  size: number;
  sizeHuman: string;
  from: MailDevAddress[];
  to: MailDevAddress[];
  cc?: MailDevAddress[];
  attachmentCount: number;
  preview: string;
}

const toAddress = (a: Address): MailDevAddress => ({ address: a.address, name: a.name });

/** The name a part is downloaded by: its file name, else its Content-ID, else its part number. */
export function attachmentFileName(part: MessagePart): string {
  return part.fileName || part.contentId || `part-${part.partId}`;
}

/** One message as MailDev's email. `headers` are the stored headers by name. */
export function toMailDevEmail(stored: StoredMessage, parsed: ParsedMessage, headers: Record<string, string[]>): MailDevEmail {
  const { summary, envelope } = stored;
  const named = new Set([...summary.to, ...summary.cc].map((a) => a.address.toLowerCase()));
  const email: MailDevEmail = {
    id: summary.id,
    time: summary.created.toISOString(),
    read: summary.read,
    subject: summary.subject,
    messageId: summary.messageId,
    priority: priorityOf(headers),
    from: summary.from ? [toAddress(summary.from)] : [],
    to: summary.to.map(toAddress),
    calculatedBcc: envelope.rcptTo.filter((r) => !named.has(r.toLowerCase())).map((address) => ({ address, name: '' })),
    date: (parsed.date ?? summary.created).toISOString(),
    headers: toMailDevHeaders(headers),
    text: parsed.text,
    html: parsed.html,
    attachments: [
      ...parsed.attachments.map((p) => toAttachment(p, 'attachment')),
      ...parsed.inline.map((p) => toAttachment(p, 'inline')),
    ],
    envelope: {
      from: { address: envelope.mailFrom, args: false },
      to: envelope.rcptTo.map((address) => ({ address, args: false as const })),
      host: envelope.heloName ?? '',
      remoteAddress: envelope.clientAddress ?? '',
    },
    size: summary.size,
    sizeHuman: formatSize(summary.size),
  };
  // MailDev leaves cc and bcc out when the message has none.
  if (summary.cc.length > 0) email.cc = summary.cc.map(toAddress);
  if (summary.bcc.length > 0) email.bcc = summary.bcc.map(toAddress);
  return email;
}

/** The 3.x list row: the email without bodies and headers, with a 140-character preview. */
export function toMailDevSummary(email: MailDevEmail): MailDevSummary {
  const row: MailDevSummary = {
    id: email.id,
    time: email.time,
    read: email.read,
    subject: email.subject,
    size: email.size,
    sizeHuman: email.sizeHuman,
    from: email.from,
    to: email.to,
    attachmentCount: email.attachments.length,
    preview: email.text.replace(/\s+/g, ' ').trim().slice(0, 140),
  };
  if (email.cc) row.cc = email.cc;
  return row;
}

/** Headers as MailDev's parser gives them: lowercase names, one string, or an array when repeated. */
export function toMailDevHeaders(headers: Record<string, string[]>): Record<string, string | string[]> {
  const merged = new Map<string, string[]>();
  for (const [name, values] of Object.entries(headers)) {
    const key = name.toLowerCase();
    merged.set(key, [...(merged.get(key) ?? []), ...values]);
  }
  return Object.fromEntries([...merged].map(([key, values]) => [key, values.length === 1 ? values[0] : values]));
}

/** Sizes as MailDev writes them: `0 Bytes`, `512 Bytes`, `1.5 KB`, `2.25 MB`. */
export function formatSize(bytes: number): string {
  if (bytes <= 0) return '0 Bytes';
  const units = ['Bytes', 'KB', 'MB', 'GB', 'TB'];
  const unit = Math.min(Math.floor(Math.log(bytes) / Math.log(1024)), units.length - 1);
  return `${parseFloat((bytes / 1024 ** unit).toFixed(2))} ${units[unit]}`;
}

/**
 * MailDev's filter on `GET /email?key=value`: every key (a dotted path such as `to.address`)
 * must equal the value as a string; through an array, any element may.
 */
export function matchesMailDevFilter(email: MailDevEmail, filter: Record<string, string>): boolean {
  return Object.entries(filter).every(([path, wanted]) => {
    const value = valueAt(email, path);
    if (value === undefined) return false;
    return Array.isArray(value) ? value.some((v) => String(v) === wanted) : String(value) === wanted;
  });
}

function valueAt(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const key of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) return current.map((item) => (isRecord(item) && Object.hasOwn(item, key) ? item[key] : undefined));
    // Own properties only: `constructor` or `__proto__` in a query name nothing.
    if (!isRecord(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function toAttachment(part: MessagePart, disposition: 'inline' | 'attachment'): MailDevAttachment {
  const attachment: MailDevAttachment = {
    filename: part.fileName,
    generatedFileName: attachmentFileName(part),
    contentType: part.contentType,
    contentDisposition: disposition,
    size: part.size,
    checksum: part.checksums.md5,
  };
  if (part.contentId) attachment.contentId = part.contentId;
  return attachment;
}

function priorityOf(headers: Record<string, string[]>): 'normal' | 'high' | 'low' {
  const value = (name: string) =>
    Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1][0]?.trim().toLowerCase() ?? '';
  const xPriority = value('x-priority');
  const importance = value('importance');
  if (/^[12]\b/.test(xPriority) || importance === 'high') return 'high';
  if (/^[45]\b/.test(xPriority) || importance === 'low') return 'low';
  return 'normal';
}
