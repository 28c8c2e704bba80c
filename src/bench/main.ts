#!/usr/bin/env node
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { byteSize } from '../config/parsers.js';
import { buildLoadTemplate, LOAD_DOMAIN, runLoad, SUBJECT_WORDS, type LoadMessageTemplate, type LoadResult } from '../load/index.js';
import { storedCount, timeRequests, type RequestTimings } from './http-timing.js';
import { formatReport, type BenchReport, type QueryRow, type ThroughputRow } from './report.js';
import { startDevmailProcess, type DevmailProcess } from './server-process.js';
import { median, medianIndex } from './rounds.js';
import { findSmtpSink, startSmtpSink, type SmtpSinkProcess } from './smtp-sink.js';

const HELP = `Usage: npm run bench -- [options]

Starts devmail (built, in a child process) and measures SMTP throughput against Postfix's
smtp-sink with the same load, then API latency at growing store sizes. Prints a markdown table
and writes JSON to bench-results/latest.json.

  --messages N         messages per throughput run (default 20000; env DEVMAIL_BENCH_MESSAGES)
  --warmup N           messages sent first on each server, not timed (default 1000)
  --sessions LIST      parallel sessions (default 1,10,50)
  --sizes LIST         message sizes (default 2K,50K)
  --stored LIST        store sizes for the API timings (default 10000,100000)
  --requests N         requests per API timing (default 50)
  --rounds N           runs of each throughput configuration, devmail and smtp-sink taking turns
                       (default 1); the table shows the median round and the median ratio
  --no-pipelining      send MAIL/RCPT/DATA one by one
  --skip-sink          no smtp-sink comparison
  --skip-api           no API timings
  --quick              a short run: 2000 messages (200 warm-up), sessions 1,10, 2K, 10000 stored, 20 requests
  --out FILE           JSON output (default bench-results/latest.json)
`;

interface BenchOptions {
  messages: number;
  warmup: number;
  sessions: number[];
  sizes: number[];
  stored: number[];
  requests: number;
  rounds: number;
  pipelining: boolean;
  sink: boolean;
  api: boolean;
  out: string;
}

function readOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      messages: { type: 'string' },
      warmup: { type: 'string' },
      sessions: { type: 'string' },
      sizes: { type: 'string' },
      stored: { type: 'string' },
      requests: { type: 'string' },
      rounds: { type: 'string' },
      'no-pipelining': { type: 'boolean', default: false },
      'skip-sink': { type: 'boolean', default: false },
      'skip-api': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench-results/latest.json' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const quick = values.quick;
  const numbers = (text: string, parse: (s: string) => number) => text.split(',').map((s) => parse(s.trim())).filter((n) => n > 0);
  const whole = (s: string) => {
    if (!/^\d+$/.test(s)) throw new Error(`expected a whole number, got "${s}"`);
    return Number(s);
  };
  return {
    messages: whole(values.messages ?? env.DEVMAIL_BENCH_MESSAGES ?? (quick ? '2000' : '20000')),
    warmup: whole(values.warmup ?? (quick ? '200' : '1000')),
    sessions: numbers(values.sessions ?? (quick ? '1,10' : '1,10,50'), whole),
    sizes: numbers(values.sizes ?? (quick ? '2K' : '2K,50K'), byteSize),
    stored: numbers(values.stored ?? (quick ? '10000' : '10000,100000'), whole).sort((a, b) => a - b),
    requests: whole(values.requests ?? (quick ? '20' : '50')),
    rounds: Math.max(1, whole(values.rounds ?? '1')),
    pipelining: !values['no-pipelining'],
    sink: !values['skip-sink'],
    api: !values['skip-api'],
    out: values.out,
  };
}

/** Runs the benchmark; returns the exit code (1 when a guarantee check failed). */
async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let opts: BenchOptions | null;
  try {
    opts = readOptions(argv, env);
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (!opts) {
    process.stdout.write(HELP);
    return 0;
  }
  const work = mkdtempSync(join(tmpdir(), 'devmail-bench-'));
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', node: process.version },
    options: { ...opts },
    smtpSink: null,
    throughput: [],
    queries: [],
    failures: [],
    notes: [],
  };
  const sinkBinary = opts.sink ? findSmtpSink() : null;
  report.smtpSink = sinkBinary;
  if (opts.sink && !sinkBinary) {
    report.notes.push('smtp-sink not found (Debian package "postfix"): the comparison with Postfix is skipped.');
  }
  try {
    await throughputRuns(opts, work, sinkBinary, report);
    if (opts.api) await apiRuns(opts, work, report);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  process.stdout.write(formatReport(report));
  const out = resolve(opts.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nJSON written to ${out}\n`);
  return report.failures.length ? 1 : 0;
}

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

/**
 * Every size × connection mode × session count, on a fresh devmail each (so runs do not weigh
 * on each other through a growing database), then the same load on smtp-sink; with `--rounds`,
 * that pair again, so both see the machine at the same moments.
 */
async function throughputRuns(opts: BenchOptions, work: string, sinkBinary: string | null, report: BenchReport): Promise<void> {
  let sink: SmtpSinkProcess | null = null;
  try {
    if (sinkBinary) sink = await startSmtpSink(sinkBinary);
    for (const size of opts.sizes) {
      const template = buildLoadTemplate({ sizeBytes: size });
      for (const reuse of [false, true]) {
        for (const sessions of opts.sessions) {
          const label = `${formatSize(size)}, ${sessions} session${sessions === 1 ? '' : 's'}, ${reuse ? 'connections reused' : 'a connection per message'}`;
          const rounds: Round[] = [];
          for (let n = 1; n <= opts.rounds; n++) {
            const of = opts.rounds > 1 ? ` (round ${n} of ${opts.rounds})` : '';
            progress(`devmail: ${label}${of}`);
            const database = join(work, `throughput-${size}-${reuse ? 'reuse' : 'new'}-${sessions}-${n}.db`);
            const round = await devmailRound(database, template, opts, sessions, reuse);
            rounds.push(round);
            if (round.stored !== round.result.accepted) {
              report.failures.push(`read-your-writes (${label}${of}): the API counts ${round.stored} messages, the server answered 250 to ${round.result.accepted}`);
            }
            const r = round.result;
            if (r.failed > 0) {
              report.failures.push(`devmail refused or lost ${r.failed} of ${r.messages} messages (${label}${of}): replies ${JSON.stringify(r.replies)}, errors ${JSON.stringify(r.errors)}`);
            }
            if (sink) {
              progress(`smtp-sink: ${label}${of}`);
              if (opts.warmup > 0) await load({ host: '127.0.0.1', port: sink.port }, template, opts, sessions, reuse, opts.warmup);
              round.sink = await load({ host: '127.0.0.1', port: sink.port }, template, opts, sessions, reuse);
            }
          }
          report.throughput.push(throughputRow(size, sessions, reuse, rounds));
        }
      }
    }
  } finally {
    await sink?.stop();
  }
}

/** One round of a throughput configuration: devmail on a fresh server and database, then smtp-sink. */
interface Round {
  result: LoadResult;
  /** What the API counted right after the load (the warm-up not included). */
  stored: number;
  peakRssKb: number | null;
  sink: LoadResult | null;
}

async function devmailRound(database: string, template: LoadMessageTemplate, opts: BenchOptions, sessions: number, reuse: boolean): Promise<Round> {
  const server = await startDevmailProcess({ database, args: ['--max', '0'] });
  try {
    // A new server's code is not yet compiled by V8's optimising tiers: the warm-up lets the
    // timed run measure the server as it runs once it has been up a moment.
    const warmed = opts.warmup > 0 ? (await load(server.smtp, template, opts, sessions, reuse, opts.warmup)).accepted : 0;
    const result = await load(server.smtp, template, opts, sessions, reuse);
    const stored = (await storedCount(server.http)) - warmed;
    return { result, stored, peakRssKb: server.peakRssKb(), sink: null };
  } finally {
    await server.stop();
    rmDatabase(database);
  }
}

/**
 * A configuration's row: the median round of devmail and of smtp-sink (each by its rate), the
 * median of the rounds' ratios, read-your-writes only if every round kept it, the highest RSS.
 */
function throughputRow(sizeBytes: number, sessions: number, reuse: boolean, rounds: Round[]): ThroughputRow {
  const rates = rounds.map((r) => r.result.messagesPerSecond);
  const middle = rounds[medianIndex(rates)];
  const sinks = rounds.every((r) => r.sink !== null) ? rounds.map((r) => r.sink as LoadResult) : null;
  const sinkRates = sinks?.map((r) => r.messagesPerSecond) ?? null;
  const ratios = sinks ? rounds.map((r, i) => (sinks[i].messagesPerSecond > 0 ? r.result.messagesPerSecond / sinks[i].messagesPerSecond : 0)) : null;
  const broken = rounds.find((r) => r.stored !== r.result.accepted);
  const rss = rounds.map((r) => r.peakRssKb).filter((kb): kb is number => kb !== null);
  return {
    sizeBytes,
    sessions,
    reuse,
    devmail: summary(middle.result),
    smtpSink: sinks && sinkRates ? summary(sinks[medianIndex(sinkRates)]) : null,
    ratio: ratios ? median(ratios) : null,
    storedByApi: (broken ?? middle).stored,
    readYourWrites: broken === undefined,
    peakRssKb: rss.length > 0 ? Math.max(...rss) : null,
    rounds: { devmail: rates, smtpSink: sinkRates, ratios },
  };
}

function load(target: { host: string; port: number }, template: LoadMessageTemplate, opts: BenchOptions, sessions: number, reuse: boolean, messages = opts.messages): Promise<LoadResult> {
  return runLoad({
    host: target.host,
    port: target.port,
    messages,
    sessions,
    sizeBytes: template.sizeBytes,
    template,
    reuse,
    pipelining: opts.pipelining,
  });
}

/**
 * API latency at each store size: the store is filled through SMTP (the real ingest path, 2 KB
 * messages, connections reused), then the list, two searches and single messages are timed
 * over HTTP against the running server.
 */
async function apiRuns(opts: BenchOptions, work: string, report: BenchReport): Promise<void> {
  const database = join(work, 'api.db');
  const server: DevmailProcess = await startDevmailProcess({ database, args: ['--max', '0'] });
  try {
    const template = buildLoadTemplate({ sizeBytes: 2048 });
    const ids: string[] = [];
    let sent = 0;
    for (const target of opts.stored) {
      progress(`filling the store to ${target} messages`);
      const before = ids.length;
      const fill = await runLoad(
        { ...server.smtp, messages: target - sent, sessions: 10, sizeBytes: 2048, template: offsetTemplate(template, sent), reuse: true, pipelining: true, onAccepted: (_seq, id) => ids.push(id) },
      );
      sent = target;
      const stored = await storedCount(server.http);
      if (stored !== ids.length) {
        report.failures.push(`read-your-writes (API fill to ${target}): the API counts ${stored} messages, the server answered 250 to ${ids.length}`);
      }
      if (fill.failed > 0) report.failures.push(`filling to ${target}: ${fill.failed} messages refused or lost (${JSON.stringify(fill.replies)} ${JSON.stringify(fill.errors)})`);
      progress(`timing the API at ${stored} stored messages (${ids.length - before} added)`);
      const word = SUBJECT_WORDS[1];
      const sender = `sender-7@${LOAD_DOMAIN}`;
      const pick = (i: number) => ids[(i * 7919) % ids.length];
      const list = await timeRequests(server.http, opts.requests, () => 'api/v1/messages?limit=50');
      const search = await timeRequests(server.http, opts.requests, () => `api/v1/search?query=${encodeURIComponent(word)}&limit=50`);
      const from = await timeRequests(server.http, opts.requests, () => `api/v1/search?query=${encodeURIComponent(`from:${sender}`)}&limit=50`);
      const get = await timeRequests(server.http, opts.requests, (i) => `api/v1/message/${pick(i)}`);
      const row: QueryRow = { stored, list, searchWord: { query: word, ...search }, searchFrom: { query: `from:${sender}`, ...from }, get, peakRssKb: server.peakRssKb() };
      report.queries.push(row);
      for (const [name, t] of [['list', list], ['search', search], ['search from:', from], ['get', get]] as Array<[string, RequestTimings]>) {
        if (t.failures) report.failures.push(`API ${name} at ${stored}: ${t.failures} of ${t.requests} requests failed (${t.firstFailure})`);
      }
    }
  } finally {
    await server.stop();
    rmDatabase(database);
  }
}

/** The same template with message numbers shifted, so each fill adds new Message-IDs. */
function offsetTemplate(template: LoadMessageTemplate, offset: number): LoadMessageTemplate {
  return {
    ...template,
    headFor: (seq) => template.headFor(seq + offset),
    markerFor: (seq) => template.markerFor(seq + offset),
    messageFor: (seq) => template.messageFor(seq + offset),
  };
}

function summary(r: LoadResult): ThroughputRow['devmail'] {
  return {
    messages: r.messages,
    accepted: r.accepted,
    failed: r.failed,
    messagesPerSecond: r.messagesPerSecond,
    latencyMs: r.latencyMs,
    replies: r.replies,
    errors: r.errors,
  };
}

function rmDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** `2048` → `2 KB`. */
function formatSize(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} B`;
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
