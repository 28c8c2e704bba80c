import { DevmailError } from '../core/errors.js';

/**
 * The errors an engine-backed check answers with, so a caller can tell "down" from "slow"
 * from "said something wrong": 503 when the engine cannot be reached, 504 when it did not
 * answer in time, 502 when its answer was an error or not its protocol.
 */

/** The engine refused or could not be reached (closed port, missing socket, DNS failure). */
export function engineUnreachable(engine: string, cause: unknown): DevmailError {
  return new DevmailError('unavailable', `${engine} cannot be reached: ${describeCause(cause)}`, { cause });
}

/** The engine took longer than the configured timeout. */
export function engineTimedOut(engine: string, timeoutMs: number): DevmailError {
  return new DevmailError('engine_timeout', `${engine} did not answer within ${formatMs(timeoutMs)}`);
}

/** The engine answered with an error or with something that is not its protocol. */
export function engineFailed(engine: string, problem: string, cause?: unknown): DevmailError {
  return new DevmailError('engine_failed', `${engine} failed: ${problem}`, { cause });
}

/** True for socket errors that mean "nobody is listening there". */
export function isConnectError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return ['ECONNREFUSED', 'ENOENT', 'EHOSTUNREACH', 'ENETUNREACH', 'EACCES', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'].includes(code ?? '');
}

function describeCause(cause: unknown): string {
  const err = cause as NodeJS.ErrnoException | undefined;
  return err?.code ?? err?.message ?? String(cause);
}

/** `1500` → "1.5s", `300` → "300ms". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))}s` : `${ms}ms`;
}
