/** Parses `HOST:PORT`, `[v6]:PORT`, or a bare port (meaning 127.0.0.1); throws naming `what`. */
export function parseHostPort(value: string, what: string): { host: string; port: number } {
  const text = value.trim();
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  const port = match ? Number(match[3]) : Number.NaN;
  if (!match || !(port >= 1 && port <= 65535)) throw new Error(`${what} expects HOST:PORT, got "${value}"`);
  return { host: match[1] || match[2] || '127.0.0.1', port };
}
