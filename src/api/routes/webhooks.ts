import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Job, Webhook } from '../../store/store.js';
import type { WebhookPayload, WebhookService } from '../../webhooks/index.js';
import type { ApiContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { toJobStateView } from '../mapping/outbox-job.js';
import { toRfc3339 } from '../mapping/mailpit.js';
import type { HookBody, HookParams } from '../schemas/webhooks.js';

type HookRequest<T = object> = FastifyRequest<{ Params: HookParams } & T>;

/** GET /api/v1/webhooks — every hook (secrets are not shown). */
export async function listWebhooks(ctx: ApiContext) {
  return hooksOf(ctx).list().map((h) => toWebhookView(h));
}

/** POST /api/v1/webhooks — creates a hook; the answer shows its secret (generated when not given). */
export async function createWebhook(ctx: ApiContext, request: FastifyRequest<{ Body: HookBody }>, reply: FastifyReply) {
  const { URL: url, Secret: secret, Inbox: inbox, Query: query } = request.body;
  const hook = await hooksOf(ctx).create({ url: url ?? '', secret, inbox, query });
  return reply.code(201).send(toWebhookView(hook, true));
}

/** GET /api/v1/webhooks/{HookID}. */
export async function getWebhook(ctx: ApiContext, request: HookRequest) {
  return toWebhookView(hooksOf(ctx).get(request.params.HookID) ?? notFound('webhook'));
}

/** PUT /api/v1/webhooks/{HookID} — changes the fields given. */
export async function updateWebhook(ctx: ApiContext, request: HookRequest<{ Body: HookBody }>) {
  const { URL: url, Secret: secret, Inbox: inbox, Query: query } = request.body;
  const changes = Object.fromEntries(Object.entries({ url, secret, inbox, query }).filter(([, v]) => v !== undefined));
  return toWebhookView(await hooksOf(ctx).update(request.params.HookID, changes), true);
}

/** DELETE /api/v1/webhooks/{HookID} — the hook and its pending and logged deliveries. */
export async function deleteWebhook(ctx: ApiContext, request: HookRequest, reply: FastifyReply) {
  if (!(await hooksOf(ctx).remove(request.params.HookID))) notFound('webhook');
  return reply.type('text/plain; charset=utf-8').send('ok');
}

/** GET /api/v1/webhooks/{HookID}/deliveries — the delivery log, newest first. */
export async function listDeliveries(ctx: ApiContext, request: HookRequest<{ Querystring: { limit: number } }>) {
  const hooks = hooksOf(ctx);
  if (!hooks.get(request.params.HookID)) notFound('webhook');
  const jobs = await hooks.deliveries(request.params.HookID, request.query.limit);
  return { deliveries: jobs.map(toDeliveryView) };
}

function hooksOf(ctx: ApiContext): WebhookService {
  return ctx.webhooks ?? badRequest('webhooks are not available');
}

function toWebhookView(hook: Webhook, withSecret = false) {
  return {
    ID: hook.id,
    URL: hook.url,
    Inbox: hook.inbox,
    Query: hook.query,
    Signed: hook.secret !== '',
    Created: toRfc3339(hook.created),
    ...(withSecret && { Secret: hook.secret }),
  };
}

function toDeliveryView(job: Job) {
  return {
    ID: job.id,
    MessageID: job.messageId,
    Event: (job.payload as WebhookPayload).event,
    ...toJobStateView(job),
  };
}
