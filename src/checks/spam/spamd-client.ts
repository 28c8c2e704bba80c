import { connect, type Socket } from 'node:net';
import type { SpamdAddress } from '../../config/types.js';
import { engineFailed, engineTimedOut, engineUnreachable, isConnectError } from '../engine-errors.js';

/** A spamd answer to REPORT: its verdict, score, threshold and the report text. */
export interface SpamdReport {
  isSpam: boolean;
  score: number;
  threshold: number;
  /** The human report with the "pts rule name description" table. */
  report: string;
}

/** Most bytes of answer read from spamd: a report is a few KB; more means it is not spamd. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Asks spamd to REPORT on a message over SPAMC/1.5 (the protocol `spamc` speaks; see
 * spamd/PROTOCOL in SpamAssassin's sources): one request per connection, a `Content-length`
 * header, the message, then spamd answers `SPAMD/1.x 0 EX_OK`, a `Spam: True ; 7.1 / 5.0`
 * header and the report, and closes. Rejects with a DevmailError: unreachable (503), timed
 * out (504) or a bad answer (502).
 */
export function spamdReport(address: SpamdAddress, raw: Buffer, timeoutMs: number): Promise<SpamdReport> {
  const engine = `spamd at ${describeAddress(address)}`;
  return new Promise((resolve, reject) => {
    const socket: Socket = 'socketPath' in address ? connect(address.socketPath) : connect(address.port, address.host);
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (err: Error | null, value?: SpamdReport) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value!);
    };
    // One deadline for the whole exchange: connect, send, scan, answer.
    const timer = setTimeout(() => finish(engineTimedOut(engine, timeoutMs)), timeoutMs);
    socket.on('connect', () => {
      socket.write(`REPORT SPAMC/1.5\r\nContent-length: ${raw.length}\r\n\r\n`);
      socket.write(raw);
    });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_ANSWER_BYTES) return finish(engineFailed(engine, 'answer larger than 1 MB'));
      chunks.push(chunk);
    });
    socket.on('error', (err) => {
      finish(isConnectError(err) && received === 0 ? engineUnreachable(engine, err) : engineFailed(engine, err.message, err));
    });
    socket.on('end', () => {
      try {
        finish(null, parseSpamdAnswer(Buffer.concat(chunks)));
      } catch (err) {
        finish(engineFailed(engine, (err as Error).message, err));
      }
    });
  });
}

/** Reads spamd's answer: status line, headers, body. Throws an Error naming what is wrong. */
export function parseSpamdAnswer(answer: Buffer): SpamdReport {
  const text = answer.toString('utf8');
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd === -1 ? text.trimEnd() : text.slice(0, headEnd);
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const status = /^SPAMD\/\d+\.\d+ (\d+) (.*)$/.exec(statusLine);
  if (!status) throw new Error(`not a spamd answer: "${statusLine.slice(0, 80)}"`);
  if (status[1] !== '0') throw new Error(`spamd error ${status[1]}: ${status[2]}`);
  const spamHeader = headerLines.find((line) => /^spam:/i.test(line));
  const verdict = spamHeader && /^spam:\s*(true|false|yes|no)\s*;\s*(-?[\d.]+)\s*\/\s*(-?[\d.]+)/i.exec(spamHeader);
  if (!verdict) throw new Error('spamd answered without a Spam: header');
  return {
    isSpam: /^(true|yes)$/i.test(verdict[1]),
    score: Number(verdict[2]),
    threshold: Number(verdict[3]),
    report: headEnd === -1 ? '' : text.slice(headEnd + 4),
  };
}

function describeAddress(address: SpamdAddress): string {
  if ('socketPath' in address) return address.socketPath;
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
