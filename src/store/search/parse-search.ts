import { assertTimeZone, zonedTimeToUtcMs, type WallClock } from './zoned-time.js';

/**
 * The search language, as Mailpit's UI and API clients speak it (api-compat.md): words and
 * "quoted phrases", `-`/`!` to negate, `field:value` filters, flags, dates and sizes. Terms AND
 * together; matching is case-insensitive. Unknown `key:` prefixes are plain text, as in Mailpit
 * (so `http://x` or `is:foo` search for that text).
 */

/** Header fields a `field:value` term can filter on. */
export type SearchField =
  | 'to'
  | 'from'
  | 'cc'
  | 'bcc'
  | 'reply-to'
  | 'addressed' // any of From, To, Cc, Bcc, Reply-To — as Mailpit's docs define it
  | 'subject'
  | 'message-id';

/** One term of a search; `negated` when written with a leading `-` or `!`. */
export type SearchTerm =
  /** Free text over addresses, subject, body and file names. `exact` when it was quoted. */
  | { kind: 'text'; text: string; exact: boolean; negated: boolean }
  /** `to:`, `subject:`…: text within one header field. */
  | { kind: 'field'; field: SearchField; text: string; exact: boolean; negated: boolean }
  /** `tag:name`, case-insensitive. */
  | { kind: 'tag'; name: string; negated: boolean }
  /** `is:read`, `is:unread`, `is:tagged`. */
  | { kind: 'is'; state: 'read' | 'unread' | 'tagged'; negated: boolean }
  /** `has:attachment(s)`, `has:inline(s)`. */
  | { kind: 'has'; part: 'attachment' | 'inline'; negated: boolean }
  /** `after:` (created at or after `atMs`) and `before:` (created before `atMs`). */
  | { kind: 'date'; op: 'after' | 'before'; atMs: number; negated: boolean }
  /** `larger:` (size > bytes) and `smaller:` (size < bytes). */
  | { kind: 'size'; op: 'larger' | 'smaller'; bytes: number; negated: boolean };

/** A parsed search: every term must hold. `ignored` lists the terms that could not be read. */
export interface SearchNode {
  kind: 'and';
  terms: SearchTerm[];
  /** Terms dropped as unreadable (a bad date, an empty `to:`), as written, for a log line. */
  ignored: string[];
}

/** A token as written: its pieces, each either quoted or bare. */
interface Token {
  pieces: { text: string; quoted: boolean }[];
}

const fields: Record<string, SearchField> = {
  'to:': 'to',
  'from:': 'from',
  'cc:': 'cc',
  'bcc:': 'bcc',
  'reply-to:': 'reply-to',
  'addressed:': 'addressed',
  'subject:': 'subject',
  'message-id:': 'message-id',
};

const flags: Record<string, SearchTerm> = {
  'is:read': { kind: 'is', state: 'read', negated: false },
  'is:unread': { kind: 'is', state: 'unread', negated: false },
  'is:tagged': { kind: 'is', state: 'tagged', negated: false },
  'has:attachment': { kind: 'has', part: 'attachment', negated: false },
  'has:attachments': { kind: 'has', part: 'attachment', negated: false },
  'has:inline': { kind: 'has', part: 'inline', negated: false },
  'has:inlines': { kind: 'has', part: 'inline', negated: false },
};

/** Parses a search in the search language; `tz` (IANA, default UTC) places `after:`/`before:` dates. */
export function parseSearch(query: string, tz = 'UTC'): SearchNode {
  assertTimeZone(tz);
  const node: SearchNode = { kind: 'and', terms: [], ignored: [] };
  for (const token of tokenize(query)) {
    const term = parseToken(token, tz);
    if (term === null) node.ignored.push(token.pieces.map((p) => p.text).join(''));
    else if (term !== undefined) node.terms.push(term);
  }
  return node;
}

/** Splits on unquoted whitespace; a `"` opens or closes a quoted piece (an open one runs to the end). */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let pieces: Token['pieces'] = [];
  let text = '';
  let quoted = false;
  const endPiece = () => {
    if (text !== '' || quoted) pieces.push({ text, quoted });
    text = '';
  };
  const endToken = () => {
    endPiece();
    if (pieces.length > 0) tokens.push({ pieces });
    pieces = [];
  };
  for (const ch of query) {
    if (ch === '"') {
      endPiece();
      quoted = !quoted;
    } else if (!quoted && /\s/u.test(ch)) {
      endToken();
    } else {
      text += ch;
    }
  }
  quoted = quoted && text !== '';
  endToken();
  return tokens;
}

/** A term, `null` for a term to ignore (and report), `undefined` for nothing at all. */
function parseToken(token: Token, tz: string): SearchTerm | null | undefined {
  const pieces = token.pieces.map((p) => ({ ...p }));
  let negated = false;
  const first = pieces[0];
  // Negation and `key:` only count when written bare: `"-foo"` and `"to:x"` are plain text.
  if (!first.quoted && /^[-!]/.test(first.text) && (first.text.length > 1 || pieces.length > 1)) {
    negated = true;
    first.text = first.text.slice(1);
  }
  const bare = first.quoted ? '' : first.text.toLowerCase();
  const flag = flags[bare];
  if (flag && pieces.length === 1) return { ...flag, negated };

  const colon = bare.indexOf(':');
  const key = colon > 0 ? bare.slice(0, colon + 1) : '';
  const known = key in fields || ['tag:', 'after:', 'before:', 'larger:', 'smaller:'].includes(key);
  if (!known) {
    const text = foldSpace(pieces.map((p) => p.text).join(''));
    if (!/[\p{L}\p{N}]/u.test(text)) return text === '' ? undefined : null;
    return { kind: 'text', text, exact: pieces.some((p) => p.quoted), negated };
  }

  first.text = first.text.slice(key.length);
  const value = foldSpace(pieces.map((p) => p.text).join(''));
  const exact = pieces.some((p) => p.quoted);
  if (value === '') return null;
  const field = fields[key];
  if (field) {
    if (field !== 'message-id' && !/[\p{L}\p{N}]/u.test(value)) return null;
    const text = field === 'message-id' ? value.replace(/^<|>$/g, '') : value;
    return { kind: 'field', field, text, exact, negated };
  }
  switch (key) {
    case 'tag:':
      return { kind: 'tag', name: value, negated };
    case 'after:':
    case 'before:': {
      const atMs = parseDate(value, tz);
      return atMs === null ? null : { kind: 'date', op: key === 'after:' ? 'after' : 'before', atMs, negated };
    }
    default: {
      const bytes = parseSize(value);
      return bytes === null ? null : { kind: 'size', op: key === 'larger:' ? 'larger' : 'smaller', bytes, negated };
    }
  }
}

function foldSpace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

const datePattern =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * `YYYY-MM-DD` or `YYYY/MM/DD`, optionally with `THH:MM[:SS]` (or a space when quoted): local
 * time in `tz`. With `Z` or `±HH:MM` the instant is absolute. Anything else is unreadable.
 */
export function parseDate(value: string, tz: string): number | null {
  const m = datePattern.exec(value.trim());
  if (!m) return null;
  const wall: WallClock = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  if (
    check.getUTCMonth() !== wall.month - 1 ||
    check.getUTCDate() !== wall.day ||
    check.getUTCHours() !== wall.hour ||
    wall.minute > 59 ||
    wall.second > 59
  ) {
    return null; // 2024-02-30, 25:00…
  }
  const zone = m[7];
  if (zone === undefined) return zonedTimeToUtcMs(wall, tz);
  if (zone.toUpperCase() === 'Z') return check.getTime();
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  return check.getTime() - offset;
}

const sizePattern = /^(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb)?$/i;
const unitBytes: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** `2048`, `10K`, `1.5MB`… in bytes (binary units, as Mailpit reads them), or null. */
export function parseSize(value: string): number | null {
  const m = sizePattern.exec(value.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * unitBytes[(m[2] ?? 'b').toLowerCase()]);
}
