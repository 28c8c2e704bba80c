import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { findFreePort } from './server-process.js';

/** Where Debian's `postfix` package installs smtp-sink. */
const CANDIDATES = ['/usr/sbin/smtp-sink', '/usr/bin/smtp-sink'];

/** The smtp-sink binary, or null when Postfix is not installed. */
export function findSmtpSink(): string | null {
  for (const path of CANDIDATES) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // try the next
    }
  }
  return null;
}

/** A running smtp-sink: Postfix's reference "accept and discard" server, the speed ceiling. */
export interface SmtpSinkProcess {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts `smtp-sink -u nobody -c 127.0.0.1:PORT 1000` (as root it must drop to an unprivileged
 * user; 1000 is the listen backlog, -c keeps counters on its stdout, which is discarded).
 */
export async function startSmtpSink(binary: string): Promise<SmtpSinkProcess> {
  const port = await findFreePort();
  const args = [...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []), '-c', `127.0.0.1:${port}`, '1000'];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4096)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`smtp-sink did not start: ${stderr.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
