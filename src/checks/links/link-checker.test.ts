import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkChecker, type LinkCheckerOptions } from './link-checker.js';

/** A loopback HTTP server whose paths answer as the tests need, counting what it is asked. */
let server: http.Server;
let base: string;
let port: number;
const hits: string[] = [];
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/slow/')) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        res.end('ok');
      }, 80);
      return;
    }
    if (path === '/hang') return; // never answers
    if (path === '/to-other-loopback') {
      res.writeHead(302, { location: `http://127.0.0.2:${port}/ok` }).end();
      return;
    }
    if (path === '/loop') {
      res.writeHead(302, { location: '/loop' }).end();
      return;
    }
    if (path === '/ok') res.end('ok');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const checker = (opts: Partial<LinkCheckerOptions> = {}) => new LinkChecker({ allowInternal: true, userAgent: 'devmail-test', ...opts });

describe('LinkChecker', () => {
  it('gives up on a server that does not answer within the timeout', async () => {
    const result = await checker({ timeoutMs: 300 }).checkUrl(`${base}/hang`, false);
    expect(result).toMatchObject({ StatusCode: 0, Status: 'timed out after 0.3s' });
  });

  it('keeps to the per-host limit and the overall limit', async () => {
    maxInFlight = 0;
    const urls = Array.from({ length: 6 }, (_, i) => `${base}/slow/${i}`);
    const result = await checker({ perHostConcurrency: 2 }).check(urls, false);
    expect(result.Errors).toBe(0);
    expect(maxInFlight).toBe(2);

    maxInFlight = 0;
    const twoHosts = [...urls.map((u) => `${u}?again`), ...urls.map((u) => `${u.replace('127.0.0.1', 'localhost')}?again`)];
    await checker({ perHostConcurrency: 2, maxConcurrency: 3 }).check(twoHosts, false);
    expect(maxInFlight).toBe(3);
  });

  it('reuses a URL’s result while it is fresh, and asks again once it is not', async () => {
    const links = checker({ cacheTtlMs: 60_000 });
    const before = hits.length;
    await links.checkUrl(`${base}/ok?cached`, false);
    await links.checkUrl(`${base}/ok?cached`, false);
    expect(hits.length - before).toBe(1);
    const fresh = checker({ cacheTtlMs: 0 });
    await fresh.checkUrl(`${base}/ok?uncached`, false);
    await fresh.checkUrl(`${base}/ok?uncached`, false);
    expect(hits.length - before).toBe(3);
  });

  it('vets every redirect hop: a hop to a refused address is not requested', async () => {
    // Only 127.0.0.1 is allowed here; the redirect points at 127.0.0.2.
    const links = checker({ allowInternal: false, refuseReason: (a) => (a === '127.0.0.1' ? null : 'a loopback address') });
    const before = hits.length;
    const result = await links.checkUrl(`${base}/to-other-loopback`, true);
    expect(result.StatusCode).toBe(0);
    expect(result.Status).toBe('refused: 127.0.0.2, a loopback address (--allow-internal-http-requests allows it)');
    expect(result.Redirects).toEqual([{ StatusCode: 302, Location: `http://127.0.0.2:${port}/ok` }]);
    expect(hits.slice(before)).toEqual(['HEAD /to-other-loopback']);
  });

  it('connects to the address it vetted, resolving the host once (no rebinding window)', async () => {
    const asked: string[] = [];
    const links = checker({
      allowInternal: false,
      refuseReason: (a) => (a === '127.0.0.1' ? null : 'internal'),
      // A name the system resolver does not know: the request can only work through the pin.
      resolve: async (host) => {
        asked.push(host);
        return [{ address: '127.0.0.1', family: 4 }];
      },
    });
    const result = await links.checkUrl(`http://rebind.devmail.test:${port}/ok`, false);
    expect(result).toMatchObject({ StatusCode: 200, Status: 'OK' });
    expect(asked).toEqual(['rebind.devmail.test']);
  });

  it('refuses a host when any of its addresses is internal', async () => {
    const links = checker({
      allowInternal: false,
      resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }],
    });
    const result = await links.checkUrl('http://mixed.devmail.test/', false);
    expect(result.Status).toBe('refused: mixed.devmail.test resolves to 10.0.0.7, a private address (--allow-internal-http-requests allows it)');
  });

  it('stops following a redirect loop', async () => {
    const result = await checker({ maxRedirects: 3 }).checkUrl(`${base}/loop`, true);
    expect(result.StatusCode).toBe(0);
    expect(result.Status).toBe('more than 3 redirects');
    expect(result.Redirects).toHaveLength(4);
  });

  it('lists links past the per-message limit as not checked, without counting them as errors', async () => {
    const result = await checker({ maxLinks: 1 }).check([`${base}/ok?a`, `${base}/ok?b`], false);
    expect(result.Errors).toBe(0);
    expect(result.Links[1]).toEqual({ URL: `${base}/ok?b`, StatusCode: 0, Status: 'not checked: more than 1 links', Redirects: [] });
  });
});
