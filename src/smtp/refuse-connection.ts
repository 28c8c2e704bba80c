import type { Socket } from 'node:net';
import type { ServerContext } from './context.js';
import { closingReply, formatReply } from './replies.js';
import { newSessionInfo } from './session-info.js';

/** How long a refused client has to read the 421 and close before its socket is dropped. */
const REFUSED_LINGER_MS = 3_000;

/**
 * Answers a connection past `--smtp-max-connections` with a 421 and closes it. It never becomes
 * a Session (it does not count towards the cap), but it is recorded in the session log like one
 * — the 421 sent and why it ended — so a client that saw "too many connections" can find its
 * connection in /api/v1/sessions. Answered in clear text at once, even on a TLS port: cheap,
 * and plain clients see why.
 */
export function refuseConnection(ctx: ServerContext, socket: Socket): void {
  const info = newSessionInfo(socket);
  const transcript = ctx.sessionLog?.open(info) ?? null;
  const text = formatReply(closingReply('connections', ctx.config.hostname), true);
  transcript?.server(text);
  transcript?.closing(`refused: too many connections (--smtp-max-connections ${ctx.config.maxConnections})`);
  socket.on('error', () => {});
  socket.on('close', () => transcript?.end());
  socket.end(text);
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  ctx.logger.info({ session: info.id, remote: info.remoteAddress, max: ctx.config.maxConnections }, 'too many connections');
}
