import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * devmail running in a child process, as the benchmark and the crash tests need it: its own
 * CPU, its own memory figures, and a process that can be killed with SIGKILL.
 */
export interface DevmailProcess {
  pid: number;
  smtp: { host: string; port: number };
  /** Base URL of the API, ending in '/'. */
  http: string;
  /** Peak resident memory (VmHWM) in KiB, or null when /proc cannot tell. */
  peakRssKb(): number | null;
  /** SIGTERM and wait for the exit (graceful shutdown); SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL — the crash the durability guarantee is about — and wait for the exit. */
  kill(): Promise<void>;
  /** The last output of the process, for error messages. */
  output(): string;
}

/** Options of `startDevmailProcess`. */
export interface DevmailProcessOptions {
  /** The database file (kept across restarts when the same path is given again). */
  database: string;
  /** More `devmail serve` flags, e.g. `['--max', '0']`. */
  args?: string[];
  /** The built CLI entry (default: dist/cli/main.js beside this file's build). */
  cliPath?: string;
  /** How long to wait for the API to answer (default 30 s). */
  startTimeoutMs?: number;
}

const OUTPUT_KEPT_BYTES = 16 * 1024;

/** The built CLI next to this module in dist/ (`dist/bench/…` → `dist/cli/main.js`). */
export function defaultCliPath(): string {
  return fileURLToPath(new URL('../cli/main.js', import.meta.url));
}

/** A port that was free a moment ago on 127.0.0.1 (the child binds it right after). */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `devmail serve` on loopback with ports picked here and `--quiet`, and waits until the
 * API answers. A port taken in between (a rare race) makes the child exit: it is retried.
 */
export async function startDevmailProcess(opts: DevmailProcessOptions): Promise<DevmailProcess> {
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      lastError = err as Error;
      if (!/EADDRINUSE/.test(lastError.message)) throw lastError;
    }
  }
  throw lastError ?? new Error('devmail did not start');
}

async function startOnce(opts: DevmailProcessOptions): Promise<DevmailProcess> {
  const smtpPort = await findFreePort();
  const httpPort = await findFreePort();
  const args = [
    opts.cliPath ?? defaultCliPath(),
    'serve',
    '--smtp', `127.0.0.1:${smtpPort}`,
    '--listen', `127.0.0.1:${httpPort}`,
    '--database', opts.database,
    '--quiet',
    ...(opts.args ?? []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT_BYTES);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const http = `http://127.0.0.1:${httpPort}/`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  for (;;) {
    if (hasExited) throw new Error(`devmail exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`devmail did not answer on ${http} in time:\n${output}`);
    }
    try {
      const res = await fetch(`${http}api/v1/messages?limit=1`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const pid = child.pid!;
  return {
    pid,
    smtp: { host: '127.0.0.1', port: smtpPort },
    http,
    peakRssKb: () => readPeakRssKb(pid),
    stop: (graceMs = 30_000) => terminate(child, exited, graceMs),
    async kill() {
      if (!hasExited) child.kill('SIGKILL');
      await exited;
    },
    output: () => output,
  };
}

async function terminate(child: ChildProcess, exited: Promise<unknown>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** VmHWM of a process in KiB (Linux), or null. */
export function readPeakRssKb(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
