import type { Transcript } from '../../smtp/index.js';
import { toRfc3339 } from './mailpit.js';

/** One SMTP session as the list shows it. */
export interface SessionSummaryJson {
  ID: string;
  Started: string;
  /** RFC 3339, or null while the connection is open. */
  Ended: string | null;
  DurationMs: number;
  ClientIP: string;
  ClientPort: number;
  ServerPort: number;
  Helo: string;
  TLS: { Protocol: string; Cipher: string } | null;
  AuthUser: string;
  /** IDs of the messages accepted on this connection: all of them, or the first and last 100 of many. */
  MessageIDs: string[];
  /** Messages accepted on this connection in all. */
  Messages: number;
  /** Lines recorded (kept or not). */
  Lines: number;
  /** How it ended ('' while open). */
  EndReason: string;
}

/** One transcript line. */
export interface TranscriptLineJson {
  /** Milliseconds since the connection arrived. */
  Ms: number;
  /** client, server or event. */
  Source: string;
  Text: string;
}

/** One SMTP session with its transcript. */
export interface SessionJson extends SessionSummaryJson {
  Transcript: TranscriptLineJson[];
  /** Lines dropped from the middle of a long session. */
  Omitted: number;
}

/** The list row of a session. */
export function toSessionSummary(t: Transcript, nowMs = Date.now()): SessionSummaryJson {
  const info = t.info;
  return {
    ID: info.id,
    Started: toRfc3339(new Date(t.startedAt)),
    Ended: t.endedAt === null ? null : toRfc3339(new Date(t.endedAt)),
    DurationMs: (t.endedAt ?? nowMs) - t.startedAt,
    ClientIP: info.remoteAddress,
    ClientPort: info.remotePort,
    ServerPort: info.localPort,
    Helo: info.heloName ?? '',
    TLS: info.tls ? { Protocol: info.tls.protocol, Cipher: info.tls.cipher } : null,
    AuthUser: info.authUser ?? '',
    MessageIDs: t.messageIds(),
    Messages: t.messageCount,
    Lines: t.lineCount,
    EndReason: t.endReason ?? '',
  };
}

/** A session with its transcript; replies lose their CRLF, multi-line replies keep their inner line breaks. */
export function toSessionJson(t: Transcript): SessionJson {
  return {
    ...toSessionSummary(t),
    Transcript: t.lines().map((line) => ({ Ms: Math.round(line.atMs * 10) / 10, Source: line.source, Text: line.text.replace(/\r\n$/, '').replace(/\r\n/g, '\n') })),
    Omitted: t.omitted,
  };
}
