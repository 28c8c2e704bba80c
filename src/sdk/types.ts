import type {
  MailpitAddress,
  MailpitList,
  MailpitMessage,
  MailpitPart,
  MailpitSummary,
} from '../api/mapping/mailpit.js';

/** A mailbox as the API writes it: `{ Name, Address }`. */
export type ApiAddress = MailpitAddress;
/** A list row as the API writes it (Mailpit's `MessageSummary`). */
export type ApiSummary = MailpitSummary;
/** A message as the API writes it (Mailpit's `Message`). */
export type ApiMessage = MailpitMessage;
/** An attachment or inline part as the API writes it. */
export type ApiPart = MailpitPart;
/** A page of messages as the API writes it (Mailpit's `MessagesSummary`). */
export type ApiList = MailpitList;

/** How the client reaches devmail. */
export interface DevmailClientOptions {
  /** Base URL of devmail's HTTP API, with its webroot: `http://localhost:8025`. */
  url: string | URL;
  /**
   * Credentials: `"user:password"` is sent as HTTP basic auth (what `--ui-auth-file` checks);
   * any other string as a bearer token. Credentials in `url` (`http://user:pass@host`) work too.
   */
  token?: string;
  /** The one-time-code pattern `Message.codes()` uses instead of 4–8 digits. */
  codePattern?: RegExp;
  /** A `fetch` to use instead of the global one (a proxy agent, a test double's recorder…). */
  fetch?: typeof fetch;
}

/** What `waitFor` waits for; every field given must hold. */
export interface WaitForCriteria {
  /** A recipient address in the To header. */
  to?: string;
  /** The sender's address or name. */
  from?: string;
  /** Words of the subject (prefix match, case-insensitive). */
  subject?: string;
  /** Anything else in the search language: `has:attachment tag:signup "exact phrase"`. */
  query?: string;
  /**
   * Only messages stored after this point: a message ID (from `checkpoint()` or a message),
   * a Date, or an RFC 3339 time. Without it a matching message already stored counts.
   */
  after?: string | Date;
  /** How long to wait in all (default 30 000 ms). */
  timeoutMs?: number;
}

/** A page request. */
export interface PageOptions {
  /** Offset (default 0). */
  start?: number;
  /** Page size (default 50; 0 for all). */
  limit?: number;
}

/** A page of message summaries with the mailbox's counts. */
export interface MessagePage {
  /** Messages in the mailbox. */
  total: number;
  /** Unread messages in the mailbox. */
  unread: number;
  /** Messages matching the search (equals `total` without one). */
  matching: number;
  start: number;
  messages: ApiSummary[];
}

/** Mailpit's link-check answer: each link's HTTP status. */
export interface LinkCheckResult {
  Errors: number;
  Links: { URL: string; StatusCode: number; Status: string }[];
}

/** Mailpit's SpamAssassin answer. */
export interface SpamCheckResult {
  Error: string;
  IsSpam: boolean;
  Score: number;
  Scores: { Rule: string; Score: number; Description: string }[];
}

/** Mailpit's HTML-check answer (support of the message's HTML and CSS across mail clients). */
export interface HtmlCheckResult {
  Total: Record<string, number>;
  Warnings: Record<string, unknown>[];
  Platforms: Record<string, string[]>;
}
