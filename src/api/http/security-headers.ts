import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The policy for a captured message's HTML (`/view/{ID}.html`). The HTML is hostile input:
 * `sandbox` without `allow-scripts`/`allow-same-origin` gives the document an opaque origin and
 * no script at all, so nothing in it can reach the UI's origin, its cookies or the API.
 * Images, styles and fonts load as a mail client would load them; nothing else does (no
 * frames, objects, fetches or forms).
 */
export const MESSAGE_HTML_CSP =
  "sandbox; default-src 'none'; img-src * data: cid:; style-src 'unsafe-inline' *; font-src *";

/**
 * `?embed=1` (the UI's preview) also lets links open in a new tab: `target="_blank"` needs
 * `allow-popups`, and the tab must leave the sandbox to show an ordinary site. Still no
 * scripts, no same-origin, no forms, no top navigation; links carry rel="noopener noreferrer".
 */
export const EMBEDDED_HTML_CSP =
  "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src * data: cid:; style-src 'unsafe-inline' *; font-src *";

/**
 * For captured bytes served as files (raw source, parts): if a browser ever renders one as a
 * document, it gets no script and an opaque origin. Nothing more, so an image or a video
 * opened on its own still shows.
 */
export const CAPTURED_FILE_CSP = 'sandbox';

/** For JSON and text answers: nothing to load, and only our own pages may frame them. */
const API_CSP = "default-src 'none'; frame-ancestors 'self'";

/** Marks a response as carrying captured content with its own policy. */
export function setContentPolicy(reply: FastifyReply, policy: string): FastifyReply {
  return reply.header('content-security-policy', policy);
}

/**
 * Headers on every response. X-Frame-Options is SAMEORIGIN, not DENY: the UI frames
 * `/view/{ID}.html` from the same origin (sandboxed), and other sites must not frame anything.
 * nosniff stops a browser from promoting a text/plain or image part to HTML.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'SAMEORIGIN');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!reply.hasHeader('content-security-policy') && !isHtml(reply)) {
      reply.header('content-security-policy', API_CSP);
    }
    return payload;
  });
}

function isHtml(reply: FastifyReply): boolean {
  const type = reply.getHeader('content-type');
  return typeof type === 'string' && type.toLowerCase().startsWith('text/html');
}
