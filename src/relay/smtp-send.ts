import type { RelayServer } from '../config/types.js';
import type { AttemptOutcome } from '../outbox/job-runner.js';

/** Limits on one relay conversation, so a silent server cannot hold a delivery forever. */
const CONNECT_TIMEOUT_MS = 15_000;
const GREETING_TIMEOUT_MS = 15_000;
const SOCKET_TIMEOUT_MS = 60_000;

/** One message to send: envelope and the exact bytes. */
export interface Outgoing {
  mailFrom: string;
  to: string[];
  raw: Buffer;
}

/**
 * Sends one message to a real SMTP server with nodemailer's SMTP transport: it already speaks
 * STARTTLS, implicit TLS, PLAIN/LOGIN/CRAM-MD5 and pipelining, and reports the server's reply
 * code, which decides between retry (4xx, network) and give up (5xx). The project's own client
 * in `load/` is built for throughput against devmail and speaks neither TLS nor AUTH.
 * A new connection per message: releases are rare, and a pool would hold sockets open idle.
 * nodemailer is loaded on the first release, so a server that never relays does not carry it.
 */
export async function sendToRelay(server: RelayServer, message: Outgoing): Promise<AttemptOutcome> {
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.tls,
    requireTLS: server.startTls,
    // Without STARTTLS asked for, do not try it: a test server's self-signed certificate would fail it.
    ignoreTLS: !server.tls && !server.startTls,
    tls: { rejectUnauthorized: !server.allowInsecure },
    auth: server.auth === 'none' ? undefined : { user: server.username, pass: server.password },
    authMethod: server.auth === 'none' ? undefined : server.auth.toUpperCase(),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({ envelope: { from: message.mailFrom, to: message.to }, raw: message.raw });
    const rejected = (info.rejected ?? []).map(String);
    const reply = String(info.response ?? '').trim();
    return { ok: true, result: rejected.length > 0 ? `${reply} (refused: ${rejected.join(', ')})` : reply };
  } catch (err) {
    const e = err as Error & { responseCode?: number; response?: string; code?: string };
    const code = typeof e.responseCode === 'number' ? e.responseCode : 0;
    return {
      ok: false,
      // nodemailer's messages name the host and port, never the credentials.
      error: e.message || e.code || 'unknown error',
      // A 5xx reply is the server's final word (RFC 5321 4.2.1); network errors and 4xx may pass.
      permanent: code >= 500 && code < 600,
      result: e.response ? String(e.response).trim() : undefined,
    };
  } finally {
    transport.close();
  }
}
