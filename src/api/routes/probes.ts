import type { FastifyReply } from 'fastify';
import type { ApiContext } from '../context.js';
import type { ApiMetrics } from '../metrics.js';

/** GET /livez — the process answers. */
export async function livez(_ctx: ApiContext, _request: unknown, reply: FastifyReply) {
  return reply.type('text/plain; charset=utf-8').send('ok');
}

/**
 * GET /readyz — ready while the store answers and the server is not shutting down. An outage is
 * logged when it begins and when it ends, not on every probe (orchestrators probe every few
 * seconds).
 */
export function readyz(isClosing: () => boolean) {
  let failing = false;
  return async (ctx: ApiContext, _request: unknown, reply: FastifyReply) => {
    if (isClosing()) return reply.code(503).type('text/plain; charset=utf-8').send('shutting down');
    try {
      await ctx.store.stats();
    } catch (err) {
      if (!failing) ctx.logger.warn({ err }, 'readiness check: the store does not answer');
      failing = true;
      return reply.code(503).type('text/plain; charset=utf-8').send('store unavailable');
    }
    if (failing) ctx.logger.info('readiness check: the store answers again');
    failing = false;
    return reply.type('text/plain; charset=utf-8').send('ok');
  };
}

/** GET /metrics — Prometheus text format. */
export function metrics(apiMetrics: ApiMetrics) {
  return async (_ctx: ApiContext, _request: unknown, reply: FastifyReply) => {
    const body = await apiMetrics.registry.metrics();
    return reply.type(apiMetrics.registry.contentType).send(body);
  };
}
