import type { Address, MessagePart, MessageSummary, ParsedMessage } from '../../../core/types.js';
import { toMailpitHeaders } from '../../mapping/mailpit.js';

/**
 * devmail's messages in Inbucket's REST v1 JSON shapes (`JSONMessageHeaderV1`,
 * `JSONMessageV1`), for `inbucket-js-client` and scripts written against Inbucket.
 */

/** A list row of a mailbox. */
export interface InbucketPreview {
  mailbox: string;
  id: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  'posix-millis': number;
  size: number;
  seen: boolean;
}

/** An attachment with links to its bytes. */
export interface InbucketAttachment {
  filename: string;
  'content-type': string;
  'download-link': string;
  'view-link': string;
  md5: string;
}

/** A whole message. */
export interface InbucketMessage extends InbucketPreview {
  body: { text: string; html: string };
  header: Record<string, string[]>;
  attachments: InbucketAttachment[];
}

/** An address as Go's `mail.Address.String()` writes it: `"Name" <a@b>`, or `<a@b>` without a name. */
export function formatInbucketAddress(address: Address): string {
  if (!address.name) return `<${address.address}>`;
  return `"${address.name.replace(/(["\\])/g, '\\$1')}" <${address.address}>`;
}

/** A summary as a row of `mailbox`. */
export function toInbucketPreview(mailbox: string, summary: MessageSummary): InbucketPreview {
  return {
    mailbox,
    id: summary.id,
    from: summary.from ? formatInbucketAddress(summary.from) : '',
    to: summary.to.map(formatInbucketAddress),
    subject: summary.subject,
    date: summary.created.toISOString(),
    'posix-millis': summary.created.getTime(),
    size: summary.size,
    seen: summary.read,
  };
}

/**
 * The whole message. `partUrl` makes the absolute URL of a part's bytes (Inbucket's links are
 * absolute); both links point at it, the view link asking for it inline.
 */
export function toInbucketMessage(
  mailbox: string,
  summary: MessageSummary,
  parsed: ParsedMessage,
  headers: Record<string, string[]>,
  partUrl: (part: MessagePart) => string,
): InbucketMessage {
  return {
    ...toInbucketPreview(mailbox, summary),
    body: { text: parsed.text, html: parsed.html },
    header: toMailpitHeaders(headers),
    attachments: [...parsed.attachments, ...parsed.inline].map((part) => ({
      filename: part.fileName || part.contentId,
      'content-type': part.contentType,
      'download-link': partUrl(part),
      'view-link': partUrl(part),
      md5: part.checksums.md5,
    })),
  };
}
