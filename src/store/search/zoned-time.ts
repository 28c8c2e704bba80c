import { DevmailError } from '../../core/errors.js';

/** A wall-clock time, as written in a search (`after:2024-04-01`, `before:2024-04-01T09:30`). */
export interface WallClock {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (err) {
      throw new DevmailError('bad_request', `unknown time zone "${timeZone}"`, { cause: err });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws `bad_request` unless `timeZone` is an IANA name this runtime knows (or "UTC"). */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** Offset of `timeZone` from UTC at the instant `utcMs`, in ms (east positive). */
function offsetMs(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant a wall-clock time names in `timeZone`. A time that occurs twice (clocks going
 * back) is its earlier instant; a time skipped by clocks going forward is the instant the clocks
 * jumped at — so a day that starts at 01:00 local still starts at its first instant.
 */
export function zonedTimeToUtcMs(wall: WallClock, timeZone: string): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // Offsets a day either side cover any transition near this time (none is closer than that).
  const day = 86_400_000;
  const candidates = [naive - day, naive, naive + day].map((t) => naive - offsetMs(t, timeZone));
  const valid = candidates.filter((t) => naive - offsetMs(t, timeZone) === t);
  return valid.length > 0 ? Math.min(...valid) : Math.max(...candidates);
}
