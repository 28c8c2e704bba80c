import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Names Chromium goes by on Linux distributions, most common first. */
const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The browser to use: the configured path if executable, else the first candidate on PATH, else null. */
export function findChromium(configured: string | null, pathEnv = process.env.PATH ?? ''): string | null {
  if (configured) return isExecutable(configured) ? configured : null;
  const dirs = [...pathEnv.split(delimiter).filter(Boolean), '/usr/bin', '/usr/local/bin'];
  for (const name of CANDIDATES) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
