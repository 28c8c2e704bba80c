/** A mailbox as written in a header: display name (may be empty) and address. */
export interface Address {
  name: string;
  address: string;
}

/** TLS facts of the connection a message came in on. */
export interface TlsInfo {
  protocol: string;
  cipher: string;
}

/** What the SMTP conversation (or an API/CLI caller) said about a message, apart from its bytes. */
export interface Envelope {
  /** MAIL FROM reverse-path without angle brackets; '' for the null sender `<>`. */
  mailFrom: string;
  /** RCPT TO forward-paths, in the order given, without angle brackets. */
  rcptTo: string[];
  /** Name the client gave in EHLO/HELO. */
  heloName?: string;
  /** Remote IP address (after PROXY protocol, the original client's). */
  clientAddress?: string;
  /** Set when the message arrived over TLS (STARTTLS or implicit). */
  tls?: TlsInfo | null;
  /** SMTP AUTH user name, when the client authenticated. */
  authUser?: string | null;
  /** The client asked for SMTPUTF8 on MAIL FROM. */
  smtpUtf8?: boolean;
  /** The SMTP session the message came in on (its transcript is in the session log), when it did. */
  sessionId?: string;
}

/** Where a captured message came from. */
export type CaptureSource = 'smtp' | 'api' | 'cli';

/** Digests of a part's decoded content, hex. */
export interface PartChecksums {
  md5: string;
  sha1: string;
  sha256: string;
}

/** A part of a message that is a file: an attachment or an inline (cid:) part. */
export interface MessagePart {
  /** Ordinal among the message's file parts ("1", "2", …) — stable for one raw message. */
  partId: string;
  fileName: string;
  contentType: string;
  /** Content-ID without angle brackets, or ''. */
  contentId: string;
  /** Decoded size in bytes. */
  size: number;
  checksums: PartChecksums;
}

/** List-Unsubscribe facts (RFC 2369, RFC 8058). */
export interface ListUnsubscribe {
  header: string;
  links: string[];
  errors: string;
  headerPost: string;
}

/** What the list, search and events need of a message: kept as columns, never re-parsed. */
export interface MessageSummary extends Omit<HeaderFields, 'date'> {
  id: string;
  inbox: string;
  read: boolean;
  /** When devmail stored it. */
  created: Date;
  /** SMTP AUTH user, or '' when none. */
  username: string;
  tags: string[];
  /** Raw size in bytes, as stored (after devmail's added headers). */
  size: number;
  /** Number of attachments (not counting inline parts). */
  attachments: number;
  /** Up to 250 characters of the text (or the HTML's text), whitespace folded. */
  snippet: string;
}

/** A fully parsed message: the header fields plus what the views (text, HTML, parts) need. */
export interface ParsedMessage extends HeaderFields {
  /** The Return-Path address without angle brackets, or ''. */
  returnPath: string;
  text: string;
  html: string;
  attachments: MessagePart[];
  inline: MessagePart[];
  listUnsubscribe: ListUnsubscribe;
  snippet: string;
  /** Set when MIME parsing failed: the raw message is kept and shown anyway. */
  parseError: string | null;
}

/**
 * What the list needs of a message's headers, read on the ack path without a full MIME parse
 * (a header block parses in microseconds; a full MIME parse costs ~0.2 ms for 2 KB here).
 */
export interface HeaderFields {
  messageId: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  subject: string;
  /** The Date header, or null when missing or unreadable. */
  date: Date | null;
}

/**
 * What an index is asked for: `list` the fields the list shows (snippet, counts; `searchText`
 * left empty), `search` the search text (`snippet` left empty), `all` both.
 */
export type IndexPart = 'list' | 'search' | 'all';

/** What the deferred full parse adds to a stored message: list fields and the search text. */
export interface IndexFields {
  snippet: string;
  /** Attachments, not counting inline parts. */
  attachments: number;
  /** Inline (cid:) parts. */
  inline: number;
  /** Free text for search: addresses, subject, text, HTML as text, attachment file names. */
  searchText: string;
  /** Set when the MIME parse failed; the raw message is kept and shown anyway. */
  parseError: string | null;
}

/** A stored message as the store returns it: the summary, the envelope and the raw bytes. */
export interface StoredMessage {
  summary: MessageSummary;
  envelope: Envelope;
  source: CaptureSource;
  /** The exact stored bytes (decompressed). The views re-parse these with `mime`. */
  raw: Buffer;
}
