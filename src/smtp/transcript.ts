import type { SessionInfo } from './types.js';

/** Lines kept from the start of a session, and from its end: a long session keeps both ends. */
const HEAD_LINES = 250;
const TAIL_LINES = 250;

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
 * Bounded: the first and last 250 lines are kept and the lines between are counted (a session
 * log of 1000 sessions then holds at most some 50 MB even if every session is a long one).
 */
export class Transcript {
  /** When the connection arrived (epoch ms). */
  readonly startedAt = Date.now();
  /** When it closed (epoch ms), or null while open. */
  endedAt: number | null = null;
  /** How it ended, or null while open. */
  endReason: string | null = null;
  /** IDs of the messages accepted on this connection, in order. */
  readonly messageIds: string[] = [];
  /** Lines dropped from the middle of a long session. */
  omitted = 0;

  private readonly t0 = performance.now();
  private readonly head: TranscriptLine[] = [];
  private readonly tail: TranscriptLine[] = [];
  private tailNext = 0;
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
    if (this.tail.length < TAIL_LINES) return this.head.concat(this.tail);
    return this.head.concat(this.tail.slice(this.tailNext), this.tail.slice(0, this.tailNext));
  }

  /** Lines recorded in all, kept or not. */
  get lineCount(): number {
    return this.head.length + this.tail.length + this.omitted;
  }

  private add(source: TranscriptSource, text: string): void {
    const line: TranscriptLine = { atMs: performance.now() - this.t0, source, text };
    if (this.head.length < HEAD_LINES) {
      this.head.push(line);
    } else if (this.tail.length < TAIL_LINES) {
      this.tail.push(line);
    } else {
      this.tail[this.tailNext] = line;
      this.tailNext = (this.tailNext + 1) % TAIL_LINES;
      this.omitted++;
    }
  }
}
