import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RelayPayload, RelayService } from '../../relay/index.js';
import type { Job } from '../../store/store.js';
import type { ApiContext } from '../context.js';
import { badRequest, notFound } from '../errors.js';
import { toJobStateView } from '../mapping/outbox-job.js';
import { loadMessage } from '../resolve-message.js';
import type { IdParams, LatestQuery } from '../schemas/message.js';
import type { RelayQueueQuery, ReleaseBody } from '../schemas/relay.js';

/**
 * POST /api/v1/message/{ID}/release — relays a copy to `To` (Mailpit's route and messages).
 * Mailpit answers an SMTP failure with 400; devmail does that for a permanent refusal (5xx)
 * and queues a temporary one (network, 4xx) for retry, answering 202 with the job.
 */
export async function releaseMessage(
  ctx: ApiContext,
  request: FastifyRequest<{ Params: IdParams; Querystring: LatestQuery; Body: ReleaseBody }>,
  reply: FastifyReply,
) {
  const relay = relayOf(ctx);
  const stored = await loadMessage(ctx, request.params.ID, request.query);
  const job = await relay.release(stored.summary.id, request.body.To);
  if (job.state === 'delivered') return reply.type('text/plain; charset=utf-8').send('ok');
  if (job.state === 'failed') badRequest(`SMTP error: ${job.lastError ?? 'unknown'}`);
  return reply.code(202).send(toRelayJobView(job));
}

/** GET /api/v1/relay/queue — relay jobs, newest first, with attempts, next try and last error. */
export async function listRelayQueue(ctx: ApiContext, request: FastifyRequest<{ Querystring: RelayQueueQuery }>) {
  const { status, limit } = request.query;
  const jobs = await relayOf(ctx).jobs(status === 'all' ? undefined : [status], limit);
  return { jobs: jobs.map(toRelayJobView) };
}

/** GET /api/v1/relay/queue/{JobID} — one relay job. */
export async function getRelayJob(ctx: ApiContext, request: FastifyRequest<{ Params: { JobID: number } }>) {
  const job = (await relayOf(ctx).job(request.params.JobID)) ?? notFound('relay job');
  return toRelayJobView(job);
}

/** POST /api/v1/relay/queue/{JobID}/retry — a pending or failed job is tried again now. */
export async function retryRelayJob(ctx: ApiContext, request: FastifyRequest<{ Params: { JobID: number } }>) {
  const job = (await relayOf(ctx).retry(request.params.JobID)) ?? notFound('relay job');
  return toRelayJobView(job);
}

/** The relay service; every server has one (disabled without a relay host). */
export function relayOf(ctx: ApiContext): RelayService {
  return ctx.relay ?? badRequest('message relay is not available');
}

/** A relay job in the API's PascalCase. */
export function toRelayJobView(job: Job) {
  return {
    ID: job.id,
    MessageID: job.messageId,
    Origin: job.target,
    To: (job.payload as RelayPayload).to,
    ...toJobStateView(job),
  };
}
