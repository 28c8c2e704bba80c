/**
 * Test support for code that talks to the engine: a config with loopback test defaults, a
 * handler that records what it is given, and a line-oriented raw client. Not used at run time.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Envelope } from '../core/types.js';
import { silentLogger, type Logger } from '../core/logger.js';
import type { SmtpConfig } from '../config/types.js';
import { startSmtpServer } from './server.js';
import type { SessionLog } from './session-log.js';
import type { SessionInfo, SmtpHandler, SmtpServer } from './types.js';

/** Part of an SmtpConfig; nested objects may be given in part too. */
export type SmtpConfigOverrides = Partial<Omit<SmtpConfig, 'tls' | 'auth'>> & {
  tls?: Partial<SmtpConfig['tls']>;
  auth?: Partial<SmtpConfig['auth']>;
};

/** A config for tests: 127.0.0.1 port 0, self-signed TLS, any password, roomy limits. */
export function testSmtpConfig(overrides: SmtpConfigOverrides = {}): SmtpConfig {
  const { tls, auth, ...rest } = overrides;
  return {
    listen: { host: '127.0.0.1', port: 0 },
    smtpsListen: null,
    hostname: 'devmail.test',
    maxMessageBytes: 10 * 1024 * 1024,
    maxRecipients: 100,
    allowedRecipients: null,
    maxConnections: 100,
    idleTimeoutMs: 60_000,
    maxErrors: 20,
    proxyProtocol: false,
    ...rest,
    tls: { certFile: null, keyFile: null, generatedNames: [], requireStartTls: false, requireTls: false, ...tls },
    auth: { acceptAny: true, credentials: [], allowInsecure: false, ...auth },
  };
}

/** One message the recording handler was given. */
export interface RecordedMessage {
  id: string;
  session: SessionInfo;
  envelope: Envelope;
  raw: Buffer;
}

/** A handler that keeps every message (with a copy of the session as it was) and answers ids. */
export interface RecordingHandler extends SmtpHandler {
  readonly messages: RecordedMessage[];
  /** Resolves once `count` messages have been recorded. */
  waitFor(count: number): Promise<RecordedMessage[]>;
}

/** Makes a recording handler; `extra` adds policy hooks or replaces onData's outcome. */
export function recordingHandler(extra: Partial<SmtpHandler> = {}): RecordingHandler {
  const messages: RecordedMessage[] = [];
  const waiters: Array<{ count: number; resolve: (m: RecordedMessage[]) => void }> = [];
  return {
    ...extra,
    messages,
    async onData(s, envelope, raw) {
      let id = `m${messages.length + 1}`;
      if (extra.onData) {
        const r = await extra.onData(s, envelope, raw);
        if (!('id' in r)) return r;
        id = r.id;
      }
      messages.push({ id, session: { ...s }, envelope, raw: Buffer.from(raw) });
      for (const w of waiters.splice(0)) {
        if (messages.length >= w.count) w.resolve(messages);
        else waiters.push(w);
      }
      return { id };
    },
    waitFor(count) {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

/** A running engine with a recording handler, on 127.0.0.1 port 0. */
export interface TestSmtpServer {
  server: SmtpServer;
  handler: RecordingHandler;
  /** The main listener's port. */
  port: number;
  /** The SMTPS listener's port, or 0. */
  smtpsPort: number;
}

/** Starts the engine for a test with `testSmtpConfig(config)` and a recording handler. */
export async function startTestSmtpServer(
  opts: { config?: SmtpConfigOverrides; hooks?: Partial<SmtpHandler>; logger?: Logger; sessionLog?: SessionLog } = {},
): Promise<TestSmtpServer> {
  const handler = recordingHandler(opts.hooks);
  const server = await startSmtpServer({
    config: testSmtpConfig(opts.config),
    handler,
    logger: opts.logger ?? silentLogger(),
    sessionLog: opts.sessionLog,
  });
  const { smtp, smtps } = server.addresses();
  return { server, handler, port: smtp.port, smtpsPort: smtps?.port ?? 0 };
}

/** A reply as a test sees it. */
export interface TestReply {
  code: number;
  /** The text of each line, after the code and separator. */
  lines: string[];
  /** The reply exactly as received. */
  raw: string;
}

/** A raw SMTP client: write bytes, read whole replies in order. */
export class SmtpTestClient {
  private buffer = '';
  private replies: TestReply[] = [];
  private waiting: Array<(r: TestReply | null) => void> = [];
  private ended = false;
  private endWaiters: Array<() => void> = [];

  private constructor(public socket: Socket) {
    this.attach(socket);
  }

  /** Connects (optionally with implicit TLS) and returns once the socket is open. */
  static connect(port: number, opts: { tls?: boolean; host?: string } = {}): Promise<SmtpTestClient> {
    const host = opts.host ?? '127.0.0.1';
    return new Promise((resolve, reject) => {
      const socket = opts.tls
        ? tlsConnect({ port, host, rejectUnauthorized: false }, () => resolve(new SmtpTestClient(socket)))
        : netConnect({ port, host }, () => resolve(new SmtpTestClient(socket)));
      socket.once('error', reject);
    });
  }

  private attach(socket: Socket): void {
    socket.on('data', (d: Buffer) => this.onData(d.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.ended = true;
      for (const w of this.waiting.splice(0)) w(null);
      for (const w of this.endWaiters.splice(0)) w();
    });
  }

  private onData(text: string): void {
    this.buffer += text;
    let start = 0;
    let lines: string[] = [];
    for (;;) {
      const nl = this.buffer.indexOf('\r\n', start);
      if (nl < 0) break;
      const line = this.buffer.slice(start, nl);
      lines.push(line);
      start = nl + 2;
      if (line.length < 4 || line[3] === ' ') {
        this.push({ code: Number(line.slice(0, 3)), lines: lines.map((l) => l.slice(4)), raw: `${lines.join('\r\n')}\r\n` });
        this.buffer = this.buffer.slice(start);
        start = 0;
        lines = [];
      }
    }
  }

  private push(r: TestReply): void {
    const w = this.waiting.shift();
    if (w) w(r);
    else this.replies.push(r);
  }

  /** The next reply; rejects if the server closes first. */
  reply(): Promise<TestReply> {
    const r = this.replies.shift();
    if (r) return Promise.resolve(r);
    if (this.ended) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) =>
      this.waiting.push((x) => (x ? resolve(x) : reject(new Error('connection closed')))),
    );
  }

  /** Writes raw bytes. */
  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Sends one command line (CRLF added) and returns its reply. */
  async cmd(line: string): Promise<TestReply> {
    this.write(`${line}\r\n`);
    return this.reply();
  }

  /** Upgrades to TLS on this connection (after the server's 220 to STARTTLS). */
  async startTls(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    await new Promise<void>((resolve, reject) => {
      const secure = tlsConnect({ socket: plain, rejectUnauthorized: false }, () => resolve());
      secure.once('error', reject);
      this.socket = secure;
      this.attach(secure);
    });
  }

  /** Resolves when the server has closed the connection. */
  closed(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }

  /** True once the connection is closed. */
  get isClosed(): boolean {
    return this.ended;
  }

  /** Drops the connection. */
  destroy(): void {
    this.socket.destroy();
  }
}
