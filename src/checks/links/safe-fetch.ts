import http from 'node:http';
import https from 'node:https';
import { formatSeconds, pinnedLookup, vettedAddress, type ProbeOptions } from './safe-request.js';

/** What a server sent for a resource: its status, type and body. */
export interface FetchedResource {
  statusCode: number;
  /** The Content-Type header, or ''. */
  contentType: string;
  body: Buffer;
}

/** Limits of one fetch, on top of the probe's address policy and deadline. */
export interface FetchOptions extends ProbeOptions {
  /** Largest body read; past it the fetch fails. */
  maxBytes: number;
  /** Redirects followed, each hop vetted again. */
  maxRedirects: number;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/**
 * GETs a resource a captured message names (a screenshot's image or stylesheet) under the link
 * check's rules: every hop's host resolved and vetted by the address policy, the connection
 * pinned to the vetted address, redirects followed up to `maxRedirects`, the body capped, the
 * whole fetch within `timeoutMs`. Throws RefusedRequestError for an internal address.
 */
export async function fetchResource(url: URL, opts: FetchOptions): Promise<FetchedResource> {
  const deadline = Date.now() + opts.timeoutMs;
  const remaining = () => Math.max(1, deadline - Date.now());
  let current = url;
  for (let hop = 0; ; hop++) {
    const pinned = await vettedAddress(current, { ...opts, timeoutMs: remaining() });
    const answer = await get(current, pinned, remaining(), opts);
    if (!REDIRECT_CODES.has(answer.statusCode) || !answer.location) return answer.resource;
    if (hop >= opts.maxRedirects) throw new Error(`more than ${opts.maxRedirects} redirects`);
    current = new URL(answer.location, current);
  }
}

function get(
  url: URL,
  pinned: { address: string; family: number },
  timeoutMs: number,
  opts: FetchOptions,
): Promise<{ statusCode: number; location: string | null; resource: FetchedResource }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'GET',
      // A fresh connection per request: a pooled socket could belong to another host's vetting.
      agent: false,
      lookup: pinnedLookup(pinned),
      headers: { 'user-agent': opts.userAgent, accept: '*/*' },
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${formatSeconds(timeoutMs)}`)), timeoutMs);
    req.on('response', (res) => {
      const statusCode = res.statusCode ?? 0;
      const location = res.headers.location ?? null;
      const contentType = res.headers['content-type'] ?? '';
      if (REDIRECT_CODES.has(statusCode) && location) {
        clearTimeout(timer);
        res.destroy();
        resolve({ statusCode, location, resource: { statusCode, contentType, body: Buffer.alloc(0) } });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) {
          clearTimeout(timer);
          reject(new Error(`larger than ${opts.maxBytes} bytes`));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        // A no-op after a rejection for size (a promise settles once).
        resolve({ statusCode, location, resource: { statusCode, contentType, body: Buffer.concat(chunks) } });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}
