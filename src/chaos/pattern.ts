/** A compiled match pattern. */
export type Matcher = (value: string) => boolean;

/** Longest pattern accepted: patterns come from API callers and are compiled once. */
const MAX_PATTERN_LENGTH = 500;

/**
 * Compiles a pattern: `/regex/flags` as a JavaScript regular expression, anything else as a
 * whole-value glob where `*` is any run of characters and `?` one character; both ignore case.
 * Throws an Error saying what is wrong.
 */
export function compilePattern(pattern: string): Matcher {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new Error(`is longer than ${MAX_PATTERN_LENGTH} characters`);
  const re = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (re) {
    const flags = re[2].includes('i') ? re[2] : `${re[2]}i`;
    if (/[gy]/.test(flags)) throw new Error('may not use the g or y flag');
    let compiled: RegExp;
    try {
      compiled = new RegExp(re[1], flags);
    } catch (err) {
      throw new Error(`is not a valid regular expression: ${(err as Error).message}`);
    }
    return (value) => compiled.test(value);
  }
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const glob = new RegExp(`^${source}$`, 'is');
  return (value) => glob.test(value);
}
