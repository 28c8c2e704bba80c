import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The root logger: JSON lines, or human-readable when stdout is a terminal. Subsystems take a
 * child (`logger.child({ subsystem: 'smtp' })`); protocol detail goes to debug; secrets never.
 */
export function createLogger(level: string, pretty = process.stdout.isTTY === true): Logger {
  if (pretty) {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino({ level, base: undefined });
}

/** A logger that discards everything (tests, embedded use). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
