import { findCodes, type CodeOptions } from './codes.js';
import { htmlToText } from './html-text.js';
import type { HttpClient } from './http.js';
import { extractLinks, type MessageLink } from './links.js';
import type {
  ApiAddress,
  ApiMessage,
  ApiPart,
  AuthCheckResult,
  CalendarResult,
  HtmlCheckResult,
  LinkCheckResult,
  LintResult,
  RspamdCheckResult,
  SpamCheckResult,
} from './types.js';

/** An attachment with a way to download its decoded content. */
export interface MessageAttachment {
  partId: string;
  fileName: string;
  contentType: string;
  /** Content-ID without angle brackets, or ''. */
  contentId: string;
  /** Decoded size in bytes. */
  size: number;
  /** The decoded bytes, fetched from devmail. */
  content(): Promise<Uint8Array>;
}

/**
 * A captured message with helpers for tests: its bodies, links, one-time codes, attachments
 * and headers. `data` is the API's JSON (Mailpit's `Message`), for anything the helpers do not
 * cover.
 */
export class DevmailMessage {
  /** The API's JSON for this message. */
  readonly data: ApiMessage;
  private readonly http: HttpClient;
  private readonly codePattern: RegExp | undefined;

  /** @internal Made by `DevmailClient`. */
  constructor(data: ApiMessage, http: HttpClient, codePattern?: RegExp) {
    this.data = data;
    this.http = http;
    this.codePattern = codePattern;
  }

  /** devmail's ID of the message. */
  get id(): string {
    return this.data.ID;
  }

  /** The Subject header, decoded. */
  get subject(): string {
    return this.data.Subject;
  }

  /** The From mailbox, or null when there is none. */
  get from(): ApiAddress | null {
    return this.data.From;
  }

  /** The To mailboxes. */
  get to(): ApiAddress[] {
    return this.data.To;
  }

  /** The Cc mailboxes. */
  get cc(): ApiAddress[] {
    return this.data.Cc;
  }

  /** The Bcc mailboxes (envelope-only recipients included). */
  get bcc(): ApiAddress[] {
    return this.data.Bcc;
  }

  /** When devmail received it (or the Date header, as the API reports it). */
  get date(): Date {
    return new Date(this.data.Date);
  }

  /** The text part ('' when the message has none). */
  text(): string {
    return this.data.Text;
  }

  /** The HTML part as sent ('' when none). Hostile content: never render it with privileges. */
  html(): string {
    return this.data.HTML;
  }

  /** The text part, or the HTML part's visible text when there is no text part. */
  plainText(): string {
    return this.data.Text || htmlToText(this.data.HTML);
  }

  /** Every http(s) link of the HTML and text parts, de-duplicated, each with its anchor text. */
  links(): MessageLink[] {
    return extractLinks(this.data.HTML, this.data.Text);
  }

  /** The first link whose URL or anchor text matches `match`, or undefined. */
  link(match: RegExp | string): MessageLink | undefined {
    const test = (s: string) => (typeof match === 'string' ? s.includes(match) : match.test(s));
    return this.links().find((l) => test(l.url) || test(l.text));
  }

  /**
   * One-time codes (4–8 standalone digits, or the client's / the given pattern) in the text,
   * those after a word like "code" or "verification" first.
   */
  codes(options: CodeOptions = {}): string[] {
    const text = [this.data.Subject, this.data.Text, htmlToText(this.data.HTML)].join('\n');
    return findCodes(text, { pattern: options.pattern ?? this.codePattern });
  }

  /** The most likely one-time code, or undefined. */
  code(options: CodeOptions = {}): string | undefined {
    return this.codes(options)[0];
  }

  /** Attachments (not inline parts), each with `content()` to download it. */
  attachments(): MessageAttachment[] {
    return this.data.Attachments.map((part) => this.toAttachment(part));
  }

  /** Inline (cid:) parts, each with `content()` to download it. */
  inlineParts(): MessageAttachment[] {
    return this.data.Inline.map((part) => this.toAttachment(part));
  }

  /** Every header by name, values in order (fetched from devmail). */
  async headers(): Promise<Record<string, string[]>> {
    return this.http.json('GET', `/api/v1/message/${encodeURIComponent(this.id)}/headers`);
  }

  /** The first value of one header (name case-insensitive), or undefined. */
  async header(name: string): Promise<string | undefined> {
    const wanted = name.toLowerCase();
    const entry = Object.entries(await this.headers()).find(([key]) => key.toLowerCase() === wanted);
    return entry?.[1][0];
  }

  /** The raw RFC 5322 source as stored. */
  async raw(): Promise<string> {
    return (await this.http.request('GET', `/api/v1/message/${encodeURIComponent(this.id)}/raw`)).text();
  }

  /** The HTML check (Mailpit's `html-check` route): the HTML's support across mail clients. */
  async htmlCheck(): Promise<HtmlCheckResult> {
    return this.check('html-check');
  }

  /** The link check (Mailpit's `link-check` route); `follow` follows redirects. */
  async linkCheck(options: { follow?: boolean } = {}): Promise<LinkCheckResult> {
    const query = { follow: options.follow ? 'true' : undefined };
    return this.http.json('GET', `/api/v1/message/${encodeURIComponent(this.id)}/link-check`, { query });
  }

  /** The spam check (Mailpit's `sa-check` route): score and rules; needs `--enable-spamassassin`. */
  async spamCheck(): Promise<SpamCheckResult> {
    return this.check('sa-check');
  }

  /** The Rspamd check (`rspamd-check` route): score, action and symbols; needs `--enable-rspamd`. */
  async rspamdCheck(): Promise<RspamdCheckResult> {
    return this.check('rspamd-check');
  }

  /** The lint (`lint` route): findings on headers, bodies, parts and charsets. */
  async lint(): Promise<LintResult> {
    return this.check('lint');
  }

  /** The authentication check (`auth-check` route): DKIM, SPF, DMARC and ARC verdicts. */
  async authCheck(): Promise<AuthCheckResult> {
    return this.check('auth-check');
  }

  /** The calendar invitations the message carries (`calendar` route), summarised. */
  async calendar(): Promise<CalendarResult> {
    return this.check('calendar');
  }

  private check<T>(name: string): Promise<T> {
    return this.http.json('GET', `/api/v1/message/${encodeURIComponent(this.id)}/${name}`);
  }

  private toAttachment(part: ApiPart): MessageAttachment {
    const path = `/api/v1/message/${encodeURIComponent(this.id)}/part/${encodeURIComponent(part.PartID)}`;
    return {
      partId: part.PartID,
      fileName: part.FileName,
      contentType: part.ContentType,
      contentId: part.ContentID,
      size: part.Size,
      content: async () => new Uint8Array(await (await this.http.request('GET', path)).arrayBuffer()),
    };
  }
}
