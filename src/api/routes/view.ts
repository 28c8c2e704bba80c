import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseMessage, parseWithParts } from '../../mime/index.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { EMBEDDED_HTML_CSP, MESSAGE_HTML_CSP, setContentPolicy, withoutRemoteContent } from '../http/security-headers.js';
import { embedHtml, inlineImageUrls, linkInlineImages } from '../mapping/message-html.js';
import { loadMessage } from '../resolve-message.js';
import type { IdParams, LatestQuery } from '../schemas/message.js';

type ViewRequest<Q = LatestQuery> = FastifyRequest<{ Params: IdParams; Querystring: Q }>;

/**
 * GET /view/{ID}.html — the HTML part alone, inline images linked to the API. Captured HTML is
 * hostile: it is served with a `sandbox` CSP (no scripts, opaque origin) so that even opened
 * directly, or framed by the UI, it can never act in the UI's origin. Does not mark it read.
 */
export async function viewHtml(
  ctx: ApiContext,
  request: ViewRequest<LatestQuery & { embed?: string; remote?: string }>,
  reply: FastifyReply,
) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  const { parsed, parts } = await parseWithParts(stored.raw);
  if (!parsed.html) notFound('HTML part');
  const base = `${ctx.basePath}/api/v1/message/${encodeURIComponent(stored.summary.id)}/part/`;
  const embed = request.query.embed === '1';
  const partUrl = (partId: string) => base + partId;
  let html = linkInlineImages(parsed.html, [...parsed.inline, ...parsed.attachments], embed ? inlineImageUrls(parts, partUrl) : partUrl);
  if (embed) html = embedHtml(html);
  const policy = embed ? EMBEDDED_HTML_CSP : MESSAGE_HTML_CSP;
  return setContentPolicy(reply, request.query.remote === '0' ? withoutRemoteContent(policy) : policy)
    .type('text/html; charset=utf-8')
    .send(html);
}

/** GET /view/{ID}.txt — the text part alone, as text/plain. */
export async function viewText(ctx: ApiContext, request: ViewRequest, reply: FastifyReply) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  const parsed = await parseMessage(stored.raw);
  return reply.type('text/plain; charset=utf-8').send(parsed.text);
}
