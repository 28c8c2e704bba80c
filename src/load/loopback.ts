import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** True for an IPv4 address in 127.0.0.0/8, `::1`, or an IPv4-mapped loopback address. */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * True when every address `host` resolves to is a loopback address. The load generator can
 * flood a server; by default it refuses anything that is not this machine.
 */
export async function resolvesToLoopback(host: string): Promise<boolean> {
  if (isIP(host.replace(/^\[|\]$/g, ''))) return isLoopbackAddress(host);
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.length > 0 && addresses.every((a) => isLoopbackAddress(a.address));
  } catch {
    return false;
  }
}
