import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import type { ApiContext, ApiDeps } from './context.js';
import { installBasicAuth } from './auth/basic-auth.js';
import { createCheckServices } from './check-services.js';
import { installErrorHandling, sendError } from './errors.js';
import { installGracefulClose } from './http/graceful-close.js';
import { installJsonBodies } from './http/json-bodies.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { createLiveFeed, isSameOriginUpgrade } from './live/events-socket.js';
import { createMetrics } from './metrics.js';
import type { RouteEntry } from './route-types.js';
import { routeTable } from './routes.js';
import { addSharedSchemas } from './schemas/shared.js';
import { MessageWaiters } from './wait/message-waiters.js';
import { registerWaiterGauge } from './wait/waiter-gauge.js';
import { registerUiAssets } from './ui/ui-assets.js';
import { loadUiFiles } from './ui/ui-files.js';

/** Largest WebSocket frame a client may send; clients only listen, so this is small. */
const MAX_WS_FRAME_BYTES = 64 * 1024;

/**
 * Builds devmail's HTTP app — Mailpit's REST API v1, the views, the live feed, the probes and
 * the OpenAPI document, all under `config.webroot` — without listening (the caller listens).
 */
export async function buildHttpApp(deps: ApiDeps): Promise<FastifyInstance> {
  const ctx: ApiContext = {
    ...deps,
    runtime: { startedAtMs: Date.now(), messagesAccepted: 0, messagesAcceptedBytes: 0, messagesDeleted: 0 },
    basePath: deps.config.webroot.replace(/\/+$/, ''),
    checks: createCheckServices(deps),
  };
  const app = Fastify({
    // Typed as Fastify's logger interface so the app is a plain FastifyInstance (pino implements it).
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Fastify's per-request info lines are replaced by one debug line in onResponse (protocol detail at debug).
    logController: new LogController({ disableRequestLogging: true }),
  });

  // First, so its onRequest hook marks upgrade requests before any other hook can answer
  // them (it destroys the socket of an upgrade that gets an HTTP answer, e.g. a 401).
  await app.register(websocket, { options: { maxPayload: MAX_WS_FRAME_BYTES } });
  installJsonBodies(app);
  installErrorHandling(app);
  installSecurityHeaders(app);
  installBasicAuth(app, deps.config.uiCredentials);
  addSharedSchemas(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'devmail API',
        version: deps.version,
        description: "devmail's native API: Mailpit's REST API v1, so Mailpit clients work unchanged.",
      },
    },
    refResolver: {
      // Shared schemas keep their $id as their name under components/schemas.
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });

  const live = createLiveFeed(ctx);
  const metrics = createMetrics(ctx);
  const stopCounting = countCaptures(ctx);
  const waiters = new MessageWaiters(ctx.store, ctx.bus);
  registerWaiterGauge(metrics.registry, waiters);
  const shutdown = installGracefulClose(app, {
    onClosing: () => {
      live.close();
      // Parked long-polls answer 503 now, or close would wait out their timeouts.
      waiters.close();
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request, reply);
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request answered',
    );
  });
  app.addHook('onClose', async () => {
    metrics.close();
    stopCounting();
    await ctx.checks.close();
  });

  const ui = loadUiFiles(ctx.basePath);
  if (!ui) ctx.logger.warn('the web UI is not built (npm run build); serving the API only');
  await registerUiAssets(app, ctx.basePath, ui);
  for (const entry of routeTable({ live, metrics, isClosing: shutdown.isClosing, waiters, ui })) addRoute(app, ctx, entry);
  app.get(`${ctx.basePath}/api/v1/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
  return app;
}

function addRoute(app: FastifyInstance, ctx: ApiContext, entry: RouteEntry): void {
  const { wsHandler } = entry;
  app.route({
    method: entry.method,
    url: ctx.basePath + entry.url,
    schema: entry.schema,
    bodyLimit: entry.bodyLimit,
    config: { open: entry.open === true, untypedBody: entry.untypedBody === true },
    handler: (request: FastifyRequest, reply: FastifyReply) => entry.handler(ctx, request, reply),
    ...(wsHandler && {
      wsHandler: (socket, request) => wsHandler(ctx, socket, request),
      preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
        if (!isSameOriginUpgrade(request)) return sendError(reply, 403, 'cross-origin WebSocket refused');
      },
    }),
  });
}

/** Keeps the counters `/api/v1/info` reports as `RuntimeStats`; returns the unsubscribe. */
function countCaptures(ctx: ApiContext): () => void {
  return ctx.bus.on('message.created', ({ summary }) => {
    ctx.runtime.messagesAccepted += 1;
    ctx.runtime.messagesAcceptedBytes += summary.size;
  });
}
