import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createCredentialVerifier } from '../auth/credentials.js';
import { DevmailError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { SmtpConfig } from '../config/types.js';
import type { ServerContext } from './context.js';
import { refuseConnection } from './refuse-connection.js';
import { Session } from './session.js';
import { loadTlsMaterial, type TlsMaterial } from './tls.js';
import type { SmtpServer, StartSmtpServerOptions } from './types.js';

/** How long `close()` lets messages in flight finish by default. */
const DEFAULT_GRACE_MS = 10_000;

/**
 * TLS material for the server. Given files, or a listener that speaks only TLS, make a failure
 * fatal; otherwise a failed self-signed generation only costs STARTTLS (answered 454).
 */
async function prepareTls(config: SmtpConfig, logger: Logger): Promise<TlsMaterial | null> {
  const required = config.tls.certFile !== null || config.tls.requireTls || config.smtpsListen !== null;
  try {
    const material = await loadTlsMaterial(config.tls, config.hostname);
    logger.debug({ origin: material.origin }, 'TLS certificate ready');
    return material;
  } catch (err) {
    if (required) throw err;
    logger.warn({ err }, 'no TLS certificate; STARTTLS is off');
    return null;
  }
}

function listen(server: Server, at: { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) =>
      reject(new DevmailError('unavailable', `SMTP cannot listen on ${at.host}:${at.port}`, { cause: err }));
    server.once('error', onError);
    server.listen(at.port, at.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function boundAddress(server: Server): { host: string; port: number } {
  const a = server.address() as AddressInfo;
  return { host: a.address, port: a.port };
}

/** Starts devmail's SMTP engine: the main listener, and the SMTPS one when configured. */
export async function startSmtpServer(opts: StartSmtpServerOptions): Promise<SmtpServer> {
  const { config, handler, logger } = opts;
  const ctx: ServerContext = {
    config,
    handler,
    logger,
    tls: await prepareTls(config, logger),
    verifier: createCredentialVerifier(config.auth),
    sessionLog: opts.sessionLog ?? null,
    closing: false,
  };
  const sessions = new Set<Session>();
  const refused = new Set<Socket>();
  let onAllGone: (() => void) | null = null;

  const accept = (implicitTls: boolean) => (socket: Socket) => {
    if (ctx.closing) return void socket.destroy();
    if (config.maxConnections > 0 && sessions.size >= config.maxConnections) {
      refused.add(socket);
      socket.on('close', () => refused.delete(socket));
      refuseConnection(ctx, socket);
      return;
    }
    const session = new Session(ctx, socket, implicitTls, (gone) => {
      sessions.delete(gone);
      if (sessions.size === 0) onAllGone?.();
    });
    sessions.add(session);
    session.start();
  };

  const servers: Server[] = [];
  const main = createServer(accept(config.tls.requireTls));
  servers.push(main);
  await listen(main, config.listen);
  let smtps: Server | null = null;
  if (config.smtpsListen) {
    smtps = createServer(accept(true));
    servers.push(smtps);
    try {
      await listen(smtps, config.smtpsListen);
    } catch (err) {
      main.close();
      throw err;
    }
  }
  const addresses = () => ({ smtp: boundAddress(main), smtps: smtps ? boundAddress(smtps) : null });
  const where = addresses();
  logger.info({ ...where.smtp, implicitTls: config.tls.requireTls }, 'SMTP listening');
  if (where.smtps) logger.info(where.smtps, 'SMTPS listening');

  let closed: Promise<void> | null = null;
  const allGone = () => (sessions.size === 0 ? Promise.resolve() : new Promise<void>((r) => (onAllGone = r)));

  async function close(graceMs: number): Promise<void> {
    ctx.closing = true;
    const serversClosed = Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    for (const socket of refused) socket.destroy();
    for (const session of sessions) session.shutdown();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allGone(), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    if (sessions.size > 0) logger.info({ sessions: sessions.size }, 'grace period over, closing sessions');
    for (const session of sessions) session.forceClose();
    await allGone();
    await serversClosed;
    logger.info('SMTP closed');
  }

  return {
    addresses,
    close: (o) => (closed ??= close(o?.graceMs ?? DEFAULT_GRACE_MS)),
    connectionCount: () => sessions.size,
  };
}
