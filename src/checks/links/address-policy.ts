import { isIPv4, isIPv6 } from 'node:net';

/**
 * Why an IP address is not one a captured message may make devmail contact, or null when it is
 * a public unicast address. A message decides which URLs the link check requests, so without
 * this anyone who can send mail to devmail could probe the network it runs in (SSRF).
 */
export function internalAddressReason(address: string): string | null {
  if (isIPv4(address)) return ipv4Reason(ipv4Bytes(address));
  if (isIPv6(address)) return ipv6Reason(ipv6Bytes(address));
  return 'not an IP address';
}

/** IPv4 ranges that are not public unicast (RFC 6890 and friends). */
const IPV4_RANGES: Array<[number[], number, string]> = [
  [[0, 0, 0, 0], 8, 'an unspecified ("this network") address'],
  [[10, 0, 0, 0], 8, 'a private address'],
  [[100, 64, 0, 0], 10, 'a shared (carrier-grade NAT) address'],
  [[127, 0, 0, 0], 8, 'a loopback address'],
  [[169, 254, 0, 0], 16, 'a link-local address'],
  [[172, 16, 0, 0], 12, 'a private address'],
  [[192, 0, 0, 0], 24, 'an IETF protocol address'],
  [[192, 0, 2, 0], 24, 'a documentation address'],
  [[192, 168, 0, 0], 16, 'a private address'],
  [[198, 18, 0, 0], 15, 'a benchmarking address'],
  [[198, 51, 100, 0], 24, 'a documentation address'],
  [[203, 0, 113, 0], 24, 'a documentation address'],
  [[224, 0, 0, 0], 4, 'a multicast address'],
  [[240, 0, 0, 0], 4, 'a reserved or broadcast address'],
];

function ipv4Reason(bytes: number[]): string | null {
  for (const [prefix, bits, reason] of IPV4_RANGES) if (matchesPrefix(bytes, prefix, bits)) return reason;
  return null;
}

function ipv6Reason(b: number[]): string | null {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return 'an unspecified address';
  if (zeros(0, 15) && b[15] === 1) return 'a loopback address';
  // Addresses that carry an IPv4 address: judged by that address, so ::ffff:127.0.0.1 is loopback.
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return embedded(b.slice(12, 16), 'IPv4-mapped');
  if (matchesPrefix(b, [0, 0x64, 0xff, 0x9b], 32) && zeros(4, 12)) return embedded(b.slice(12, 16), 'NAT64');
  if (b[0] === 0x20 && b[1] === 0x02) return embedded(b.slice(2, 6), '6to4');
  if (zeros(0, 12)) return 'an IPv4-compatible address (deprecated)';
  if (b[0] === 0xff) return 'a multicast address';
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return 'a link-local address';
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0xc0) return 'a site-local address (deprecated)';
  if ((b[0] & 0xfe) === 0xfc) return 'a unique-local address';
  if (matchesPrefix(b, [0x20, 0x01, 0x0d, 0xb8], 32)) return 'a documentation address';
  if (matchesPrefix(b, [0x01, 0, 0, 0, 0, 0, 0, 0], 64)) return 'a discard-only address';
  return null;
}

function embedded(v4: number[], kind: string): string | null {
  const reason = ipv4Reason(v4);
  return reason ? `${reason} (${kind} ${v4.join('.')})` : null;
}

function matchesPrefix(bytes: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < prefix.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((bytes[i] & mask) !== (prefix[i] & mask)) return false;
  }
  return true;
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of a valid IPv6 address (with `::`, a trailing dotted quad, a zone id). */
function ipv6Bytes(address: string): number[] {
  let text = address.split('%')[0];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    // The dotted quad stands for the last two groups.
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groups = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const [head, tail] = text.split('::');
  const headGroups = groups(head);
  const tailGroups = tail === undefined ? [] : groups(tail);
  const zeros = Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  return [...headGroups, ...zeros, ...tailGroups].flatMap((g) => [g >> 8, g & 0xff]);
}
