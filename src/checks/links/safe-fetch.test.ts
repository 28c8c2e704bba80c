import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource, type FetchOptions } from './safe-fetch.js';
import { RefusedRequestError } from './safe-request.js';

/** fetchResource against an HTTP server on loopback; 127.0.0.2 stands for an internal address. */

let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/image.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([1, 2, 3]));
    else if (req.url === '/moved') res.writeHead(302, { location: '/image.png' }).end();
    else if (req.url === '/to-internal') res.writeHead(302, { location: `http://127.0.0.2:${(server.address() as { port: number }).port}/image.png` }).end();
    else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
    else if (req.url === '/big') res.writeHead(200).end(Buffer.alloc(4096));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Loopback 127.0.0.1 allowed, 127.0.0.2 refused, as the policy would refuse any internal address. */
const opts: FetchOptions = {
  allowInternal: false,
  refuseReason: (address) => (address === '127.0.0.2' ? 'an internal address' : null),
  timeoutMs: 5_000,
  userAgent: 'devmail-test',
  maxBytes: 1024,
  maxRedirects: 3,
};

describe('fetchResource', () => {
  it('fetches a body with its type, following redirects', async () => {
    expect(await fetchResource(new URL(`${base}/image.png`), opts)).toEqual({ statusCode: 200, contentType: 'image/png', body: Buffer.from([1, 2, 3]) });
    expect((await fetchResource(new URL(`${base}/moved`), opts)).body).toEqual(Buffer.from([1, 2, 3]));
  });

  it('vets every redirect hop, refusing before any request to an internal address', async () => {
    const err = await fetchResource(new URL(`${base}/to-internal`), opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedRequestError);
    expect((err as Error).message).toBe('refused: 127.0.0.2, an internal address (--allow-internal-http-requests allows it)');
  });

  it('refuses the default policy’s loopback unless internal requests are allowed', async () => {
    const before = hits.length;
    const strict = { ...opts, refuseReason: undefined };
    await expect(fetchResource(new URL(`${base}/image.png`), strict)).rejects.toThrow(/^refused: 127\.0\.0\.1, .*loopback/);
    expect(hits.length).toBe(before);
    expect((await fetchResource(new URL(`${base}/image.png`), { ...strict, allowInternal: true })).statusCode).toBe(200);
  });

  it('stops at too many redirects and at a body over the limit; passes a 404 on', async () => {
    await expect(fetchResource(new URL(`${base}/loop`), opts)).rejects.toThrow('more than 3 redirects');
    await expect(fetchResource(new URL(`${base}/big`), opts)).rejects.toThrow('larger than 1024 bytes');
    expect((await fetchResource(new URL(`${base}/missing`), opts)).statusCode).toBe(404);
  });
});
