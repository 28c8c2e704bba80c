import { parseArgs } from 'node:util';
import { byteSize, count } from '../config/parsers.js';
import { resolvesToLoopback, runLoad, type LoadOptions, type LoadProgress, type LoadResult } from '../load/index.js';
import { parseHostPort } from './host-port.js';
import { startProgress } from './progress.js';
import { EX } from './sysexits.js';

const HELP = `Usage: devmail load [options]

Sends a bounded burst of messages to an SMTP server over raw sockets and reports
messages/s, latency percentiles, replies by code and errors. Stops by itself.

Options:
  --to HOST:PORT      server to load (default 127.0.0.1:1025)
  --messages N        messages in total (default 1000, at most 10000000)
  --sessions M        parallel SMTP sessions (default 10, at most 1000)
  --size BYTES        size of each message, e.g. 2K or 50K (default 2K, at most 50M)
  --html              send a text part and a quoted-printable HTML part (multipart/alternative,
                      as mail libraries do) rather than one text part
  --reuse             send many messages per connection (else one connection per message)
  --pipelining        pipeline MAIL/RCPT/DATA when the server advertises PIPELINING
  --timeout MS        fail a connection whose reply takes longer (default 30000)
  --allow-remote      allow a target that is not this machine (refused by default)
  --json              print the result as JSON
  -h, --help          this help
`;

// Bounds that keep a typo from turning a benchmark into a week-long flood.
const MAX_MESSAGES = 10_000_000;
const MAX_SESSIONS = 1000;
const MAX_SIZE_BYTES = 50 * 1024 * 1024;

/** `devmail load`: the load generator's command line. */
export async function runLoadCommand(argv: string[], _env: NodeJS.ProcessEnv): Promise<number> {
  let opts: LoadOptions;
  let json: boolean;
  let allowRemote: boolean;
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        to: { type: 'string', default: '127.0.0.1:1025' },
        messages: { type: 'string', default: '1000' },
        sessions: { type: 'string', default: '10' },
        size: { type: 'string', default: '2K' },
        html: { type: 'boolean', default: false },
        reuse: { type: 'boolean', default: false },
        pipelining: { type: 'boolean', default: false },
        timeout: { type: 'string', default: '30000' },
        'allow-remote': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const target = parseHostPort(values.to, '--to');
    opts = {
      ...target,
      messages: bounded('--messages', count(values.messages), 1, MAX_MESSAGES),
      sessions: bounded('--sessions', count(values.sessions), 1, MAX_SESSIONS),
      sizeBytes: bounded('--size', byteSize(values.size), 64, MAX_SIZE_BYTES),
      html: values.html,
      reuse: values.reuse,
      pipelining: values.pipelining,
      timeoutMs: bounded('--timeout', count(values.timeout), 100, 3_600_000),
    };
    json = values.json;
    allowRemote = values['allow-remote'];
  } catch (err) {
    process.stderr.write(`devmail load: ${(err as Error).message}\n\n${HELP}`);
    return EX.USAGE;
  }

  if (!allowRemote && !(await resolvesToLoopback(opts.host))) {
    process.stderr.write(`devmail load: ${opts.host} is not this machine; pass --allow-remote to load a remote server\n`);
    return EX.USAGE;
  }

  const progress: LoadProgress = { done: 0, accepted: 0, failed: 0 };
  const bar = startProgress({ total: opts.messages, unit: 'messages', read: () => ({ value: progress.done, accepted: progress.accepted, failed: progress.failed }) });
  const result = await runLoad(opts, progress);
  await bar.stop();
  process.stdout.write(json ? `${JSON.stringify({ options: { ...opts, template: undefined }, result }, null, 2)}\n` : formatLoadResult(opts, result));
  return result.accepted > 0 ? EX.OK : EX.UNAVAILABLE;
}

function bounded(flag: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw new Error(`${flag} must be from ${min} to ${max}, got ${value}`);
  return value;
}

/** The human summary of a run. */
export function formatLoadResult(opts: LoadOptions, r: LoadResult): string {
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : '-');
  const lines = [
    `target      ${opts.host}:${opts.port}  (${opts.sessions} sessions, ${opts.sizeBytes} bytes${opts.html ? ' text and HTML' : ''}, ${opts.reuse ? 'connections reused' : 'a connection per message'}${opts.pipelining ? ', pipelining' : ''})`,
    `messages    ${r.messages} sent, ${r.accepted} accepted, ${r.failed} failed in ${(r.durationMs / 1000).toFixed(2)} s`,
    `throughput  ${r.messagesPerSecond.toFixed(0)} messages/s`,
    `latency     p50 ${ms(r.latencyMs.p50)}  p95 ${ms(r.latencyMs.p95)}  p99 ${ms(r.latencyMs.p99)}  max ${ms(r.latencyMs.max)}`,
    `replies     ${Object.entries(r.replies).map(([code, n]) => `${code}: ${n}`).join(', ') || 'none'}`,
  ];
  const errors = Object.entries(r.errors);
  if (errors.length) lines.push(`errors      ${errors.map(([kind, n]) => `${kind}: ${n} (${r.errorExamples[kind]})`).join('; ')}`);
  return `${lines.join('\n')}\n`;
}
