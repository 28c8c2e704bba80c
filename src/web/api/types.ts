/**
 * The API's JSON as the UI reads it (Mailpit's v1 shapes plus devmail's additions). Written
 * out here, not imported: the UI talks to the server over HTTP only.
 */

/** A mailbox: display name (may be empty) and address. */
export interface Address {
  Name: string;
  Address: string;
}

/** A list row and the `new` event's data. */
export interface Summary {
  ID: string;
  MessageID: string;
  Read: boolean;
  From: Address | null;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  Subject: string;
  Created: string;
  Username: string;
  Tags: string[];
  Size: number;
  Attachments: number;
  Snippet: string;
}

/** A page of the list or a search. */
export interface ListPage {
  total: number;
  unread: number;
  messages_count: number;
  messages_unread: number;
  tags: string[];
  messages: Summary[];
}

/** An attachment or inline part. */
export interface Part {
  PartID: string;
  FileName: string;
  ContentType: string;
  ContentID: string;
  Size: number;
  Checksums: { MD5: string; SHA1: string; SHA256: string };
}

/** devmail's envelope facts on a message. */
export interface Envelope {
  MailFrom: string;
  RcptTo: string[];
  Helo: string;
  ClientIP: string;
  TLS: { Protocol: string; Cipher: string } | null;
  AuthUser: string;
  Source: string;
}

/** A whole message. */
export interface Message {
  ID: string;
  MessageID: string;
  From: Address | null;
  To: Address[];
  Cc: Address[];
  Bcc: Address[];
  ReplyTo: Address[];
  ReturnPath: string;
  Subject: string;
  Date: string;
  Tags: string[];
  Username: string;
  Text: string;
  HTML: string;
  Size: number;
  Inline: Part[];
  Attachments: Part[];
  Envelope?: Envelope;
  /** The SMTP session it came in on ('' when not over SMTP). */
  SessionID?: string;
}

/** Header values by name. */
export type Headers = Record<string, string[]>;

/** `/api/v1/webui`, the parts the UI uses. */
export interface WebUiConfig {
  Label: string;
  MessageRelay?: { Enabled: boolean; SMTPServer: string };
}

/** A frame of the live feed at /api/events. */
export type LiveEvent =
  | { Type: 'new'; Data: Summary }
  | { Type: 'update'; Data: { ID: string; Read?: boolean; Tags?: string[] } }
  | { Type: 'delete'; Data: { ID: string } }
  | { Type: 'prune' | 'truncate'; Data: null }
  | { Type: 'stats'; Data: { Total: number; Unread: number; Version: string } };
