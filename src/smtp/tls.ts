import { readFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { DevmailError } from '../core/errors.js';
import { generateSelfSigned } from './self-signed.js';
import type { TlsInfo } from '../core/types.js';
import type { SmtpConfig } from '../config/types.js';

/** The TLS material the engine serves, and where it came from (for the start-up log). */
export interface TlsMaterial {
  context: SecureContext;
  origin: 'files' | 'self-signed';
}

/** Names the generated certificate covers: our hostname, loopback, and any configured extras. */
export function generatedCertificateNames(tls: SmtpConfig['tls'], hostname: string): string[] {
  return [...new Set([hostname, 'localhost', '127.0.0.1', '::1', ...tls.generatedNames].filter((n) => n !== ''))];
}

/** Loads `certFile`/`keyFile`, or makes a self-signed pair (`self-signed.ts`) when both are null. */
export async function loadTlsMaterial(tls: SmtpConfig['tls'], hostname: string): Promise<TlsMaterial> {
  if ((tls.certFile === null) !== (tls.keyFile === null)) {
    throw new DevmailError('config_invalid', 'SMTP TLS needs both a certificate file and a key file, or neither');
  }
  if (tls.certFile !== null && tls.keyFile !== null) {
    let cert: Buffer;
    let key: Buffer;
    try {
      [cert, key] = await Promise.all([readFile(tls.certFile), readFile(tls.keyFile)]);
    } catch (err) {
      throw new DevmailError('config_invalid', `cannot read SMTP TLS certificate or key (${tls.certFile}, ${tls.keyFile})`, { cause: err });
    }
    try {
      return { context: createSecureContext({ cert, key }), origin: 'files' };
    } catch (err) {
      throw new DevmailError('config_invalid', `SMTP TLS certificate or key is not usable (${tls.certFile})`, { cause: err });
    }
  }
  const pems = await generateSelfSigned(hostname, generatedCertificateNames(tls, hostname));
  return { context: createSecureContext({ cert: pems.cert, key: pems.key }), origin: 'self-signed' };
}

/** The TLS facts of a finished handshake, as the Envelope records them. */
export function tlsInfoOf(socket: TLSSocket): TlsInfo {
  return { protocol: socket.getProtocol() ?? 'unknown', cipher: socket.getCipher()?.name ?? 'unknown' };
}

/**
 * Turns an accepted socket into a server-side TLS socket. `pending` is input already read
 * from it that belongs to TLS (a ClientHello that came in with a PROXY header): it is put
 * back into the socket's buffer, which Node's TLSSocket reads first.
 */
export function wrapServerSocket(raw: Socket, context: SecureContext, pending: Buffer | null): TLSSocket {
  raw.pause();
  if (pending && pending.length > 0) raw.unshift(pending);
  return new TLSSocket(raw, { isServer: true, secureContext: context });
}
