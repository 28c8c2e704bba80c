import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { DevmailError, isDevmailError } from '../core/errors.js';

/** The one error body of the native API, as Mailpit's JSON routes answer: `{"Error": "…"}`. */
export interface ErrorBody {
  Error: string;
}

/** Throws the 404 every "no such message/part" path answers. */
export function notFound(what: string): never {
  throw new DevmailError('not_found', `${what} not found`);
}

/** Throws a 400 with a message for the caller. */
export function badRequest(message: string): never {
  throw new DevmailError('bad_request', message);
}

/**
 * Installs the single place where errors become HTTP: schema validation → 400 naming the
 * field, DevmailError → its status, Fastify's own 4xx (bad JSON, body too large, wrong media
 * type) → that status, anything else → 500 with a generic message and the stack in the log.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, message } = describe(err);
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
    } else {
      request.log.debug({ code: err.code, status }, message);
    }
    return sendError(reply, status, message);
  });

  app.setNotFoundHandler((request, reply) => {
    return sendError(reply, 404, `no route for ${request.method} ${request.url.split('?')[0]}`);
  });
}

/** Sends `{"Error": message}` with `status`. */
export function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  const body: ErrorBody = { Error: message };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

function describe(err: FastifyError): { status: number; message: string } {
  if (err.validation) {
    // Fastify names the place and the rule ("body/Read must be boolean"): precise enough to fix.
    return { status: 400, message: err.message };
  }
  if (isDevmailError(err)) {
    const status = err.httpStatus;
    return { status, message: status >= 500 && err.code === 'internal' ? 'internal server error' : err.message };
  }
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) {
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return { status: 400, message: `invalid JSON body: ${err.message}` };
    }
    return { status, message: err.message };
  }
  return { status: 500, message: 'internal server error' };
}
