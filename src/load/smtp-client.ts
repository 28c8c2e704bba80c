import { connect, type Socket } from 'node:net';

/**
 * A small, fast SMTP client over node:net, shared by `devmail sendmail` (one message, must
 * start in milliseconds) and the load generator (many messages, must not be the bottleneck).
 * It speaks only what those need: greeting, EHLO/HELO, MAIL/RCPT/DATA (pipelined when the
 * server advertises PIPELINING, RFC 2920), RSET, QUIT. No TLS, no AUTH: it talks to a local
 * devmail.
 */

/** One SMTP reply: the code and the text of each line without the `250-`/`250 ` prefix. */
export interface SmtpReply {
  code: number;
  lines: string[];
}

/** Why a connection failed: the network, a timeout, the server closing, or a garbled reply. */
export type SmtpClientErrorKind = 'network' | 'timeout' | 'closed' | 'protocol';

/** An error of the connection itself (not a 4xx/5xx reply, which is a normal SmtpReply). */
export class SmtpClientError extends Error {
  readonly kind: SmtpClientErrorKind;
  /** The system error code (`ECONNREFUSED`, `ENOTFOUND`…) for network errors. */
  readonly errno: string | undefined;

  constructor(kind: SmtpClientErrorKind, message: string, options?: { cause?: unknown; errno?: string }) {
    super(message, options);
    this.name = 'SmtpClientError';
    this.kind = kind;
    this.errno = options?.errno;
  }

  /** A short, stable label for counting errors: the errno, or the kind. */
  get label(): string {
    return this.errno ?? this.kind;
  }
}

/** Where to connect and how long to wait for any one reply. */
export interface SmtpConnectOptions {
  host: string;
  port: number;
  /** A reply that takes longer than this fails the connection (default 30 s). */
  timeoutMs?: number;
}

// A reply line longer than this is not SMTP (RFC 5321 4.5.3.1.5 says 512 octets); the margin
// keeps a hostile or broken peer from growing our buffer without end.
const MAX_REPLY_LINE_BYTES = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

interface ReplyBatch {
  want: number;
  got: SmtpReply[];
  resolve: (replies: SmtpReply[]) => void;
  reject: (err: Error) => void;
}

/** One SMTP connection. Replies are matched to requests in order, as pipelining requires. */
export class SmtpConnection {
  /** The server's greeting (220 when all is well). */
  greeting: SmtpReply = { code: 0, lines: [] };
  /** EHLO keywords in upper case → their parameters (e.g. `SIZE` → `52428800`). */
  readonly capabilities = new Map<string, string>();
  /** Resolves when the socket has closed. */
  readonly closed: Promise<void>;

  private readonly socket: Socket;
  private readonly pending: ReplyBatch[] = [];
  private partial: Buffer | null = null;
  private lines: string[] = [];
  private failure: SmtpClientError | null = null;

  private constructor(socket: Socket, timeoutMs: number) {
    this.socket = socket;
    socket.setTimeout(timeoutMs);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('timeout', () => {
      // Idle with nothing asked is fine (a reused connection between messages).
      if (this.pending.length > 0) this.fail(new SmtpClientError('timeout', `no reply within ${timeoutMs} ms`));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.fail(new SmtpClientError('network', err.message, { cause: err, errno: err.code }));
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.fail(new SmtpClientError('closed', 'the server closed the connection'));
        resolve();
      });
    });
  }

  /** Connects and waits for the greeting (whatever its code: check `greeting.code`). */
  static async open(opts: SmtpConnectOptions): Promise<SmtpConnection> {
    const socket = connect({ host: opts.host, port: opts.port, noDelay: true });
    const conn = new SmtpConnection(socket, opts.timeoutMs ?? 30_000);
    try {
      [conn.greeting] = await conn.expect(1);
    } catch (err) {
      conn.destroy();
      throw err;
    }
    return conn;
  }

  /** The server advertised this EHLO keyword (case-insensitive). */
  supports(keyword: string): boolean {
    return this.capabilities.has(keyword.toUpperCase());
  }

  /** EHLO, falling back to HELO when the server refuses EHLO; records the capabilities. */
  async hello(name: string): Promise<SmtpReply> {
    const ehlo = await this.command(`EHLO ${name}`);
    if (ehlo.code === 250) {
      this.capabilities.clear();
      for (const line of ehlo.lines.slice(1)) {
        const space = line.indexOf(' ');
        const keyword = (space === -1 ? line : line.slice(0, space)).toUpperCase();
        this.capabilities.set(keyword, space === -1 ? '' : line.slice(space + 1));
      }
      return ehlo;
    }
    if (ehlo.code >= 500) return this.command(`HELO ${name}`);
    return ehlo;
  }

  /** Sends one command line and waits for its reply. */
  async command(line: string): Promise<SmtpReply> {
    const [reply] = await this.send(Buffer.from(`${line}\r\n`, 'utf8'), 1);
    return reply;
  }

  /**
   * Writes `data` (one buffer, or several sent in one go) and waits for `replies` replies.
   * With PIPELINING this is how a whole MAIL/RCPT/DATA group goes out in one write.
   */
  send(data: Buffer | readonly Buffer[], replies: number): Promise<SmtpReply[]> {
    const waiting = this.expect(replies);
    if (this.failure) return waiting;
    if (Buffer.isBuffer(data)) {
      this.socket.write(data);
    } else {
      // cork/uncork turns the pieces into a single writev: one syscall, no copy.
      this.socket.cork();
      for (const piece of data) this.socket.write(piece);
      this.socket.uncork();
    }
    return waiting;
  }

  /** Says QUIT (waiting briefly for 221) and closes; never throws. */
  async quit(): Promise<void> {
    if (!this.failure) {
      try {
        await this.command('QUIT');
      } catch {
        // The server may close first; the connection is over either way.
      }
    }
    this.socket.end();
  }

  /** Closes the socket at once. */
  destroy(): void {
    this.socket.destroy();
  }

  /** The raw socket, for relaying a conversation byte for byte (`sendmail -bs`). */
  get rawSocket(): Socket {
    return this.socket;
  }

  private expect(want: number): Promise<SmtpReply[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ want, got: [], resolve, reject });
    });
  }

  private onData(chunk: Buffer): void {
    const buf = this.partial ? Buffer.concat([this.partial, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(LF); nl !== -1; nl = buf.indexOf(LF, start)) {
      const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
      const line = buf.toString('latin1', start, end);
      start = nl + 1;
      this.onLine(line);
      if (this.failure) return;
    }
    this.partial = start < buf.length ? buf.subarray(start) : null;
    if (this.partial && this.partial.length > MAX_REPLY_LINE_BYTES) {
      this.fail(new SmtpClientError('protocol', 'reply line too long'));
      this.socket.destroy();
    }
  }

  private onLine(line: string): void {
    const code = Number(line.slice(0, 3));
    const separator = line.charCodeAt(3);
    if (!(code >= 200 && code <= 599) || !(line.length === 3 || separator === 32 || separator === 45)) {
      this.fail(new SmtpClientError('protocol', `not an SMTP reply: ${JSON.stringify(line.slice(0, 80))}`));
      this.socket.destroy();
      return;
    }
    this.lines.push(line.slice(4));
    if (separator === 45) return; // '-': more lines of this reply follow
    const reply: SmtpReply = { code, lines: this.lines };
    this.lines = [];
    const batch = this.pending[0];
    if (!batch) return; // unsolicited, e.g. 421 before closing: the close event reports it
    batch.got.push(reply);
    if (batch.got.length === batch.want) {
      this.pending.shift();
      batch.resolve(batch.got);
    }
  }

  private fail(err: SmtpClientError): void {
    if (this.failure) return;
    this.failure = err;
    for (const batch of this.pending.splice(0)) batch.reject(err);
  }
}

/** The reply's text on one line, e.g. for an error message. */
export function replyText(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(' ')}`.trim();
}

/** The ID in devmail's `250 2.0.0 Ok: queued as <ID>`, or '' when the reply has none. */
export function queuedId(reply: SmtpReply): string {
  const text = reply.lines[reply.lines.length - 1] ?? '';
  const at = text.indexOf('queued as ');
  if (at === -1) return '';
  const rest = text.slice(at + 10).trim();
  const space = rest.indexOf(' ');
  return (space === -1 ? rest : rest.slice(0, space)).replace(/^<|>$/g, '');
}

const DOT = 0x2e;
const TERMINATOR = Buffer.from('.\r\n');
const CRLF_TERMINATOR = Buffer.from('\r\n.\r\n');

/**
 * A message ready for the DATA phase (RFC 5321 4.5.2): CRLF line ends, a leading `.` on any
 * line doubled, and the `<CRLF>.<CRLF>` terminator added.
 */
export function encodeDataBody(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  let lineStart = 0;
  while (lineStart < raw.length) {
    if (raw[lineStart] === DOT) {
      parts.push(raw.subarray(from, lineStart), DOT_BYTE);
      from = lineStart;
    }
    const nl = raw.indexOf(LF, lineStart);
    if (nl === -1) break;
    if (nl === 0 || raw[nl - 1] !== CR) {
      parts.push(raw.subarray(from, nl), CRLF);
      from = nl + 1;
    }
    lineStart = nl + 1;
  }
  parts.push(raw.subarray(from));
  const endsWithNewline = raw.length > 0 && raw[raw.length - 1] === LF;
  parts.push(endsWithNewline || raw.length === 0 ? TERMINATOR : CRLF_TERMINATOR);
  return Buffer.concat(parts);
}

const DOT_BYTE = Buffer.from('.');
const CRLF = Buffer.from('\r\n');

/** What became of one mail transaction. */
export interface TransactionOutcome {
  /** The reply that decided it: the one after the message on success, else the first refusal. */
  reply: SmtpReply;
  /** Where it stopped: 'mail', 'rcpt', 'data', or 'message' (the reply after the content). */
  stage: 'mail' | 'rcpt' | 'data' | 'message';
  /** Recipients the server refused, with its reply (the message went to the others). */
  refused: Array<{ address: string; reply: SmtpReply }>;
}

/** One message to send: envelope and encoded content (see `encodeDataBody`). */
export interface Transaction {
  mailFrom: string;
  /** Extra MAIL FROM parameters, e.g. `BODY=8BITMIME`. */
  mailParams?: string;
  rcptTo: string[];
  /** The DATA content with the terminator, from `encodeDataBody`. */
  data: Buffer | readonly Buffer[];
}

/**
 * Runs MAIL, RCPT… and DATA — as one pipelined write when `pipelining` is set and the server
 * advertised it — then the content. Succeeds with stage 'message' and a 2xx reply.
 */
export async function sendTransaction(conn: SmtpConnection, tx: Transaction, pipelining: boolean): Promise<TransactionOutcome> {
  const mail = `MAIL FROM:<${tx.mailFrom}>${tx.mailParams ? ` ${tx.mailParams}` : ''}`;
  const rcpts = tx.rcptTo.map((address) => `RCPT TO:<${address}>`);
  let replies: SmtpReply[];
  if (pipelining && conn.supports('PIPELINING')) {
    replies = await conn.send(Buffer.from([mail, ...rcpts, 'DATA', ''].join('\r\n'), 'utf8'), rcpts.length + 2);
  } else {
    replies = [await conn.command(mail)];
    if (replies[0].code !== 250) return { reply: replies[0], stage: 'mail', refused: [] };
    for (const line of rcpts) replies.push(await conn.command(line));
    if (!replies.slice(1).some((r) => r.code === 250 || r.code === 251)) {
      return { reply: replies.find((r, i) => i > 0 && r.code >= 400) ?? replies[1], stage: 'rcpt', refused: refusedOf(tx, replies) };
    }
    replies.push(await conn.command('DATA'));
  }
  const refused = refusedOf(tx, replies);
  if (replies[0].code !== 250) return { reply: replies[0], stage: 'mail', refused };
  const dataReply = replies[replies.length - 1];
  if (refused.length === tx.rcptTo.length) {
    // Every recipient refused; a server that still said 354 gets an empty message to end DATA.
    if (dataReply.code === 354) await conn.send(TERMINATOR, 1);
    return { reply: refused[0].reply, stage: 'rcpt', refused };
  }
  if (dataReply.code !== 354) return { reply: dataReply, stage: 'data', refused };
  const [final] = await conn.send(tx.data, 1);
  return { reply: final, stage: 'message', refused };
}

function refusedOf(tx: Transaction, replies: SmtpReply[]): Array<{ address: string; reply: SmtpReply }> {
  const refused: Array<{ address: string; reply: SmtpReply }> = [];
  tx.rcptTo.forEach((address, i) => {
    const reply = replies[i + 1];
    if (reply && reply.code !== 250 && reply.code !== 251) refused.push({ address, reply });
  });
  return refused;
}
