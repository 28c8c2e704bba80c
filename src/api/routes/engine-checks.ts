import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ScreenshotWidth } from '../../checks/index.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { contentDisposition } from '../http/file-headers.js';
import { loadMessage } from '../resolve-message.js';
import type { IdParams, LatestQuery, PartParams } from '../schemas/message.js';

type MessageRequest<Q = LatestQuery> = FastifyRequest<{ Params: IdParams; Querystring: Q }>;

/**
 * GET /api/v1/message/{ID}/sa-check — SpamAssassin's verdict in Mailpit's shape. 404 when
 * --enable-spamassassin is not set (Mailpit has no such route then); 502/503/504 when spamd fails.
 */
export async function getSpamAssassinCheck(ctx: ApiContext, request: MessageRequest) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  return ctx.engineChecks.spamAssassin(stored);
}

/** GET /api/v1/message/{ID}/rspamd-check — Rspamd's verdict: score, action, symbols. */
export async function getRspamdCheck(ctx: ApiContext, request: MessageRequest) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  return ctx.engineChecks.rspamd(stored);
}

/** GET /api/v1/message/{ID}/auth-check — DKIM, SPF, DMARC and ARC as a receiving server would judge them. */
export async function getAuthCheck(ctx: ApiContext, request: MessageRequest) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  return ctx.engineChecks.authentication(stored);
}

/** GET /api/v1/message/{ID}/screenshot?width= — a PNG of the message rendered headless. */
export async function getScreenshot(
  ctx: ApiContext,
  request: MessageRequest<LatestQuery & { width?: ScreenshotWidth }>,
  reply: FastifyReply,
) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  const width = request.query.width ?? 768;
  const png = await ctx.engineChecks.screenshot(stored, width);
  return reply
    .type('image/png')
    .header('content-disposition', contentDisposition('inline', `${stored.summary.id}-${width}.png`, 'screenshot.png'))
    .send(png);
}

/**
 * GET /api/v1/message/{ID}/part/{PartID}/thumb — Mailpit's 180×120 JPEG of an attachment: the
 * image cropped or padded on white, a blank white one for parts that are not images.
 */
export async function getPartThumbnail(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: PartParams; Querystring: LatestQuery }>,
  reply: FastifyReply,
) {
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  const thumb = (await ctx.engineChecks.thumbnail(stored, request.params.PartID)) ?? notFound('part');
  return reply
    .type('image/jpeg')
    .header('content-disposition', contentDisposition('inline', thumb.fileName, `part-${request.params.PartID}.jpg`))
    .send(thumb.jpeg);
}
