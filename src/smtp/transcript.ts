import { HeadTail } from './head-tail.js';
import type { SessionInfo } from './types.js';

/** Lines kept from the start of a session, and from its end: a long session keeps both ends. */
const HEAD_LINES = 250;
const TAIL_LINES = 250;
/** Likewise the IDs of the messages it delivered: a connection an app keeps open may send millions. */
const HEAD_MESSAGES = 100;
const TAIL_MESSAGES = 100;

/** Who wrote a transcript line: the client, the server, or the engine noting an event. */
export type TranscriptSource = 'client' | 'server' | 'event';

/** One line of a transcript. */
export interface TranscriptLine {
  /** Milliseconds since the connection arrived. */
  atMs: number;
  source: TranscriptSource;
  /** The command or reply as sent (CRLF removed), or the event. Secrets are `*hidden*`. */
  text: string;
}

/**
 * One SMTP session's conversation, recorded by the engine as it happens: appending a small
 * record per command, reply or event (the strings already exist for the protocol). AUTH
 * payloads and SASL responses are recorded as `*hidden*` by the session, never in clear.
 * Bounded: the first and last 250 lines are kept and the lines between are counted, and the
 * first and last 100 message IDs likewise (a session log of 1000 sessions then holds at most
 * some 50 MB even if every session is a long one).
 */
export class Transcript {
  /** When the connection arrived (epoch ms). */
  readonly startedAt = Date.now();
  /** When it closed (epoch ms), or null while open. */
  endedAt: number | null = null;
  /** How it ended, or null while open. */
  endReason: string | null = null;

  private readonly t0 = performance.now();
  private readonly kept = new HeadTail<TranscriptLine>(HEAD_LINES, TAIL_LINES);
  private readonly messages = new HeadTail<string>(HEAD_MESSAGES, TAIL_MESSAGES);
  private closeReason: string | null = null;

  /** `info` is the session's live view; it is read when the transcript is. */
  constructor(readonly info: SessionInfo) {}

  /** A command line from the client. */
  client(text: string): void {
    this.add('client', text);
  }

  /** A reply as written to the socket (CRLFs included; removed when read). */
  server(text: string): void {
    this.add('server', text);
  }

  /** Something the engine noticed (TLS, a dropped connection, a message's size). */
  event(text: string): void {
    this.add('event', text);
  }

  /** A message accepted on this connection, by its ID. */
  accepted(id: string): void {
    this.messages.push(id);
  }

  /** The reason the server is about to close the connection for; the first one given stands. */
  closing(reason: string): void {
    this.closeReason ??= reason;
  }

  /** The connection is gone. */
  end(): void {
    if (this.endedAt !== null) return;
    this.endedAt = Date.now();
    this.endReason = this.closeReason ?? 'client closed the connection';
  }

  /** Every kept line, in order; `omitted` says how many were dropped between head and tail. */
  lines(): TranscriptLine[] {
    return this.kept.items();
  }

  /** Lines dropped from the middle of a long session. */
  get omitted(): number {
    return this.kept.omitted;
  }

  /** Lines recorded in all, kept or not. */
  get lineCount(): number {
    return this.kept.count;
  }

  /** IDs of the messages accepted on this connection, in order: the first and last ones of many. */
  messageIds(): string[] {
    return this.messages.items();
  }

  /** Messages accepted on this connection in all, their IDs kept or not. */
  get messageCount(): number {
    return this.messages.count;
  }

  private add(source: TranscriptSource, text: string): void {
    this.kept.push({ atMs: performance.now() - this.t0, source, text });
  }
}
