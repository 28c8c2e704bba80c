import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { MutableSessionInfo } from './context.js';

/**
 * What is known of a connection the moment it arrives: a new session id and the socket's
 * addresses. Shared by sessions and refused connections, so both appear alike in the log.
 */
export function newSessionInfo(socket: Socket): MutableSessionInfo {
  return {
    id: randomUUID().slice(0, 8),
    remoteAddress: plainIp(socket.remoteAddress),
    remotePort: socket.remotePort ?? 0,
    localAddress: plainIp(socket.localAddress),
    localPort: socket.localPort ?? 0,
    proxied: false,
    tls: null,
    heloName: null,
    esmtp: false,
    authUser: null,
    transactionCount: 0,
  };
}

/** The client a PROXY header names, in place of the socket's peer (the proxy). */
export function takeProxySource(info: MutableSessionInfo, source: { address: string; port: number }): void {
  info.remoteAddress = plainIp(source.address);
  info.remotePort = source.port;
  info.proxied = true;
}

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) → `1.2.3.4`. */
export function plainIp(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
