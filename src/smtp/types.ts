import type { Envelope, TlsInfo } from '../core/types.js';
import type { Logger } from '../core/logger.js';
import type { SmtpConfig } from '../config/types.js';
import type { SessionLog } from './session-log.js';

/**
 * An SMTP reply a policy hook (or the engine) sends. Enhanced status codes (RFC 3463) are
 * added only once the client said EHLO (RFC 2034 §3); when `enhanced` is missing, `X.0.0`
 * of the reply's class is used. Code 421 always closes the connection (RFC 5321 §3.8).
 */
export interface SmtpReply {
  /** Three-digit reply code (RFC 5321 §4.2). */
  code: number;
  /** Enhanced status code such as "5.7.1" (RFC 3463); '' for none. */
  enhanced?: string;
  /** Reply text; several lines make a multi-line reply. CR and LF are stripped. */
  text: string | readonly string[];
  /** Close the connection after sending this reply. */
  disconnect?: boolean;
  /** Send nothing (with `disconnect`: drop the connection without a word, as a crash would). */
  silent?: boolean;
}

/** What the engine knows of a connection (a live view: copy it to keep a snapshot), given to every hook. */
export interface SessionInfo {
  /** Short random id, in every log line of this connection. */
  readonly id: string;
  /** Client IP (after PROXY protocol: the original client's). */
  readonly remoteAddress: string;
  /** Client port (after PROXY protocol: the original client's). */
  readonly remotePort: number;
  /** Our address the client connected to. */
  readonly localAddress: string;
  /** Our port the client connected to (the listener's, not a PROXY header's). */
  readonly localPort: number;
  /** Came through a PROXY protocol header. */
  readonly proxied: boolean;
  /** TLS facts once the connection is encrypted (STARTTLS or implicit), else null. */
  readonly tls: TlsInfo | null;
  /** Name given in the last EHLO/HELO, or null before it. */
  readonly heloName: string | null;
  /** The client said EHLO (not HELO): ESMTP, enhanced status codes. */
  readonly esmtp: boolean;
  /** User name after a successful AUTH, else null. */
  readonly authUser: string | null;
  /** Messages accepted on this connection so far. */
  readonly transactionCount: number;
}

/**
 * A policy hook's instruction that is not a reply: the stage goes on as usual, and from now on
 * the session reads the client's bytes at most this fast (a slow link; `null` lifts it).
 */
export interface ThrottleDirective {
  throttleBytesPerSecond: number | null;
}

/**
 * A policy hook's answer: nothing to go on as usual, a reply (4xx/5xx or `disconnect` fails the
 * stage; a 2xx/3xx succeeds with that text), or a throttle for the rest of the session.
 */
export type PolicyResult = SmtpReply | ThrottleDirective | void | undefined;

/** A policy hook's answer, now or later. */
export type PolicyVerdict = PolicyResult | Promise<PolicyResult>;

/**
 * What the engine calls at each stage. A hook may answer at once (cheap: pipelined replies stay
 * batched) or later, and may delay (the engine keeps the session busy, so the idle timeout does
 * not fire, and pipelined replies stay in order).
 * A hook that throws is answered like `onData` throwing (see `errorToReply`).
 */
export interface SmtpHandler {
  /** A connection arrived (after any PROXY header and implicit TLS), before the greeting. */
  onConnect?(s: SessionInfo): PolicyVerdict;
  /** EHLO or HELO with the given name. */
  onEhlo?(s: SessionInfo, name: string): PolicyVerdict;
  /** Credentials were verified for `user`; policy only (credential checks are the engine's). */
  onAuth?(s: SessionInfo, user: string): PolicyVerdict;
  /** MAIL FROM passed the engine's checks; `address` is '' for the null sender. */
  onMailFrom?(s: SessionInfo, address: string, params: Record<string, string>): PolicyVerdict;
  /** RCPT TO passed the engine's checks (limits, allowedRecipients). */
  onRcptTo?(s: SessionInfo, address: string, params: Record<string, string>): PolicyVerdict;
  /** DATA or the first BDAT was given, before any message bytes are accepted; only a refusal counts here. */
  onDataStart?(s: SessionInfo, envelope: Envelope): PolicyVerdict;
  /**
   * The finished message. Resolve `{ id }` once it is durably stored (→ `250 2.0.0 Ok: queued
   * as <id>`), or a reply to send instead. Throwing answers 451 4.3.0 unless the error is a
   * DevmailError of a policy code (see `errorToReply`).
   */
  onData(s: SessionInfo, envelope: Envelope, raw: Buffer): Promise<{ id: string } | SmtpReply>;
}

/** A running SMTP engine. */
export interface SmtpServer {
  /** Where the listeners are bound (port 0 resolved). */
  addresses(): { smtp: { host: string; port: number }; smtps: { host: string; port: number } | null };
  /**
   * Stops accepting; idle sessions get 421 4.3.2 at once, a session in a transaction gets it
   * when that ends; after `graceMs` (default 10 s) every remaining session gets 421 and is dropped.
   */
  close(opts?: { graceMs?: number }): Promise<void>;
  /** Open connections right now. */
  connectionCount(): number;
}

/** Options of `startSmtpServer`. */
export interface StartSmtpServerOptions {
  config: SmtpConfig;
  handler: SmtpHandler;
  logger: Logger;
  /** Where each session's transcript is kept; none when absent. */
  sessionLog?: SessionLog;
}
