import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from './context.js';

/** devmail's Prometheus metrics: one registry per app, fed from the bus and the HTTP hooks. */
export interface ApiMetrics {
  registry: Registry;
  /** Counts a finished HTTP request by route pattern (never by raw URL: IDs would explode the labels). */
  observeRequest(request: FastifyRequest, reply: FastifyReply): void;
  /** Unsubscribes from the bus. */
  close(): void;
}

/** Builds the registry and subscribes its counters to the bus. */
export function createMetrics(ctx: ApiContext): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const received = new Counter({
    name: 'devmail_messages_received_total',
    help: 'Messages captured since start (SMTP, API and CLI)',
    registers: [registry],
  });
  const receivedBytes = new Counter({
    name: 'devmail_messages_received_bytes_total',
    help: 'Bytes of messages captured since start',
    registers: [registry],
  });
  const deleted = new Counter({
    name: 'devmail_messages_deleted_total',
    help: 'Messages deleted by users or pruned by retention since start',
    labelNames: ['reason'],
    registers: [registry],
  });
  new Gauge({
    name: 'devmail_messages',
    help: 'Messages stored',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const stats = await ctx.store.stats();
      this.set({ state: 'all' }, stats.total);
      this.set({ state: 'unread' }, stats.unread);
    },
  });
  const requests = new Counter({
    name: 'devmail_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });

  const unsubscribe = [
    ctx.bus.on('message.created', ({ summary }) => {
      received.inc();
      receivedBytes.inc(summary.size);
    }),
    ctx.bus.on('message.deleted', ({ ids }) => deleted.inc({ reason: 'user' }, ids.length)),
    ctx.bus.on('messages.pruned', ({ ids }) => deleted.inc({ reason: 'retention' }, ids.length)),
  ];

  return {
    registry,
    observeRequest(request, reply) {
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    },
    close() {
      for (const off of unsubscribe) off();
    },
  };
}
