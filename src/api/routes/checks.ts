import type { FastifyRequest } from 'fastify';
import { extractLinks, lintMessage, runHtmlCheck, summariseCalendars } from '../../checks/index.js';
import { parseMessage, parseWithParts } from '../../mime/index.js';
import type { ApiContext } from '../context.js';
import { loadMessage, resolveMessageId } from '../resolve-message.js';
import type { IdParams, LatestQuery } from '../schemas/message.js';

type CheckRequest<Q = LatestQuery> = FastifyRequest<{ Params: IdParams; Querystring: Q }>;

/**
 * GET /api/v1/message/{ID}/html-check — support of every HTML and CSS feature the message uses
 * across email clients (Mailpit's shape, plus source lines). Cached per message. A message
 * without HTML gets no warnings and 0 nodes.
 */
export async function getHtmlCheck(ctx: ApiContext, request: CheckRequest) {
  const id = await resolveMessageId(ctx, request.params.ID, request.query);
  return ctx.checks.cache.get(id, 'html-check', '', async () => {
    const stored = await loadMessage(ctx, id);
    return runHtmlCheck((await parseMessage(stored.raw)).html);
  });
}

/**
 * GET /api/v1/message/{ID}/link-check[?follow=true] — the status of every link and image URL.
 * Not cached per message (a server's answer changes while the message does not); each URL's
 * result is reused for a minute by the link checker, across messages.
 */
export async function getLinkCheck(ctx: ApiContext, request: CheckRequest<LatestQuery & { follow?: boolean }>) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  const parsed = await parseMessage(stored.raw);
  return ctx.checks.links.check(extractLinks(parsed.html, parsed.text), request.query.follow === true);
}

/** GET /api/v1/message/{ID}/lint — devmail's findings on headers, bodies, parts and charsets. Cached per message. */
export async function getLint(ctx: ApiContext, request: CheckRequest) {
  const id = await resolveMessageId(ctx, request.params.ID, request.query);
  return ctx.checks.cache.get(id, 'lint', '', async () => {
    const stored = await loadMessage(ctx, id);
    return lintMessage(stored.raw, stored.envelope);
  });
}

/** GET /api/v1/message/{ID}/calendar — the message's calendar invitations, summarised. Cached per message. */
export async function getCalendar(ctx: ApiContext, request: CheckRequest) {
  const id = await resolveMessageId(ctx, request.params.ID, request.query);
  return ctx.checks.cache.get(id, 'calendar', '', async () => {
    const stored = await loadMessage(ctx, id);
    const { parts } = await parseWithParts(stored.raw);
    return { Invitations: summariseCalendars(parts) };
  });
}
