import type { LoadResult } from '../load/generator.js';
import type { RequestTimings } from './http-timing.js';

/** One load run's figures, as the load generator reports them. */
export type LoadFigures = Pick<LoadResult, 'messages' | 'accepted' | 'failed' | 'messagesPerSecond' | 'latencyMs' | 'replies' | 'errors'>;

/** One throughput configuration on devmail and on smtp-sink. */
export interface ThroughputRow {
  sizeBytes: number;
  sessions: number;
  reuse: boolean;
  devmail: LoadFigures;
  smtpSink: LoadFigures | null;
  /** devmail messages/s ÷ smtp-sink messages/s. */
  ratio: number | null;
  /** What GET /api/v1/messages counted right after the load. */
  storedByApi: number;
  /** The API count equals the number of 250s (the product's read-your-writes guarantee). */
  readYourWrites: boolean;
  /** The server's VmHWM in KiB at the end of the run (the highest of the rounds). */
  peakRssKb: number | null;
  /** Every round's msg/s and ratio, in order (`--rounds`; one each by default). */
  rounds: { devmail: number[]; smtpSink: number[] | null; ratios: number[] | null };
}

/** API timings at one store size. */
export interface QueryRow {
  stored: number;
  list: RequestTimings;
  searchWord: RequestTimings & { query: string };
  searchFrom: RequestTimings & { query: string };
  get: RequestTimings;
  peakRssKb: number | null;
}

/** Everything a bench run found; written as JSON. */
export interface BenchReport {
  date: string;
  machine: { cpus: number; cpuModel: string; node: string };
  options: Record<string, unknown>;
  smtpSink: string | null;
  throughput: ThroughputRow[];
  queries: QueryRow[];
  /** Broken guarantees (read-your-writes, refused mail, failed requests): the run fails. */
  failures: string[];
  notes: string[];
}

const fixed = (v: number | null | undefined, digits = 0) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
const size = (bytes: number) => (bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} B`);
const mb = (kb: number | null) => (kb === null ? '–' : `${(kb / 1024).toFixed(0)} MB`);
const pair = (t: RequestTimings) => `${fixed(t.p50, 1)} / ${fixed(t.p95, 1)}`;

/** The report as markdown: what `npm run bench` prints. */
export function formatReport(r: BenchReport): string {
  const o = r.options as { messages: number; warmup: number; pipelining: boolean; requests: number; rounds: number };
  const out: string[] = [];
  out.push(`## devmail bench — ${r.date}`);
  out.push('');
  out.push(`${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}; loopback; ${o.messages} messages per run after ${o.warmup} not timed (devmail and smtp-sink alike); pipelining ${o.pipelining ? 'on' : 'off'}; a fresh devmail and database per run.${o.rounds > 1 ? ` Each configuration ran ${o.rounds} rounds, devmail and smtp-sink taking turns: the figures are the median round's, the ratio the median of the rounds' ratios (every round is in the JSON).` : ''}`);
  if (r.throughput.length) {
    out.push('');
    out.push('### SMTP throughput (accepted messages/s; latency = start of transaction, or connect, to the final 250)');
    out.push('');
    out.push('| size | sessions | connections | devmail msg/s | p50 ms | p95 ms | p99 ms | smtp-sink msg/s | devmail / smtp-sink | API count = 250s | peak RSS |');
    out.push('|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|');
    for (const t of r.throughput) {
      const d = t.devmail;
      out.push(
        `| ${size(t.sizeBytes)} | ${t.sessions} | ${t.reuse ? 'reused' : 'one per message'} | ${fixed(d.messagesPerSecond)} | ${fixed(d.latencyMs.p50, 2)} | ${fixed(d.latencyMs.p95, 2)} | ${fixed(d.latencyMs.p99, 2)} | ${t.smtpSink ? fixed(t.smtpSink.messagesPerSecond) : '–'} | ${t.ratio === null ? '–' : t.ratio.toFixed(2)} | ${t.readYourWrites ? `yes (${t.storedByApi})` : `**NO** (${t.storedByApi} vs ${d.accepted})`} | ${mb(t.peakRssKb)} |`,
      );
    }
  }
  if (r.queries.length) {
    out.push('');
    out.push(`### API latency, p50 / p95 ms over ${o.requests} sequential requests`);
    out.push('');
    const q0 = r.queries[0];
    out.push(`| stored | list (first page of 50) | search \`${q0.searchWord.query}\` | search \`${q0.searchFrom.query}\` | get message | server peak RSS |`);
    out.push('|---:|---:|---:|---:|---:|---:|');
    for (const q of r.queries) {
      out.push(`| ${q.stored} | ${pair(q.list)} | ${pair(q.searchWord)} | ${pair(q.searchFrom)} | ${pair(q.get)} | ${mb(q.peakRssKb)} |`);
    }
  }
  if (r.notes.length) {
    out.push('');
    for (const note of r.notes) out.push(`Note: ${note}`);
  }
  out.push('');
  if (r.failures.length) {
    for (const failure of r.failures) out.push(`FAILED: ${failure}`);
  } else {
    out.push('All checks passed: every 250 was counted by the API right after each load (read-your-writes), no message refused or lost.');
  }
  return `${out.join('\n')}\n`;
}
