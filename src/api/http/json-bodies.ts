import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * A JSON body with a `__proto__` key, or `constructor` holding `prototype`, is refused: handed
 * on, such a key can set an object's prototype wherever it is assigned into a plain object.
 */
const POISONED = 'the JSON body has a "__proto__" key or a "constructor" with "prototype", which devmail refuses (prototype poisoning)';

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Request bodies are JSON. Like Mailpit, a body is read as JSON whatever its Content-Type
 * (curl's `-d` says form-urlencoded), and an empty body is no body (DELETE /messages without
 * one deletes all). POST is the exception: a page on another site can POST text/plain or a
 * form without a CORS preflight, so POST must say application/json — that stops a web page
 * from injecting mail through a visitor's browser (CSRF). PUT and DELETE always need a
 * preflight, which devmail never grants. A route may take an untyped POST body from a client
 * that is not a browser (no `Origin`; see RouteEntry.untypedBody).
 */
export function installJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const parser = (request: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => {
    if (body.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, body, (err, value) => {
      // Fastify's parser refuses prototype poisoning with the same words as broken JSON.
      if (err && isJson(body)) done(Object.assign(new Error(POISONED), { statusCode: 400 }));
      else done(err, value);
    });
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parser);
  app.addContentTypeParser('*', { parseAs: 'string' }, parser);

  app.addHook('preValidation', async (request) => {
    if (request.method !== 'POST' || request.body === undefined) return;
    const type = request.headers['content-type'] ?? '';
    if (type === '' && request.headers.origin === undefined && request.routeOptions.config.untypedBody === true) return;
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
      throw Object.assign(new Error('POST bodies must be sent as Content-Type: application/json'), { statusCode: 415 });
    }
  });
}
