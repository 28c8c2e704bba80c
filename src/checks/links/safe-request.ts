import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { internalAddressReason } from './address-policy.js';

/** A resolved address of a host. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** How a probe may reach the network. */
export interface ProbeOptions {
  /** Contact private, loopback, link-local … addresses too (`--allow-internal-http-requests`). */
  allowInternal: boolean;
  /** The whole probe (DNS, connect, TLS, headers) must finish within this. */
  timeoutMs: number;
  userAgent: string;
  /** Resolves a host name; the system resolver by default. */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  /** Why an address is refused, or null; `internalAddressReason` by default. */
  refuseReason?: (address: string) => string | null;
}

/** What a server answered: its status and, for a redirect, where it points. */
export interface ProbeAnswer {
  statusCode: number;
  location: string | null;
}

/** A request devmail would not make: the address is internal, or the URL is not http(s). */
export class RefusedRequestError extends Error {
  override readonly name = 'RefusedRequestError';
}

const systemResolve = (host: string) => lookup(host, { all: true, verbatim: true });

/**
 * One HEAD or GET to `url`, reading the status line and headers only. The host is resolved
 * here, every address it resolves to is vetted, and the connection is pinned to the vetted
 * address (the socket's own lookup answers with it), so a DNS answer that changes between the
 * check and the connect (rebinding) cannot reach an internal address.
 */
export async function probeUrl(url: URL, method: 'HEAD' | 'GET', opts: ProbeOptions): Promise<ProbeAnswer> {
  const deadline = Date.now() + opts.timeoutMs;
  const pinned = await vettedAddress(url, opts);
  return request(url, method, pinned, Math.max(1, deadline - Date.now()), opts.userAgent);
}

/**
 * Resolves `url`'s host within `opts.timeoutMs` and vets every address it resolves to (unless
 * `allowInternal`): the address to connect to, for `pinnedLookup`. Throws RefusedRequestError
 * for an internal address or a scheme other than http(s), an Error when the host does not resolve.
 */
export async function vettedAddress(url: URL, opts: Omit<ProbeOptions, 'userAgent'>): Promise<ResolvedAddress> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RefusedRequestError(`${url.protocol} URLs are not checked`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await withTimeout(resolveHost(host, opts), opts.timeoutMs, `DNS lookup of ${host}`);
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  if (!opts.allowInternal) {
    const refuse = opts.refuseReason ?? internalAddressReason;
    for (const { address } of addresses) {
      const reason = refuse(address);
      if (reason) {
        const via = address === host ? address : `${host} resolves to ${address}`;
        throw new RefusedRequestError(`refused: ${via}, ${reason} (--allow-internal-http-requests allows it)`);
      }
    }
  }
  return addresses[0];
}

/** A socket lookup that answers with the vetted address only, so the connection goes where the check looked. */
export function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}

async function resolveHost(host: string, opts: Pick<ProbeOptions, 'resolve'>): Promise<ResolvedAddress[]> {
  try {
    return await (opts.resolve ?? systemResolve)(host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOTFOUND' ? `no such host ${host}` : `cannot resolve ${host}: ${code ?? (err as Error).message}`);
  }
}

function request(url: URL, method: 'HEAD' | 'GET', pinned: ResolvedAddress, timeoutMs: number, userAgent: string): Promise<ProbeAnswer> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<ProbeAnswer>((resolve, reject) => {
    const req = client.request(url, {
      method,
      // A fresh connection per probe: a pooled socket could belong to another host's vetting.
      agent: false,
      lookup: pinnedLookup(pinned),
      headers: { 'user-agent': userAgent, accept: '*/*' },
    });
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${formatSeconds(timeoutMs)}`)), timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      const location = res.headers.location ?? null;
      resolve({ statusCode: res.statusCode ?? 0, location });
      // Only the status matters: the body is never read.
      res.destroy();
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}

export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${formatSeconds(ms)}`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}
