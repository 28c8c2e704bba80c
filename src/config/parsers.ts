import { isIP } from 'node:net';
import type { ListenAddress, SpamdAddress } from './types.js';

/** A value parser: returns the typed value or throws an Error whose message says what is wrong. */
export type Parser<T> = (raw: string) => T;

/** `HOST:PORT`, `:PORT`, `PORT` or `[v6]:PORT`; a bare port listens on every interface. */
export const listenAddress: Parser<ListenAddress> = (raw) => {
  const value = raw.trim();
  let host = '0.0.0.0';
  let portText = value;
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(value);
  if (v6) {
    host = v6[1];
    portText = v6[2];
  } else if (value.includes(':')) {
    const at = value.lastIndexOf(':');
    host = value.slice(0, at) || '0.0.0.0';
    portText = value.slice(at + 1);
  }
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`expected HOST:PORT with a port from 0 to 65535, got "${raw}"`);
  }
  return { host, port };
};

/** An optional listener: '' or 'off' disables it. */
export const optionalListenAddress: Parser<ListenAddress | null> = (raw) =>
  raw.trim() === '' || raw.trim() === 'off' ? null : listenAddress(raw);

/** true/false, yes/no, on/off, 1/0. */
export const boolean: Parser<boolean> = (raw) => {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', ''].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`expected true or false, got "${raw}"`);
};

/** A TCP port, 1 to 65535. */
export const port: Parser<number> = (raw) => {
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value < 1 || value > 65535) throw new Error(`expected a port from 1 to 65535, got "${raw}"`);
  return value;
};

/** A whole number ≥ 0. */
export const count: Parser<number> = (raw) => {
  if (!/^\d+$/.test(raw.trim())) throw new Error(`expected a whole number ≥ 0, got "${raw}"`);
  return Number(raw.trim());
};

/** A size in bytes: `1048576`, `512K`, `50M`, `1G` (powers of 1024, B optional). */
export const byteSize: Parser<number> = (raw) => {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(raw.trim());
  if (!match) throw new Error(`expected a size like 50M, 512K or 1048576, got "${raw}"`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.floor(Number(match[1]) * unit);
};

/** A duration: `500ms`, `30s`, `15m`, `36h`, `14d`; a bare number is hours (as Mailpit's --max-age); 0 disables. */
export const duration: Parser<number> = (raw) => {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(raw.trim());
  if (!match) throw new Error(`expected a duration like 36h, 14d, 30s or 500ms, got "${raw}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    (match[2] ?? 'h').toLowerCase() as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Math.round(Number(match[1]) * unit);
};

/** A JavaScript regular expression (no slashes), or '' for none. */
export const regex: Parser<RegExp | null> = (raw) => {
  if (raw === '') return null;
  try {
    return new RegExp(raw, 'i');
  } catch (err) {
    throw new Error(`not a valid regular expression: ${(err as Error).message}`);
  }
};

/** Free text. */
export const text: Parser<string> = (raw) => raw;

/** A space- or comma-separated list. */
export const list: Parser<string[]> = (raw) => raw.split(/[\s,]+/).filter(Boolean);

/** A path prefix normalised to '/x/y/' form ('/' for none). */
export const webroot: Parser<string> = (raw) => {
  const parts = raw.split('/').filter(Boolean);
  for (const part of parts) {
    if (!/^[A-Za-z0-9._~-]+$/.test(part)) throw new Error(`webroot may hold only URL-safe path segments, got "${raw}"`);
  }
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
};

/** One of a fixed set of words. */
export function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw) => {
    const value = raw.trim().toLowerCase() as T;
    if (!values.includes(value)) throw new Error(`expected one of ${values.join(', ')}, got "${raw}"`);
    return value;
  };
}

/** Where spamd listens: `HOST:PORT`, `[v6]:PORT`, or a Unix socket (`/path` or `unix:/path`); '' for off. */
export const spamdAddress: Parser<SpamdAddress | null> = (raw) => {
  const value = raw.trim();
  if (value === '') return null;
  if (value.startsWith('/') || value.startsWith('unix:')) {
    const path = value.replace(/^unix:/, '');
    if (!path.startsWith('/')) throw new Error(`expected an absolute socket path, got "${raw}"`);
    return { socketPath: path };
  }
  const { host, port } = listenAddress(value);
  if (!value.includes(':') || port === 0) throw new Error(`expected HOST:PORT or a socket path, got "${raw}"`);
  return { host, port };
};

/** An http(s) URL, or '' for none. */
export const optionalHttpUrl: Parser<URL | null> = (raw) => {
  const value = raw.trim();
  if (value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`expected a URL like http://127.0.0.1:11333, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`expected an http(s) URL, got "${raw}"`);
  return url;
};

/** A DNS server as `HOST:PORT`, `HOST` (port 53) or `[v6]:PORT`; '' for the system's resolvers. */
export const optionalDnsServer: Parser<string | null> = (raw) => {
  const value = raw.trim();
  if (value === '') return null;
  const { host, port } = /^[^:]+$|^\[[^\]]+\]$/.test(value)
    ? { host: value.replace(/^\[|\]$/g, ''), port: 53 }
    : listenAddress(value);
  // node:dns talks to servers by address only.
  if (port === 0 || !isIP(host) || host === '0.0.0.0') throw new Error(`expected IP:PORT of a DNS server, got "${raw}"`);
  // node:dns takes "host:port", with brackets around an IPv6 host.
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
};
