import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createCredentialVerifier } from '../../auth/index.js';
import type { CredentialEntry } from '../../config/types.js';
import { sendError } from '../errors.js';

/** User and password from an `Authorization: Basic …` header, or null. */
export function readBasicAuth(request: FastifyRequest): { user: string; password: string } | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The basic-auth user name a request carries, if any (recorded on messages it sends). */
export function basicAuthUser(request: FastifyRequest): string | undefined {
  return readBasicAuth(request)?.user || undefined;
}

/**
 * Requires HTTP basic auth (RFC 7617) on every route except those marked `open` (probes)
 * when credentials are configured. Secrets may be plain, bcrypt or SHA-crypt; `src/auth`
 * compares them in constant time and spends the same work on unknown users.
 */
export function installBasicAuth(app: FastifyInstance, credentials: readonly CredentialEntry[]): void {
  if (credentials.length === 0) return;
  const verifier = createCredentialVerifier({ acceptAny: false, credentials });
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.open) return;
    const given = readBasicAuth(request);
    if (given && (await verifier.verifyPlain(given.user, given.password))) return;
    reply.header('www-authenticate', 'Basic realm="devmail", charset="UTF-8"');
    return sendError(reply, 401, 'unauthorized');
  });
}
