import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/websocket'; // app.websocketServer, when the plugin is registered

/** How long close() lets answers in flight finish before it cuts the connections still open. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Makes `app.close()` end every connection promptly. Node's close ends the keep-alive sockets
 * idle at that moment; a socket busy then (a browser fetching its favicon) would keep the server
 * open for the keep-alive timeout (72 s) once answered. So, once closing:
 * - an answer whose headers go out says `connection: close`;
 * - every answer that finishes ends the sockets idle by then: one whose headers left before
 *   close began carries no `connection: close`;
 * - whatever is still open after `graceMs` (a client that never reads its answer) is cut, and
 *   so is a WebSocket whose client has not answered its close frame (an upgraded socket is no
 *   longer the HTTP server's; `ws` would wait 30 s for the answer, holding close() meanwhile).
 * `onClosing` runs first, for what must let go of its clients (live feeds, long polls).
 */
export function installGracefulClose(
  app: FastifyInstance,
  opts: { onClosing: () => void; graceMs?: number },
): { isClosing(): boolean } {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    opts.onClosing();
    const cutOff = setTimeout(() => {
      app.server.closeAllConnections();
      for (const client of app.websocketServer?.clients ?? []) client.terminate();
    }, opts.graceMs ?? CLOSE_GRACE_MS);
    cutOff.unref();
    app.server.once('close', () => clearTimeout(cutOff));
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
  app.addHook('onResponse', async () => {
    if (closing) app.server.closeIdleConnections();
  });
  return { isClosing: () => closing };
}
