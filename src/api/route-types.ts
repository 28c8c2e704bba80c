import type {
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  HTTPMethods,
  RouteGenericInterface,
} from 'fastify';
import type { WebSocket } from 'ws';
import type { ApiContext } from './context.js';

/** A route handler: the API context first, then Fastify's request and reply. */
export type ApiHandler<T extends RouteGenericInterface = RouteGenericInterface> = (
  ctx: ApiContext,
  request: FastifyRequest<T>,
  reply: FastifyReply,
) => Promise<unknown>;

/** A WebSocket route's handler, called once the upgrade is done. */
export type SocketHandler = (ctx: ApiContext, socket: WebSocket, request: FastifyRequest) => void;

/** One row of the route table. */
export interface RouteEntry {
  method: HTTPMethods | HTTPMethods[];
  /** Path below the webroot, starting with '/'. */
  url: string;
  /** Validation and serialisation schema; also what the OpenAPI document is made from. */
  schema: FastifySchema;
  // The table holds handlers of many request shapes; each is typed where it is written.
  handler: ApiHandler<any>;
  /** Reachable without credentials (probes). */
  open?: boolean;
  /** Set on WebSocket routes: upgrades go here (same-origin only), plain requests to `handler`. */
  wsHandler?: SocketHandler;
  /** Largest request body in bytes, when the default (1 MiB) is too small. */
  bodyLimit?: number;
  /**
   * A POST body without any Content-Type is read as JSON when the request has no `Origin`
   * (browsers always send one on POST, so this opens no CSRF path): for an original's client
   * that sends its JSON untyped (MailHog's release).
   */
  untypedBody?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers without credentials even when basic auth is on (probes). */
    open?: boolean;
    /** See RouteEntry.untypedBody. */
    untypedBody?: boolean;
  }
}
