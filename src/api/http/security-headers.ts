import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The policy for a captured message's HTML (`/view/{ID}.html`). The HTML is hostile input:
 * `sandbox` without `allow-scripts`/`allow-same-origin` gives the document an opaque origin and
 * no script at all, so nothing in it can reach the UI's origin, its cookies or the API.
 * Images, styles and fonts load as a mail client would load them; nothing else does (no
 * frames, objects, fetches or forms).
 */
export const MESSAGE_HTML_CSP =
  "sandbox; default-src 'none'; img-src * data: cid:; style-src 'unsafe-inline' *; font-src *; frame-ancestors 'self'";

/**
 * `?embed=1` (the UI's preview) also lets links open in a new tab: `target="_blank"` needs
 * `allow-popups`, and the tab must leave the sandbox to show an ordinary site. Still no
 * scripts, no same-origin, no forms, no top navigation; links carry rel="noopener noreferrer".
 */
export const EMBEDDED_HTML_CSP =
  "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src * data: cid:; style-src 'unsafe-inline' *; font-src *; frame-ancestors 'self'";

/**
 * The same views with remote content blocked (`?remote=0`, the UI's images toggle): images and
 * fonts only from this server (inline `cid:` parts are served by it) or `data:`, styles only
 * inline, so no tracking pixel, remote stylesheet or web font is fetched.
 */
export function withoutRemoteContent(policy: string): string {
  return policy
    .replace(/img-src [^;]*/, "img-src 'self' data:")
    .replace(/style-src [^;]*/, "style-src 'unsafe-inline'")
    .replace(/font-src [^;]*/, "font-src 'self' data:");
}

/**
 * The UI's own page: script and styles only from its bundled files (nothing inline, no eval),
 * API calls and the live feed to this origin only, frames only of this origin (the sandboxed
 * message views) or of blob: (PDF previews), and nobody may frame the UI.
 */
export const UI_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; frame-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
 * `/view/{ID}.html` from the same origin (sandboxed), and other sites must not frame anything;
 * a route that sets its own (the UI page: DENY) keeps it.
 * nosniff stops a browser from promoting a text/plain or image part to HTML.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('x-frame-options')) reply.header('x-frame-options', 'SAMEORIGIN');
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
