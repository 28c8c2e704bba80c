import type { FastifyRequest } from 'fastify';
import type { ContentCheckName, ContentCheckResult } from '../../checks/index.js';
import type { ApiContext } from '../context.js';
import { loadMessage, resolveMessageId } from '../resolve-message.js';
import type { IdParams, LatestQuery } from '../schemas/message.js';

type CheckRequest<Q = LatestQuery> = FastifyRequest<{ Params: IdParams; Querystring: Q }>;

/** A check's result for the message a route names: computed once on the check thread, then cached. */
async function cachedCheck<K extends ContentCheckName>(ctx: ApiContext, request: CheckRequest, check: K): Promise<ContentCheckResult<K>> {
  return contentCheckOf(ctx, await resolveMessageId(ctx, request.params.ID, request.query), check);
}

/** A check's result for a stored message's ID (the routes' and the MCP tools' one path). */
export function contentCheckOf<K extends ContentCheckName>(ctx: ApiContext, id: string, check: K): Promise<ContentCheckResult<K>> {
  return ctx.checks.cache.get<ContentCheckResult<K>>(id, check, '', async () => {
    const stored = await loadMessage(ctx, id);
    return ctx.checks.thread.run(check, stored.raw, stored.envelope);
  });
}

/**
 * GET /api/v1/message/{ID}/html-check — support of every HTML and CSS feature the message uses
 * across email clients (Mailpit's shape, plus source lines). Cached per message. A message
 * without HTML gets no warnings and 0 nodes.
 */
export function getHtmlCheck(ctx: ApiContext, request: CheckRequest) {
  return cachedCheck(ctx, request, 'html-check');
}

/**
 * GET /api/v1/message/{ID}/link-check[?follow=true] — the status of every link and image URL.
 * Not cached per message (a server's answer changes while the message does not); each URL's
 * result is reused for a minute by the link checker, across messages.
 */
export async function getLinkCheck(ctx: ApiContext, request: CheckRequest<LatestQuery & { follow?: boolean }>) {
  const urls = await cachedCheck(ctx, request, 'link-urls');
  return ctx.checks.links.check(urls, request.query.follow === true);
}

/** GET /api/v1/message/{ID}/lint — devmail's findings on headers, bodies, parts and charsets. Cached per message. */
export function getLint(ctx: ApiContext, request: CheckRequest) {
  return cachedCheck(ctx, request, 'lint');
}

/** GET /api/v1/message/{ID}/calendar — the message's calendar invitations, summarised. Cached per message. */
export function getCalendar(ctx: ApiContext, request: CheckRequest) {
  return cachedCheck(ctx, request, 'calendar');
}
