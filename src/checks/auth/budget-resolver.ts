import { Resolver } from 'node:dns/promises';

/** The resolver mailauth calls: like `dns.promises.resolve(name, rrtype)`. */
export type DnsLookup = (name: string, rrtype: string) => Promise<unknown>;

/** The most one query may take, so a dead server costs a message seconds, not minutes. */
const QUERY_TIMEOUT_MS = 2_000;

/**
 * A DNS resolver for one authentication check: through `server` (`host:port`) or the system's
 * resolvers, each query bounded by a per-query timeout, and all of them by `budgetMs`. Once the
 * budget is spent every further lookup fails at once with ETIMEOUT, which mailauth reports as
 * `temperror` ("cannot verify") rather than waiting on each in turn.
 */
export function createBudgetResolver(server: string | null, budgetMs: number): DnsLookup {
  const resolver = new Resolver({ timeout: Math.min(QUERY_TIMEOUT_MS, budgetMs), tries: 1 });
  if (server) resolver.setServers([server]);
  const deadline = Date.now() + budgetMs;
  return (name, rrtype) => {
    const left = deadline - Date.now();
    if (left <= 0) return Promise.reject(dnsError('ETIMEOUT', name, 'DNS time budget spent'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(dnsError('ETIMEOUT', name, 'DNS time budget spent')), left);
    });
    // resolve() is typed per rrtype; mailauth asks for TXT, A, AAAA, MX and PTR by name.
    const lookup = (resolver.resolve as (name: string, rrtype: string) => Promise<unknown>)(name, rrtype);
    return Promise.race([lookup, timeout]).finally(() => clearTimeout(timer));
  };
}

function dnsError(code: string, name: string, message: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`${message} (${name})`);
  err.code = code;
  return err;
}
