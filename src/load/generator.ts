import { performance } from 'node:perf_hooks';
import { buildLoadTemplate, type LoadMessageTemplate } from './message-template.js';
import { queuedId, SmtpClientError, SmtpConnection, type SmtpReply } from './smtp-client.js';
import { LatencyRecorder, Tally, type LatencySummary } from './stats.js';

/** What to send, where, and how. */
export interface LoadOptions {
  host: string;
  port: number;
  /** Messages in total (the run stops after this many attempts). */
  messages: number;
  /** Parallel SMTP sessions. */
  sessions: number;
  /** Size of each message in bytes. */
  sizeBytes: number;
  /** Send a multipart/alternative of text and quoted-printable HTML (default: one text part). */
  html?: boolean;
  /** Send many messages per connection; otherwise connect, EHLO, send, QUIT for each. */
  reuse: boolean;
  /** Send MAIL, RCPT and DATA in one write when the server advertises PIPELINING. */
  pipelining: boolean;
  /** A reply slower than this fails the connection (default 30 s). */
  timeoutMs?: number;
  /** The name said in EHLO (default `load.devmail.test`). */
  heloName?: string;
  /** A prebuilt template (else one is built for `sizeBytes`). */
  template?: LoadMessageTemplate;
  /** Called for each message answered 250 after its content, with devmail's queue ID. */
  onAccepted?: (seq: number, id: string) => void;
  /** Stops the run early: sessions finish the message in hand and quit. */
  signal?: AbortSignal;
}

/** Counters a progress display can read while the run goes. */
export interface LoadProgress {
  /** Messages finished (accepted, refused or failed). */
  done: number;
  accepted: number;
  failed: number;
}

/** The figures of a finished run. */
export interface LoadResult {
  messages: number;
  /** Messages answered 2xx after their content. */
  accepted: number;
  /** Messages refused by a reply or lost to a connection error. */
  failed: number;
  durationMs: number;
  messagesPerSecond: number;
  /** Per message: from the start of its transaction (its connect, without reuse) to the final reply. */
  latencyMs: LatencySummary;
  /** The reply that decided each message, by code (`250`, `451`…). */
  replies: Record<string, number>;
  /** Connection errors by kind (`ECONNREFUSED`, `ECONNRESET`, `timeout`, `closed`…). */
  errors: Record<string, number>;
  /** One example message per error kind, for the summary. */
  errorExamples: Record<string, string>;
}

interface RunState {
  next: number;
  readonly progress: LoadProgress;
  readonly latency: LatencyRecorder;
  readonly replies: Tally;
  readonly errors: Tally;
  readonly errorExamples: Map<string, string>;
}

/**
 * Runs a bounded load: `sessions` workers take message numbers from one counter until
 * `messages` have been tried, then quit. Never throws for server or network trouble: that is
 * what the result counts. `progress` is updated as it goes.
 */
export async function runLoad(opts: LoadOptions, progress: LoadProgress = { done: 0, accepted: 0, failed: 0 }): Promise<LoadResult> {
  const template = opts.template ?? buildLoadTemplate({ sizeBytes: opts.sizeBytes, html: opts.html });
  const state: RunState = {
    next: 0,
    progress,
    latency: new LatencyRecorder(opts.messages),
    replies: new Tally(),
    errors: new Tally(),
    errorExamples: new Map(),
  };
  const started = performance.now();
  const workers = Math.max(1, Math.min(opts.sessions, opts.messages));
  await Promise.all(Array.from({ length: workers }, () => runSession(opts, template, state)));
  const durationMs = performance.now() - started;
  return {
    messages: progress.done,
    accepted: progress.accepted,
    failed: progress.failed,
    durationMs,
    messagesPerSecond: progress.done ? (progress.accepted * 1000) / durationMs : 0,
    latencyMs: state.latency.summarise(),
    replies: state.replies.toJSON(),
    errors: state.errors.toJSON(),
    errorExamples: Object.fromEntries(state.errorExamples),
  };
}

/** The envelope of every message, as one pipelined group (built once per run). */
function envelopeGroup(template: LoadMessageTemplate): { bytes: Buffer; commands: string[] } {
  const commands = [`MAIL FROM:<${template.mailFrom}>`, ...template.rcptTo.map((r) => `RCPT TO:<${r}>`), 'DATA'];
  return { bytes: Buffer.from(commands.map((c) => `${c}\r\n`).join(''), 'latin1'), commands };
}

async function runSession(opts: LoadOptions, template: LoadMessageTemplate, state: RunState): Promise<void> {
  const group = envelopeGroup(template);
  const commandBytes = group.commands.map((c) => Buffer.from(`${c}\r\n`, 'latin1'));
  const heloName = opts.heloName ?? 'load.devmail.test';
  let conn: SmtpConnection | null = null;
  let pipelined = false;

  while (!opts.signal?.aborted) {
    const seq = state.next++;
    if (seq >= opts.messages) break;
    const started = performance.now();
    try {
      if (!conn) {
        conn = await SmtpConnection.open({ host: opts.host, port: opts.port, timeoutMs: opts.timeoutMs });
        if (conn.greeting.code !== 220) {
          finish(state, opts, seq, started, conn.greeting);
          conn.destroy();
          conn = null;
          continue;
        }
        const hello = await conn.hello(heloName);
        if (hello.code !== 250) {
          finish(state, opts, seq, started, hello);
          await conn.quit();
          conn = null;
          continue;
        }
        pipelined = opts.pipelining && conn.supports('PIPELINING');
      }

      const decisive = await transact(conn, pipelined, group.bytes, commandBytes, template, seq);
      finish(state, opts, seq, started, decisive);
      if (decisive.code === 421) {
        conn.destroy();
        conn = null;
      } else if (!opts.reuse) {
        await conn.quit();
        conn = null;
      } else if (decisive.code !== 250) {
        // After a refusal, start the next transaction from a clean state (RFC 5321 4.1.1.5).
        await conn.command('RSET');
      }
    } catch (err) {
      failWithError(state, err);
      conn?.destroy();
      conn = null;
    }
  }
  if (conn) await conn.quit();
}

/** One transaction; returns the reply that decided it. */
async function transact(
  conn: SmtpConnection,
  pipelined: boolean,
  groupBytes: Buffer,
  commandBytes: Buffer[],
  template: LoadMessageTemplate,
  seq: number,
): Promise<SmtpReply> {
  let replies: SmtpReply[];
  if (pipelined) {
    replies = await conn.send(groupBytes, commandBytes.length);
  } else {
    replies = [];
    for (const command of commandBytes) {
      const [reply] = await conn.send(command, 1);
      replies.push(reply);
      if (reply.code >= 400) break;
    }
  }
  for (let i = 0; i < replies.length - 1; i++) {
    if (replies[i].code >= 400) {
      // A pipelined DATA the server still took must be ended before anything else is said.
      const last = replies[replies.length - 1];
      if (last.code === 354) await conn.send(Buffer.from('.\r\n'), 1);
      return replies[i];
    }
  }
  const dataReply = replies[replies.length - 1];
  if (dataReply.code !== 354) return dataReply;
  const [final] = await conn.send([template.headFor(seq), template.bodyWithTerminator], 1);
  return final;
}

function finish(state: RunState, opts: LoadOptions, seq: number, started: number, reply: SmtpReply): void {
  state.latency.add(performance.now() - started);
  state.replies.add(String(reply.code));
  state.progress.done++;
  if (reply.code >= 200 && reply.code < 300) {
    state.progress.accepted++;
    opts.onAccepted?.(seq, queuedId(reply));
  } else {
    state.progress.failed++;
  }
}

function failWithError(state: RunState, err: unknown): void {
  const label = err instanceof SmtpClientError ? err.label : 'error';
  state.errors.add(label);
  if (!state.errorExamples.has(label)) state.errorExamples.set(label, (err as Error)?.message ?? String(err));
  state.progress.done++;
  state.progress.failed++;
}
