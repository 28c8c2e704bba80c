import type { Socket } from 'node:net';
import type { Logger } from '../core/logger.js';
import { COMMANDS } from './commands.js';
import { continueAuth } from './auth-command.js';
import type { MutableSessionInfo, ServerContext, Transaction } from './context.js';
import type { BdatChunk } from './bdat.js';
import { DataReader } from './data-reader.js';
import { deliverMessage, finishBdatChunk } from './delivery.js';
import { InputQueue } from './input-queue.js';
import { parseProxyHeader } from './proxy-protocol.js';
import { newSessionInfo, takeProxySource } from './session-info.js';
import { closingReply, errorToReply, formatReply, isRefusal, R, reply } from './replies.js';
import type { SaslExchange } from './auth-sasl.js';
import { tlsInfoOf, wrapServerSocket } from './tls.js';
import { InputThrottle } from './throttle.js';
import type { Transcript } from './transcript.js';
import type { PolicyResult, PolicyVerdict, SmtpReply } from './types.js';

const CR = 0x0d;
/** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets, CRLF included. */
const MAX_COMMAND_LINE_BYTES = 512;
/** MAIL may grow by SIZE= (RFC 1870 §3: 26 octets) and AUTH= (RFC 4954 §5: 500 octets). */
const MAX_MAIL_LINE_BYTES = 512 + 26 + 500;
/** RFC 4954 §4: AUTH lines and SASL responses may be up to 12288 octets. */
const MAX_AUTH_LINE_BYTES = 12_288;
/** Pipelined input held while a hook runs; past it we stop reading the socket (backpressure). */
const INPUT_HIGH_WATER_BYTES = 1 << 20;
/** Bytes a throttled session holds back before it stops reading, so the client feels the slow link. */
const THROTTLE_HIGH_WATER_BYTES = 16 * 1024;
/** After our last reply, how long we wait for the client to close before dropping the socket. */
const LINGER_MS = 3_000;
/** Reply codes that count as a client error towards `maxErrors` (syntax, sequence, auth). */
const ERROR_CODES = new Set([500, 501, 502, 503, 504, 530, 535, 538, 555]);

type Mode = 'proxy' | 'starting' | 'handshake' | 'command' | 'sasl' | 'data' | 'bdat' | 'closing' | 'closed';

/**
 * One SMTP connection. Input is queued as the socket's own chunks and consumed by a single
 * loop (`pump`) one line or one data chunk at a time, so replies go out strictly in command
 * order however long a hook takes (RFC 2920 §3.1), and replies produced together go out in
 * one write. The commands themselves live in `commands.ts` and `auth-command.ts`.
 */
export class Session {
  /** What hooks see. */
  readonly info: MutableSessionInfo;
  /** Child logger carrying the session id. */
  readonly log: Logger;
  /** The mail transaction in progress, if any. */
  tx: Transaction | null = null;
  /** The AUTH exchange waiting for a 334 continuation, if any. */
  sasl: SaslExchange | null = null;
  /** This session's transcript in the session log, or null when none is kept. */
  readonly transcript: Transcript | null;

  private io: Socket;
  private mode: Mode = 'starting';
  private readonly input = new InputQueue();
  private paused = false;
  private pumping = false;
  private again = false;
  private busy = 0;
  private discardingLine = false;
  private out = '';
  private errors = 0;
  private rejected = false;
  private txSeq = 0;
  private dataReader: DataReader | null = null;
  private throttle: InputThrottle | null = null;
  private bdat: BdatChunk | null = null;
  private readonly idleTimer: NodeJS.Timeout | null;
  private lingerTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly ctx: ServerContext,
    private readonly raw: Socket,
    private readonly implicitTls: boolean,
    private readonly onGone: (s: Session) => void,
  ) {
    this.io = raw;
    this.info = newSessionInfo(raw);
    const id = this.info.id;
    this.log = ctx.logger.child({ session: id });
    this.transcript = ctx.sessionLog?.open(this.info) ?? null;
    const idleMs = ctx.config.idleTimeoutMs;
    this.idleTimer = idleMs > 0 ? setTimeout(this.onIdle, idleMs) : null;
  }

  /** Starts the conversation: PROXY header, implicit TLS, then the greeting at once. */
  start(): void {
    this.raw.setNoDelay(true);
    this.raw.on('data', this.onData);
    this.raw.on('error', this.onError);
    this.raw.on('close', this.onClose);
    this.log.debug({ remote: this.info.remoteAddress, port: this.info.remotePort, local: this.info.localPort }, 'connected');
    if (this.ctx.config.proxyProtocol) this.mode = 'proxy';
    else this.afterProxy();
  }

  private afterProxy(): void {
    if (this.implicitTls) this.upgrade(true, () => void this.greet());
    else void this.greet();
  }

  private async greet(): Promise<void> {
    this.mode = 'starting';
    const hook = this.ctx.handler.onConnect;
    const verdict = hook ? await this.runHook('onConnect', () => hook.call(this.ctx.handler, this.info)) : null;
    if (this.mode !== 'starting') return;
    this.mode = 'command';
    if (verdict) {
      // RFC 5321 §3.1: after a 554 greeting, wait for QUIT and answer 503 to anything else.
      if (isRefusal(verdict)) this.rejected = true;
      this.send(verdict);
    } else {
      this.send(reply(220, '', `${this.ctx.config.hostname} ESMTP devmail`));
    }
    this.kick();
  }

  // ——— input ———

  private readonly onData = (chunk: Buffer): void => {
    if (this.mode === 'closing' || this.mode === 'closed' || this.mode === 'handshake') return;
    if (this.throttle) {
      this.idleTimer?.refresh();
      this.throttle.push(chunk);
      if (this.throttle.pending > THROTTLE_HIGH_WATER_BYTES && !this.paused) {
        this.paused = true;
        this.io.pause();
      }
      return;
    }
    this.take(chunk);
  };

  /**
   * Queues bytes for the input loop (straight from the socket, or released by the throttle: a
   * slow release is activity too, so the idle timer is refreshed here).
   */
  private readonly take = (chunk: Buffer): void => {
    if (this.mode === 'closing' || this.mode === 'closed') return;
    this.idleTimer?.refresh();
    this.input.push(chunk);
    if (this.input.size > INPUT_HIGH_WATER_BYTES && !this.paused) {
      this.paused = true;
      this.io.pause();
    }
    this.kick();
  };

  private kick(): void {
    if (this.pumping) this.again = true;
    else if (!this.input.empty) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.again = false;
        while (!this.input.empty) {
          const r = this.step();
          if (r === false) break;
          if (r !== true) await r;
        }
      } while (this.again && !this.input.empty);
    } catch (err) {
      this.log.error({ err }, 'session failed');
      this.send({ ...R.localError, disconnect: true });
    } finally {
      this.pumping = false;
    }
    this.flush();
    const throttled = this.throttle !== null && this.throttle.pending > THROTTLE_HIGH_WATER_BYTES / 2;
    if (this.paused && !throttled && this.input.size < INPUT_HIGH_WATER_BYTES / 2 && this.mode !== 'closed') {
      this.paused = false;
      this.io.resume();
    }
    if (this.ctx.closing && this.isIdle()) this.send(closingReply('shutdown', this.ctx.config.hostname));
  }

  /** Handles one unit of input: true to go on, false to wait for more, or a promise to await. */
  private step(): boolean | Promise<void> {
    switch (this.mode) {
      case 'command':
      case 'sasl':
        return this.stepLine();
      case 'data':
        return this.stepData();
      case 'bdat':
        return this.stepBdat();
      case 'proxy':
        return this.stepProxy();
      case 'closing':
      case 'closed':
        this.input.clear();
        return false;
      default:
        return false; // greeting or TLS handshake pending: keep the input for later
    }
  }

  private stepLine(): boolean | Promise<void> {
    if (this.discardingLine) {
      // RFC 5321 §4.5.3.1.4 overflow: skip to the end of the line, then go on with the next.
      if (this.input.skipLine()) this.discardingLine = false;
      return true;
    }
    const line = this.input.takeLine(MAX_AUTH_LINE_BYTES);
    if (line === null) return false;
    if (line === 'too-long') {
      this.discardingLine = true;
      this.endSasl();
      this.send(R.lineTooLong);
      return true;
    }
    let end = line.length - 1;
    if (end > 0 && line[end - 1] === CR) end--;
    if (this.mode === 'sasl') {
      this.debug('C: *hidden*');
      this.transcript?.client('*hidden*');
      if (line.length > MAX_AUTH_LINE_BYTES) {
        this.endSasl();
        this.send(R.lineTooLong);
        return true;
      }
      return continueAuth(this, line.toString('latin1', 0, end));
    }
    const text = line.toString('utf8', 0, end);
    const sp = text.indexOf(' ');
    const verb = (sp < 0 ? text : text.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : text.slice(sp + 1);
    const shown = verb === 'AUTH' ? `AUTH ${arg.split(' ')[0]}${arg.includes(' ') ? ' *hidden*' : ''}` : text;
    this.transcript?.client(shown);
    this.debug(`C: ${shown}`);
    const limit = verb === 'AUTH' ? MAX_AUTH_LINE_BYTES : verb === 'MAIL' ? MAX_MAIL_LINE_BYTES : MAX_COMMAND_LINE_BYTES;
    if (line.length > limit) {
      this.send(R.lineTooLong);
      return true;
    }
    if (this.rejected && verb !== 'QUIT') {
      this.send(reply(503, '5.5.1', 'Connection rejected, only QUIT is accepted'));
      return true;
    }
    const command = COMMANDS.get(verb);
    if (!command) {
      this.send(R.unknownCommand);
      return true;
    }
    return command(this, arg) ?? true;
  }

  private stepProxy(): boolean {
    if (this.input.peek().length < this.input.size) this.input.unshift(this.input.drain());
    const r = parseProxyHeader(this.input.peek());
    if (r.status === 'incomplete') return false;
    if (r.status === 'invalid') {
      this.log.debug({ reason: r.reason }, 'bad PROXY header, closing');
      this.transcript?.closing(`bad PROXY header: ${r.reason}`);
      this.input.clear();
      this.mode = 'closing';
      this.io.destroy();
      return false;
    }
    this.input.skip(r.consumed);
    if (r.source) takeProxySource(this.info, r.source);
    this.log.debug({ remote: this.info.remoteAddress, port: this.info.remotePort }, 'PROXY header');
    this.transcript?.event(`PROXY header: client ${this.info.remoteAddress} port ${this.info.remotePort}`);
    this.mode = 'starting';
    this.afterProxy();
    return false;
  }

  private stepData(): boolean | Promise<void> {
    const chunk = this.input.shift();
    const reader = this.dataReader!;
    const used = reader.push(chunk);
    if (used < 0) return true;
    this.input.unshift(chunk.subarray(used));
    this.dataReader = null;
    this.mode = 'command';
    return deliverMessage(this, reader.body);
  }

  private stepBdat(): boolean | Promise<void> {
    const b = this.bdat!;
    const first = this.input.peek();
    const n = Math.min(first.length, b.remaining);
    if (!b.fail) this.tx!.bdat!.add(first, 0, n);
    this.input.skip(n);
    b.remaining -= n;
    return b.remaining > 0 ? true : this.endBdatChunk();
  }

  // ——— what commands call ———

  /** Queues a reply; sent at once outside the input loop, else with the loop's batch. */
  send(r: SmtpReply): void {
    if (this.mode === 'closing' || this.mode === 'closed') return;
    if (!r.silent) {
      const text = formatReply(r, this.info.esmtp || r.code === 421);
      this.out += text;
      this.transcript?.server(text);
      this.debug(`S: ${text.trimEnd()}`);
    }
    if (ERROR_CODES.has(r.code)) this.errors++;
    if (r.disconnect || r.code === 421) {
      this.transcript?.closing(r.silent ? 'dropped by the server without a reply' : r.code === 221 ? 'QUIT' : `closed by the server after ${r.code}`);
      return this.close();
    }
    const maxErrors = this.ctx.config.maxErrors;
    if (maxErrors > 0 && this.errors >= maxErrors) {
      this.log.info({ errors: this.errors }, 'too many errors, closing');
      const text = formatReply(closingReply('errors', this.ctx.config.hostname), true);
      this.out += text;
      this.transcript?.server(text);
      this.transcript?.closing('too many errors');
      return this.close();
    }
    if (!this.pumping) this.flush();
  }

  /**
   * Runs a policy hook; a throw becomes a reply (`errorToReply`). A hook that answers at once
   * costs nothing more; one that answers later runs with the session marked busy, and the
   * replies already queued go out first: a slow hook must not hold back earlier answers.
   */
  runHook(stage: string, call: () => PolicyVerdict): SmtpReply | null | Promise<SmtpReply | null> {
    let result: PolicyVerdict;
    try {
      result = call();
    } catch (err) {
      return this.hookError(err, stage);
    }
    if (!(result instanceof Promise)) return this.applyVerdict(result);
    this.flush();
    this.busy++;
    return result.then(
      (r) => {
        this.busy--;
        return this.applyVerdict(r);
      },
      (err: unknown) => {
        this.busy--;
        return this.hookError(err, stage);
      },
    );
  }

  /** A hook's answer as a reply to send, or null to go on (applying a throttle on the way). */
  private applyVerdict(result: PolicyResult): SmtpReply | null {
    if (!result) return null;
    if ('throttleBytesPerSecond' in result) {
      this.setThrottle(result.throttleBytesPerSecond);
      return null;
    }
    return result;
  }

  /** Awaits outside work (the handler, credential checks) with the session marked busy; flushes first. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.flush();
    this.busy++;
    try {
      return await work();
    } finally {
      this.busy--;
    }
  }

  /**
   * Reads the client's bytes at most `bytesPerSecond` from now on (a slow link), or at full
   * speed again with null. Bytes already read are not held back.
   */
  setThrottle(bytesPerSecond: number | null): void {
    if (bytesPerSecond === null || bytesPerSecond <= 0) {
      if (!this.throttle) return;
      const backlog = this.throttle.drain();
      this.throttle = null;
      for (const chunk of backlog) this.take(chunk);
      this.transcript?.event('throttle lifted');
      return;
    }
    if (this.throttle) this.throttle.setRate(bytesPerSecond);
    else this.throttle = new InputThrottle(bytesPerSecond, this.take);
    this.transcript?.event(`input throttled to ${bytesPerSecond} bytes/s`);
  }

  /**
   * Begins a mail transaction. The fields are named rather than spread: a spread that adds
   * properties takes V8's slow path, about a microsecond and a half, once per message.
   */
  beginTransaction(tx: Omit<Transaction, 'logId' | 'bdat'>): void {
    this.tx = {
      mailFrom: tx.mailFrom,
      mailParams: tx.mailParams,
      rcptTo: tx.rcptTo,
      smtpUtf8: tx.smtpUtf8,
      binaryMime: tx.binaryMime,
      bdat: null,
      logId: `${this.info.id}.${++this.txSeq}`,
    };
  }

  /** Forgets the transaction in progress (RSET, EHLO, STARTTLS, a failed BDAT). */
  resetTransaction(): void {
    this.tx = null;
  }

  /** Sends 354 and reads the message text (RFC 5321 §4.1.1.4). */
  startData(): void {
    const max = this.ctx.config.maxMessageBytes;
    this.dataReader = new DataReader(max > 0 ? max : Infinity);
    this.mode = 'data';
    this.send(R.dataGo);
  }

  /** Reads the `size` octets of a BDAT chunk (RFC 3030 §2); with `fail`, reads and discards them. */
  startBdat(size: number, last: boolean, fail: SmtpReply | null): boolean | Promise<void> {
    this.bdat = { size, remaining: size, last, fail };
    if (size === 0) return this.endBdatChunk();
    this.mode = 'bdat';
    return true;
  }

  private endBdatChunk(): boolean | Promise<void> {
    const chunk = this.bdat!;
    this.bdat = null;
    this.mode = 'command';
    return finishBdatChunk(this, chunk) ?? true;
  }

  /** Enters the SASL continuation state of an AUTH exchange. */
  beginSasl(exchange: SaslExchange): void {
    this.sasl = exchange;
    this.mode = 'sasl';
  }

  /** Leaves the SASL continuation state. */
  endSasl(): void {
    this.sasl = null;
    if (this.mode === 'sasl') this.mode = 'command';
  }

  /** Answers 220 and upgrades to TLS (RFC 3207 §4–4.2). */
  startTls(): void {
    this.send(R.tlsGo);
    this.flush();
    this.upgrade(false, () => {
      // RFC 3207 §4.2: forget everything learnt before TLS; the client must EHLO again.
      this.info.heloName = null;
      this.info.esmtp = false;
      this.info.authUser = null;
      this.resetTransaction();
      this.mode = 'command';
      this.kick();
    });
  }

  private upgrade(keepInput: boolean, then: () => void): void {
    const material = this.ctx.tls;
    if (!material) {
      this.io.destroy();
      return;
    }
    this.mode = 'handshake';
    this.raw.removeListener('data', this.onData);
    // Implicit TLS behind a PROXY header: the ClientHello may already be in our queue and goes
    // back to TLS. After STARTTLS, anything the client pipelined in clear text is dropped
    // (RFC 3207 §4.2; the CVE-2011-0411 command injection).
    const pending = keepInput && !this.input.empty ? this.input.drain() : null;
    this.input.clear();
    this.throttle?.clear();
    this.paused = false;
    const secure = wrapServerSocket(this.raw, material.context, pending);
    this.io = secure;
    secure.on('error', this.onError);
    secure.on('close', this.onClose);
    secure.once('secure', () => {
      this.info.tls = tlsInfoOf(secure);
      this.transcript?.event(`TLS established: ${this.info.tls.protocol} ${this.info.tls.cipher}`);
      this.debug(`TLS ${this.info.tls.protocol} ${this.info.tls.cipher}`);
      secure.on('data', this.onData);
      then();
    });
  }

  // ——— closing ———

  private flush(): void {
    if (this.out === '' || this.mode === 'closed') return;
    this.io.write(this.out);
    this.out = '';
  }

  /** Sends what is queued, half-closes, and drops the socket if the client lingers. */
  private close(): void {
    this.flush();
    this.mode = 'closing';
    this.input.clear();
    this.throttle?.clear();
    this.io.end();
    this.lingerTimer = setTimeout(() => this.io.destroy(), LINGER_MS);
    this.lingerTimer.unref();
  }

  private isIdle(): boolean {
    return (this.mode === 'command' || this.mode === 'sasl') && this.tx === null && this.busy === 0 && !this.pumping;
  }

  /** The server is closing: 421 now when idle, else when the transaction in progress ends. */
  shutdown(): void {
    if (this.mode === 'proxy' || this.mode === 'handshake' || this.mode === 'starting') this.io.destroy();
    else if (this.isIdle()) this.send(closingReply('shutdown', this.ctx.config.hostname));
  }

  /** The grace period is over: 421 whatever the state, and drop the connection. */
  forceClose(): void {
    this.transcript?.closing('server shut down');
    if (this.mode !== 'closing' && this.mode !== 'closed' && this.mode !== 'handshake') {
      const text = formatReply(closingReply('shutdown', this.ctx.config.hostname), true);
      this.transcript?.server(text);
      this.out += text;
      this.flush();
    }
    this.mode = 'closing';
    this.io.end(() => this.io.destroy());
    setTimeout(() => this.io.destroy(), 200).unref();
  }

  private readonly onIdle = (): void => {
    if (this.mode === 'closing' || this.mode === 'closed') return;
    if (this.busy > 0) {
      this.idleTimer?.refresh(); // waiting on a hook is not the client's idleness
      return;
    }
    this.log.debug({ mode: this.mode }, 'idle timeout');
    this.transcript?.closing('idle timeout');
    if (this.mode === 'proxy' || this.mode === 'handshake' || this.mode === 'starting') this.io.destroy();
    else this.send(closingReply('idle', this.ctx.config.hostname));
  };

  private readonly onError = (err: Error): void => {
    this.transcript?.closing(`socket error: ${err.message}`);
    this.debug(`socket error: ${err.message}`);
  };

  private readonly onClose = (): void => {
    if (this.mode === 'closed') return;
    this.mode = 'closed';
    this.input.clear();
    this.throttle?.clear();
    this.transcript?.end();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.debug('closed');
    this.onGone(this);
  };

  /** The reply for an error thrown by a hook or the handler; our own failures are logged with their stack. */
  hookError(err: unknown, stage: string): SmtpReply {
    const { reply: r, ours } = errorToReply(err);
    if (ours) this.log.error({ err, stage }, 'handler failed');
    else this.log.debug({ stage, code: r.code }, 'handler refused');
    return r;
  }

  private debug(msg: string): void {
    if (this.log.isLevelEnabled('debug')) this.log.debug(msg);
  }
}
