import type { Envelope } from '../../core/types.js';
import { badRequest } from '../errors.js';
import type { SendAttachment, SendBody, SendMailbox } from '../schemas/send.js';

/** Headers the JSON fields own; setting them through `Headers` is refused, as in Mailpit. */
const RESTRICTED_HEADERS = ['to', 'from', 'cc', 'bcc', 'reply-to', 'date', 'subject', 'content-type', 'mime-version'];

/** RFC 5322 field name: printable ASCII except ':' and space. */
const HEADER_NAME = /^[!-9;-~]+$/;

/** A bare address: no spaces, brackets or commas, one '@' with something on both sides. */
const BARE_ADDRESS = /^[^\s@<>(),;:"\\]+@[^\s@<>(),;:"\\]+$/;

/** A send request turned into bytes and an envelope, ready for `ingest.capture`. */
export interface ComposedMessage {
  raw: Buffer;
  envelope: Pick<Envelope, 'mailFrom' | 'rcptTo'>;
}

/**
 * Checks a Mailpit send request and builds its MIME message with nodemailer's composer.
 * Every refusal is a 400 naming what was wrong (Mailpit's wording where it has one).
 */
export async function composeSendRequest(body: SendBody): Promise<ComposedMessage> {
  const from = checkMailbox(body.From, 'From');
  const to = (body.To ?? []).map((m) => checkMailbox(m, 'To'));
  const cc = (body.Cc ?? []).map((m) => checkMailbox(m, 'Cc'));
  const replyTo = (body.ReplyTo ?? []).map((m) => checkMailbox(m, 'Reply-To'));
  const bcc = (body.Bcc ?? []).map((address) => checkAddress(address, 'Bcc'));
  const tags = body.Tags ?? [];
  const headers = checkHeaders(body.Headers ?? {}, tags.length > 0);
  if (tags.length > 0) headers['X-Tags'] = tags.join(', ');

  // nodemailer's composer is loaded on the first send: most servers never take mail over HTTP.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const composer = new MailComposer({
    from,
    to,
    cc,
    bcc,
    replyTo,
    subject: body.Subject ?? '',
    text: body.Text ?? '',
    html: body.HTML || undefined,
    headers,
    attachments: (body.Attachments ?? []).map(toAttachment),
  });
  const node = composer.compile();
  // Keep Bcc in the stored copy: a sandbox shows who was blind-copied.
  node.keepBcc = true;
  const raw = await node.build();
  return {
    raw,
    envelope: { mailFrom: from.address, rcptTo: [...to, ...cc].map((m) => m.address).concat(bcc) },
  };
}

function checkMailbox(mailbox: SendMailbox, field: string): { name: string; address: string } {
  return { name: checkHeaderValue(mailbox.Name ?? '', `${field} name`), address: checkAddress(mailbox.Email, field) };
}

function checkAddress(address: string, field: string): string {
  const trimmed = address.trim();
  return BARE_ADDRESS.test(trimmed) ? trimmed : badRequest(`invalid ${field} address: ${address}`);
}

function checkHeaders(given: Record<string, string>, hasTags: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const lower = name.toLowerCase();
    if (RESTRICTED_HEADERS.includes(lower) || (hasTags && lower === 'x-tags')) {
      badRequest(`cannot overwrite header: "${name}"`);
    }
    if (!HEADER_NAME.test(name)) badRequest(`invalid header name: "${name}"`);
    headers[name] = checkHeaderValue(value, `header "${name}"`);
  }
  return headers;
}

/** CR or LF in a value would start a new header line: refused, never passed on. */
function checkHeaderValue(value: string, what: string): string {
  return /[\r\n]/.test(value) ? badRequest(`invalid ${what}: line breaks are not allowed`) : value;
}

function toAttachment(attachment: SendAttachment) {
  // The UI sends `data:…;base64,` URLs (FileReader.readAsDataURL); the part after the comma counts.
  const encoded = (attachment.Content.split(',').pop() ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1) {
    badRequest(`error decoding base64 attachment "${attachment.Filename}"`);
  }
  return {
    filename: attachment.Filename,
    content: Buffer.from(encoded, 'base64'),
    contentType: attachment.ContentType || undefined,
    cid: attachment.ContentID || undefined,
  };
}
