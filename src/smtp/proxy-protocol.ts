import { isIPv4, isIPv6 } from 'node:net';

/** One end of a proxied connection. */
export interface ProxyEndpoint {
  address: string;
  port: number;
}

/** The outcome of reading a PROXY protocol header from the start of a connection. */
export type ProxyHeaderResult =
  | { status: 'incomplete' }
  | { status: 'invalid'; reason: string }
  /** `source` is null for v1 UNKNOWN and v2 LOCAL (health checks): keep the socket's own. */
  | { status: 'ok'; consumed: number; source: ProxyEndpoint | null; destination: ProxyEndpoint | null };

// https://www.haproxy.org/download/2.9/doc/proxy-protocol.txt
const V1_PREFIX = Buffer.from('PROXY ');
const V1_MAX_BYTES = 107; // §2.1: the longest v1 line, CRLF included
const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V2_HEADER_BYTES = 16;

/** True while `buf` may still become `sig` (it is a prefix of it, or starts with it). */
function startsLike(buf: Buffer, sig: Buffer): boolean {
  const n = Math.min(buf.length, sig.length);
  return buf.compare(sig, 0, n, 0, n) === 0;
}

function parsePort(s: string | undefined): number {
  if (s === undefined || !/^\d{1,5}$/.test(s)) return -1;
  const port = Number(s);
  return port <= 65535 ? port : -1;
}

function parseV1(buf: Buffer): ProxyHeaderResult {
  const end = buf.indexOf('\r\n');
  if (end < 0) {
    return buf.length >= V1_MAX_BYTES ? { status: 'invalid', reason: 'v1 line too long' } : { status: 'incomplete' };
  }
  if (end + 2 > V1_MAX_BYTES) return { status: 'invalid', reason: 'v1 line too long' };
  const parts = buf.toString('latin1', 0, end).split(' ');
  const consumed = end + 2;
  if (parts[1] === 'UNKNOWN') return { status: 'ok', consumed, source: null, destination: null };
  if (parts.length !== 6) return { status: 'invalid', reason: 'v1 needs 6 fields' };
  const isIp = parts[1] === 'TCP4' ? isIPv4 : parts[1] === 'TCP6' ? isIPv6 : null;
  if (!isIp) return { status: 'invalid', reason: 'v1 protocol must be TCP4, TCP6 or UNKNOWN' };
  const [, , src, dst, sport, dport] = parts;
  const srcPort = parsePort(sport);
  const dstPort = parsePort(dport);
  if (!isIp(src) || !isIp(dst) || srcPort < 0 || dstPort < 0) return { status: 'invalid', reason: 'v1 bad address' };
  return { status: 'ok', consumed, source: { address: src, port: srcPort }, destination: { address: dst, port: dstPort } };
}

function ipv6ToString(buf: Buffer, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(buf.readUInt16BE(at + i * 2));
  // RFC 5952 §4.2: compress the longest run (≥ 2) of zero groups.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function parseV2(buf: Buffer): ProxyHeaderResult {
  if (buf.length < V2_HEADER_BYTES) return { status: 'incomplete' };
  const verCmd = buf[12];
  if (verCmd >> 4 !== 2) return { status: 'invalid', reason: 'v2 version must be 2' };
  const command = verCmd & 0x0f;
  if (command > 1) return { status: 'invalid', reason: 'v2 unknown command' };
  const family = buf[13] >> 4;
  const length = buf.readUInt16BE(14);
  const consumed = V2_HEADER_BYTES + length;
  if (buf.length < consumed) return { status: 'incomplete' };
  // LOCAL (a proxy's own health check), or a family we do not map: keep the real addresses.
  if (command === 0 || (family !== 1 && family !== 2)) return { status: 'ok', consumed, source: null, destination: null };
  const at = V2_HEADER_BYTES;
  if (family === 1) {
    if (length < 12) return { status: 'invalid', reason: 'v2 short IPv4 block' };
    const ip = (o: number) => `${buf[o]}.${buf[o + 1]}.${buf[o + 2]}.${buf[o + 3]}`;
    return {
      status: 'ok',
      consumed,
      source: { address: ip(at), port: buf.readUInt16BE(at + 8) },
      destination: { address: ip(at + 4), port: buf.readUInt16BE(at + 10) },
    };
  }
  if (length < 36) return { status: 'invalid', reason: 'v2 short IPv6 block' };
  return {
    status: 'ok',
    consumed,
    source: { address: ipv6ToString(buf, at), port: buf.readUInt16BE(at + 32) },
    destination: { address: ipv6ToString(buf, at + 16), port: buf.readUInt16BE(at + 34) },
  };
}

/** Reads a PROXY v1 (text) or v2 (binary) header at the start of `buf`. */
export function parseProxyHeader(buf: Buffer): ProxyHeaderResult {
  if (buf.length === 0) return { status: 'incomplete' };
  if (startsLike(buf, V2_SIGNATURE)) return buf.length < V2_SIGNATURE.length ? { status: 'incomplete' } : parseV2(buf);
  if (startsLike(buf, V1_PREFIX)) return buf.length < V1_PREFIX.length ? { status: 'incomplete' } : parseV1(buf);
  return { status: 'invalid', reason: 'no PROXY header' };
}

/** Builds a v2 header (tests and tools that sit in front of devmail). */
export function buildProxyV2Header(source: ProxyEndpoint, destination: ProxyEndpoint): Buffer {
  const v6 = isIPv6(source.address);
  const body = Buffer.alloc(v6 ? 36 : 12);
  const put = (addr: string, at: number) => {
    if (!v6) addr.split('.').forEach((o, i) => (body[at + i] = Number(o)));
    else {
      const [head, tail = ''] = addr.split('::');
      const h = head ? head.split(':') : [];
      const t = tail ? tail.split(':') : [];
      const groups = addr.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
      groups.forEach((g, i) => body.writeUInt16BE(parseInt(g, 16), at + i * 2));
    }
  };
  const size = v6 ? 16 : 4;
  put(source.address, 0);
  put(destination.address, size);
  body.writeUInt16BE(source.port, size * 2);
  body.writeUInt16BE(destination.port, size * 2 + 2);
  const head = Buffer.alloc(4);
  head[0] = 0x21; // version 2, PROXY
  head[1] = v6 ? 0x21 : 0x11; // INET6/INET over STREAM
  head.writeUInt16BE(body.length, 2);
  return Buffer.concat([V2_SIGNATURE, head, body]);
}
