import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { MailboxStats } from '../../core/bus.js';
import type { ApiContext } from '../context.js';
import { toMailpitStats, toMailpitSummary } from '../mapping/mailpit.js';

/**
 * Mailpit's live feed at /api/events: JSON frames `{Type, Data}` —
 * `new` (a summary), `update` ({ID, Read} or {ID, Tags}), `delete` ({ID}), `prune` and
 * `truncate` (null: reload the list), `stats` ({Total, Unread, Version}).
 * Fed only by the bus, so it shows what any path (SMTP, API, retention) did.
 */
export interface LiveFeed {
  /** Takes a new WebSocket client. */
  attach(socket: WebSocket, request: FastifyRequest): void;
  /** Unsubscribes from the bus and closes every client. */
  close(): void;
}

/** Stats follow a burst of changes once, this long after its first change. */
const STATS_DEBOUNCE_MS = 100;
/** A bulk change over this many messages is sent as one `prune` (reload) instead of N frames. */
const MAX_FRAMES_PER_CHANGE = 1000;
/** A client that has this much unsent data is too slow to keep up; it is dropped. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Pings keep idle connections open through proxies and find dead peers. */
const PING_INTERVAL_MS = 30_000;

/** Builds the feed and subscribes it to the bus. */
export function createLiveFeed(ctx: ApiContext): LiveFeed {
  const log = ctx.logger.child({ subsystem: 'live' });
  const clients = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();
  let statsTimer: NodeJS.Timeout | null = null;

  const send = (socket: WebSocket, frame: string) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      log.warn('dropping a live client that does not keep up');
      socket.terminate();
      return;
    }
    socket.send(frame);
  };
  const broadcast = (type: string, data: unknown) => {
    if (clients.size === 0) return;
    const frame = JSON.stringify({ Type: type, Data: data });
    for (const socket of clients) send(socket, frame);
  };
  const eachOrReload = (type: string, ids: string[], data: (id: string) => unknown) => {
    if (ids.length > MAX_FRAMES_PER_CHANGE) return broadcast('prune', null);
    for (const id of ids) broadcast(type, data(id));
  };

  // Totals come from the bus (`stats.changed`, read once per burst by the stats announcer), and
  // only while someone watches: the feed listens to them only while it has clients.
  let latestStats: MailboxStats | null = null;
  let stopStats: (() => void) | null = null;
  const onStats = (stats: MailboxStats) => {
    latestStats = stats;
    statsTimer ??= setTimeout(() => {
      statsTimer = null;
      if (latestStats) broadcast('stats', toMailpitStats(latestStats, ctx.version));
    }, STATS_DEBOUNCE_MS);
  };
  const remove = (socket: WebSocket) => {
    clients.delete(socket);
    if (clients.size > 0 || !stopStats) return;
    stopStats();
    stopStats = null;
  };

  const unsubscribe = [
    ctx.bus.on('message.created', ({ summary }) => {
      if (clients.size > 0) broadcast('new', toMailpitSummary(summary)); // no mapping with nobody watching
    }),
    ctx.bus.on('message.updated', ({ ids, read, tags }) => {
      if (read !== undefined) eachOrReload('update', ids, (id) => ({ ID: id, Read: read }));
      if (tags) eachOrReload('update', Object.keys(tags), (id) => ({ ID: id, Tags: tags[id] ?? [] }));
    }),
    ctx.bus.on('message.deleted', ({ ids }) => eachOrReload('delete', ids, (id) => ({ ID: id }))),
    ctx.bus.on('messages.pruned', () => broadcast('prune', null)),
    ctx.bus.on('messages.truncated', () => broadcast('truncate', null)),
  ];

  const pinger = setInterval(() => {
    for (const socket of clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  return {
    attach(socket) {
      clients.add(socket);
      stopStats ??= ctx.bus.on('stats.changed', onStats);
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
      socket.on('close', () => remove(socket));
      socket.on('error', (err) => {
        log.debug({ err }, 'live client error');
        remove(socket);
      });
      // A new client learns the counts at once, as Mailpit sends stats on connect.
      ctx.store
        .stats()
        .then((stats) => send(socket, JSON.stringify({ Type: 'stats', Data: toMailpitStats(stats, ctx.version) })))
        .catch((err: unknown) => log.error({ err }, 'could not read stats for a new live client'));
    },
    close() {
      for (const off of unsubscribe) off();
      stopStats?.();
      clearInterval(pinger);
      if (statsTimer) clearTimeout(statsTimer);
      for (const socket of clients) socket.close(1001, 'server shutting down');
      clients.clear();
    },
  };
}

/**
 * Refuses a WebSocket upgrade from another site's page (cross-site WebSocket hijacking: the
 * browser would send our cookies or cached basic-auth credentials along). A request without
 * an Origin header is not from a browser page and is let through. Behind a reverse proxy that
 * rewrites Host, X-Forwarded-Host names the public host; a page cannot set that header itself.
 */
export function isSameOriginUpgrade(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  const forwarded = request.headers['x-forwarded-host'];
  const hosts = [request.headers.host, ...(Array.isArray(forwarded) ? forwarded : [forwarded])]
    .flatMap((h) => (h ?? '').split(','))
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return hosts.includes(originHost);
}
