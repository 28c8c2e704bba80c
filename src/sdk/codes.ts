/**
 * One-time codes in a message's text: runs of 4–8 digits that stand alone, or what a given
 * pattern matches. Numbers that are plainly something else are left out: parts of dates,
 * times, amounts, phone numbers and IDs (digits joined to other digits by `-`, `/`, `.`, `:`,
 * `,` or a space), years next to a month or a copyright sign, US ZIP codes after a state
 * abbreviation, and digits inside words or URLs.
 */

/** Words that announce a code; codes near one come first. */
const CUE = /\b(code|otp|pin|passcode|password|verification|verify|one[- ]time|token|security|2fa|mfa|confirm\w*)\b/gi;
/** How far before a code (in characters) a cue still counts. */
const CUE_DISTANCE = 80;
const MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$|^\s*,?\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b/i;
const STATE_BEFORE_ZIP = /\b[A-Z]{2}\s+$/;
const URL_AROUND = /\S*(https?:\/\/|www\.)\S*$/i;

/** Options of `findCodes`. */
export interface CodeOptions {
  /** Matches codes instead of standalone 4–8 digits; its first capture group is the code when it has one. */
  pattern?: RegExp;
}

/**
 * The one-time codes in `text`, unique, those right after a cue word ("code", "OTP",
 * "verification"…) first, then in order of appearance.
 */
export function findCodes(text: string, options: CodeOptions = {}): string[] {
  const candidates = options.pattern ? byPattern(text, options.pattern) : byDigits(text);
  const cues = [...text.matchAll(CUE)].map((m) => (m.index ?? 0) + m[0].length);
  const nearCue = (at: number) => cues.some((end) => end <= at && at - end <= CUE_DISTANCE);
  const ordered = [...candidates.filter((c) => nearCue(c.at)), ...candidates.filter((c) => !nearCue(c.at))];
  return [...new Set(ordered.map((c) => c.code))];
}

interface Candidate {
  code: string;
  at: number;
}

function byPattern(text: string, pattern: RegExp): Candidate[] {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  return [...text.matchAll(global)]
    .map((m) => ({ code: m[1] ?? m[0], at: m.index ?? 0 }))
    .filter((c) => c.code !== '');
}

function byDigits(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const match of text.matchAll(/\d+/g)) {
    const code = match[0];
    const at = match.index ?? 0;
    if (code.length < 4 || code.length > 8) continue;
    const before = text.slice(Math.max(0, at - 40), at);
    const after = text.slice(at + code.length, at + code.length + 40);
    if (isNoise(code, before, after)) continue;
    out.push({ code, at });
  }
  return out;
}

function isNoise(code: string, before: string, after: string): boolean {
  // Glued to letters or to an identifier: "A1234", "1234px", "order_12345".
  if (/[\p{L}_]$/u.test(before) || /^[\p{L}_]/u.test(after)) return true;
  // Joined to more digits: dates, times, amounts, phone numbers, card numbers, versions.
  if (/\d[-/.:, ]$/.test(before) || /^[-/.:,]?\d/.test(after) || /^ \d/.test(after)) return true;
  // Currency and percentages.
  if (/[$€£¥#+]\s?$/.test(before) || /^\s?%/.test(after)) return true;
  // Part of a URL or an e-mail address.
  if (URL_AROUND.test(before) || /[@/]$/.test(before) || /^[@/]/.test(after)) return true;
  // Years: next to a month name, after ©/"copyright", or in "2020-".
  if (code.length === 4 && /^(19|20)\d\d$/.test(code)) {
    if (MONTH.test(before) || MONTH.test(after) || /(©|\(c\)|copyright)\s*$/i.test(before)) return true;
  }
  // A US ZIP code after a state abbreviation: "Springfield, IL 62704".
  if (code.length === 5 && STATE_BEFORE_ZIP.test(before)) return true;
  return false;
}
