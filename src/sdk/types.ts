import type {
  MailpitAddress,
  MailpitList,
  MailpitMessage,
  MailpitPart,
  MailpitSummary,
} from '../api/mapping/mailpit.js';
import type {
  AuthCheckResult as ApiAuthCheckResult,
  CalendarInvitation,
  HtmlCheckResponse,
  LinkCheckResponse,
  LintReport,
  RspamdResult,
  SpamAssassinResult,
} from '../checks/index.js';

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

/** Mailpit's link-check answer: each link's HTTP status (and devmail's redirects on the way). */
export type LinkCheckResult = LinkCheckResponse;

/** Mailpit's SpamAssassin answer (`sa-check`): verdict, score and each rule that fired. */
export type SpamCheckResult = SpamAssassinResult;

/** Mailpit's HTML-check answer (support of the message's HTML and CSS across mail clients). */
export type HtmlCheckResult = HtmlCheckResponse;

/** devmail's lint: findings on headers, bodies, parts and charsets, with counts by severity. */
export type LintResult = LintReport;

/** devmail's authentication result: DKIM, SPF, DMARC and ARC verdicts. */
export type AuthCheckResult = ApiAuthCheckResult;

/** devmail's Rspamd answer: verdict, score, action and each symbol. */
export type RspamdCheckResult = RspamdResult;

/** The message's calendar invitations, summarised. */
export interface CalendarResult {
  Invitations: CalendarInvitation[];
}
