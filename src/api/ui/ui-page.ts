import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../context.js';
import { UI_PAGE_CSP, setContentPolicy } from '../http/security-headers.js';
import type { UiFiles } from './ui-files.js';

/**
 * GET /, /view/{ID}, /search — the single-page app's page, whatever the route (the app reads
 * the path). Never cached, so a new build is picked up at once; its assets are hashed and
 * cached for a year. A strict CSP: script only from our own files, nothing inline, no framing
 * of the UI itself.
 */
export function serveUiPage(files: UiFiles | null) {
  return async (_ctx: ApiContext, _request: FastifyRequest, reply: FastifyReply) => {
    if (!files) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web UI is not built: run `npm run build` (the API works without it).\n');
    }
    return setContentPolicy(reply, UI_PAGE_CSP)
      .header('x-frame-options', 'DENY')
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(files.page);
  };
}
