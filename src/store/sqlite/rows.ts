import type { Address, CaptureSource, Envelope, MessageSummary } from '../../core/types.js';

/** The columns a summary is read from, over `messages AS m`; tags come sorted, as JSON. */
export const summaryColumns = `m.seq, m.id, m.inbox, m.created, m.read, m.message_id, m.subject,
  m.addresses, m.username, m.size, m.attachments, m.snippet,
  (SELECT json_group_array(t.name ORDER BY t.name COLLATE NOCASE)
     FROM message_tags mt JOIN tags t ON t.id = mt.tag_id WHERE mt.seq = m.seq) AS tags`;

/** A row as `summaryColumns` reads it. */
export interface SummaryRow {
  seq: number;
  id: string;
  inbox: string;
  created: number;
  read: number;
  message_id: string;
  subject: string;
  addresses: string;
  username: string;
  size: number;
  attachments: number;
  snippet: string;
  tags: string;
}

/** A summary row with what `get` adds. */
export interface MessageRow extends SummaryRow {
  source: string;
  envelope: string;
  encoding: string;
  raw: Buffer;
}

/** The address fields, as stored in `messages.addresses`. */
export interface StoredAddresses {
  from: Address | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
}

/** Builds the summary a row stands for (`MessageTable.insertOne` builds the same one as it writes a row). */
export function rowToSummary(row: SummaryRow): MessageSummary {
  const a = JSON.parse(row.addresses) as StoredAddresses;
  return {
    id: row.id,
    inbox: row.inbox,
    messageId: row.message_id,
    read: row.read === 1,
    from: a.from,
    to: a.to,
    cc: a.cc,
    bcc: a.bcc,
    replyTo: a.replyTo,
    subject: row.subject,
    created: new Date(row.created),
    username: row.username,
    tags: JSON.parse(row.tags) as string[],
    size: row.size,
    attachments: row.attachments,
    snippet: row.snippet,
  };
}

/** The envelope and source of a full row. */
export function rowToOrigin(row: MessageRow): { envelope: Envelope; source: CaptureSource } {
  return { envelope: JSON.parse(row.envelope) as Envelope, source: row.source as CaptureSource };
}

/** Address fields as one line of text for the full-text index: "Name address, …". */
export function addressText(list: readonly (Address | null)[]): string {
  return list
    .filter((a): a is Address => a !== null)
    .map((a) => (a.name ? `${a.name} ${a.address}` : a.address))
    .join(', ');
}
