import type { Socket } from 'node:net';
import type { MutableSessionInfo, ServerContext } from './context.js';
import { parseProxyHeader } from './proxy-protocol.js';
import { closingReply, formatReply } from './replies.js';
import { newSessionInfo, takeProxySource } from './session-info.js';

/** How long a refused client has to read the 421 and close before its socket is dropped. */
const REFUSED_LINGER_MS = 3_000;
/** How long a refused connection behind a proxy waits for the PROXY header (a proxy sends it at once). */
const PROXY_HEADER_WAIT_MS = 1_000;

/**
 * Answers a connection past `--smtp-max-connections` with a 421 and closes it. It never becomes
 * a Session (it does not count towards the cap), but it is recorded in the session log like one
 * — the 421 sent and why it ended — so a client that saw "too many connections" can find its
 * connection in /api/v1/sessions. Answered in clear text at once, even on a TLS port: cheap,
 * and plain clients see why. Behind a proxy (`--smtp-proxy-protocol`) the socket's peer is the
 * proxy, so the PROXY header is read first and the client it names is recorded and logged.
 */
export function refuseConnection(ctx: ServerContext, socket: Socket): void {
  socket.on('error', () => {});
  const info = newSessionInfo(socket);
  if (!ctx.config.proxyProtocol) return refuse(ctx, socket, info);
  void readProxyClient(socket, info).then(() => refuse(ctx, socket, info));
}

function refuse(ctx: ServerContext, socket: Socket, info: MutableSessionInfo): void {
  const transcript = ctx.sessionLog?.open(info) ?? null;
  const text = formatReply(closingReply('connections', ctx.config.hostname), true);
  transcript?.server(text);
  transcript?.closing(`refused: too many connections (--smtp-max-connections ${ctx.config.maxConnections})`);
  if (socket.destroyed) transcript?.end();
  else socket.on('close', () => transcript?.end());
  socket.end(text);
  setTimeout(() => socket.destroy(), REFUSED_LINGER_MS).unref();
  ctx.logger.info({ session: info.id, remote: info.remoteAddress, max: ctx.config.maxConnections }, 'too many connections');
}

/**
 * Reads the PROXY header into `info` (the client's address and port). Resolves once it is read,
 * found to be no PROXY header, or not come within PROXY_HEADER_WAIT_MS, or the socket closed:
 * in all but the first, `info` keeps the socket's own peer.
 */
function readProxyClient(socket: Socket, info: MutableSessionInfo): Promise<void> {
  return new Promise((resolve) => {
    let head = Buffer.alloc(0);
    const done = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const r = parseProxyHeader(head);
      if (r.status === 'incomplete') return;
      if (r.status === 'ok' && r.source) takeProxySource(info, r.source);
      done();
    };
    const timer = setTimeout(done, PROXY_HEADER_WAIT_MS);
    timer.unref();
    socket.on('data', onData);
    socket.on('close', done);
  });
}
