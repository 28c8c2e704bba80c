import { STATUS_CODES } from 'node:http';
import { ConcurrencyGate, KeyedGates } from './concurrency-gate.js';
import type { LinkCheckResponse, LinkResult } from './link-check-types.js';
import { probeUrl, type ProbeAnswer, type ProbeOptions } from './safe-request.js';

/** How the link check behaves; every limit has a default. */
export interface LinkCheckerOptions extends Omit<ProbeOptions, 'timeoutMs'> {
  /** Per request (DNS, connect, headers). Mailpit waits 10 s. */
  timeoutMs?: number;
  /** Requests at once to one host:port, so a newsletter's 80 links do not hammer one server. */
  perHostConcurrency?: number;
  /** Requests at once in all. */
  maxConcurrency?: number;
  /** How long a URL's result is reused, across messages (many mails share links). */
  cacheTtlMs?: number;
  /** URL results kept at most. */
  maxCachedUrls?: number;
  /** Redirects followed before giving up (browsers stop at about 20). */
  maxRedirects?: number;
  /** Links checked per message; a hostile message could list a million. */
  maxLinks?: number;
}

const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/**
 * Checks the links of messages: HEAD first, GET when HEAD is refused or fails (some servers
 * answer HEAD with 404 or 405), redirects reported or followed, every hop vetted against the
 * address policy, bounded per host and in all, results reused for a short while.
 */
export class LinkChecker {
  private readonly opts: Required<Omit<LinkCheckerOptions, 'resolve' | 'refuseReason'>> & LinkCheckerOptions;
  private readonly all: ConcurrencyGate;
  private readonly perHost: KeyedGates;
  private readonly cache = new Map<string, { expires: number; result: Promise<LinkResult> }>();

  constructor(options: LinkCheckerOptions) {
    this.opts = {
      timeoutMs: 10_000,
      perHostConcurrency: 2,
      maxConcurrency: 8,
      cacheTtlMs: 60_000,
      maxCachedUrls: 5_000,
      maxRedirects: 10,
      maxLinks: 500,
      ...options,
    };
    this.all = new ConcurrencyGate(this.opts.maxConcurrency);
    this.perHost = new KeyedGates(this.opts.perHostConcurrency);
  }

  /** Checks every URL (at most `maxLinks`; the rest are listed as not checked). */
  async check(urls: string[], follow: boolean): Promise<LinkCheckResponse> {
    const checked = urls.slice(0, this.opts.maxLinks);
    const links = await Promise.all(checked.map((url) => this.checkUrl(url, follow)));
    for (const url of urls.slice(this.opts.maxLinks)) {
      links.push({ URL: url, StatusCode: 0, Status: `not checked: more than ${this.opts.maxLinks} links`, Redirects: [] });
    }
    const errors = links.slice(0, checked.length).filter((l) => l.StatusCode === 0 || l.StatusCode >= 400).length;
    return { Errors: errors, Links: links };
  }

  /** One URL's result, from the cache while it is fresh. */
  checkUrl(url: string, follow: boolean): Promise<LinkResult> {
    const key = `${follow ? 'F' : 'N'} ${url}`;
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return cached.result;
    const result = this.resolveLink(url, follow);
    // Re-inserted at the end, so the map stays in order of expiry.
    this.cache.delete(key);
    this.cache.set(key, { expires: now + this.opts.cacheTtlMs, result });
    this.dropExpired(now);
    return result;
  }

  private async resolveLink(url: string, follow: boolean): Promise<LinkResult> {
    const redirects: LinkResult['Redirects'] = [];
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      return { URL: url, StatusCode: 0, Status: 'invalid URL', Redirects: [] };
    }
    try {
      for (;;) {
        const answer = await this.probe(current);
        const target = REDIRECT_CODES.has(answer.statusCode) && answer.location ? safeUrl(answer.location, current) : null;
        if (!target) return { URL: url, StatusCode: answer.statusCode, Status: STATUS_CODES[answer.statusCode] ?? '', Redirects: redirects };
        redirects.push({ StatusCode: answer.statusCode, Location: target.href });
        if (!follow || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
          return { URL: url, StatusCode: answer.statusCode, Status: STATUS_CODES[answer.statusCode] ?? '', Redirects: redirects };
        }
        if (redirects.length > this.opts.maxRedirects) {
          return { URL: url, StatusCode: 0, Status: `more than ${this.opts.maxRedirects} redirects`, Redirects: redirects };
        }
        current = target;
      }
    } catch (err) {
      return { URL: url, StatusCode: 0, Status: describeFailure(err), Redirects: redirects };
    }
  }

  /** HEAD, then GET when HEAD got an error status. */
  private probe(url: URL): Promise<ProbeAnswer> {
    return this.perHost.run(url.host, () =>
      this.all.run(async () => {
        const head = await probeUrl(url, 'HEAD', this.opts);
        return head.statusCode >= 400 ? probeUrl(url, 'GET', this.opts) : head;
      }),
    );
  }

  private dropExpired(now: number): void {
    if (this.cache.size <= this.opts.maxCachedUrls) return;
    for (const [key, entry] of this.cache) {
      if (entry.expires <= now || this.cache.size > this.opts.maxCachedUrls) this.cache.delete(key);
      else break;
    }
  }
}

function safeUrl(location: string, base: URL): URL | null {
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
}

/** A short reason for a failure, as Mailpit gives ("connection refused", "no such host …"). */
function describeFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return e.message || String(err);
  }
}
