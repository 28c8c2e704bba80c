/**
 * Reading a sender's HTML as text, in linear time. Each function means what a regular
 * expression would (named on it), but regular expressions such as `<!--[\s\S]*?-->` search to
 * the end of the text again from every opener left unclosed, so a message of 120 KB of `<`
 * held a thread for 17 s. Here a search that finds no closer ends the scan: no later opener can
 * be closed either. Pure, no imports: the server and the SDK both read HTML with these.
 */

/** `html.replace(/<!--[\s\S]*?-->/g, replacement)`. */
export function withoutComments(html: string, replacement = ' '): string {
  let out = '';
  let pos = 0;
  for (let open = html.indexOf('<!--'); open !== -1; open = html.indexOf('<!--', pos)) {
    const close = html.indexOf('-->', open + 4);
    if (close === -1) break;
    out += html.slice(pos, open) + replacement;
    pos = close + 3;
  }
  return pos === 0 ? html : out + html.slice(pos);
}

const BLOCK_OPENER = /<(script|style|head|title)\b/gi;
const BLOCK_CLOSERS = new Map(['script', 'style', 'head', 'title'].map((name) => [name, new RegExp(`<\\/${name}\\s*>`, 'gi')]));

/** `html.replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, replacement)`: hidden blocks. */
export function withoutHiddenBlocks(html: string, replacement = ' '): string {
  let out = '';
  let pos = 0;
  const unclosed = new Set<string>(); // names with no closer after an opener already tried
  const opener = new RegExp(BLOCK_OPENER);
  for (let m = opener.exec(html); m !== null; m = opener.exec(html)) {
    const name = m[1].toLowerCase();
    const end = unclosed.has(name) ? -1 : matchEnd(BLOCK_CLOSERS.get(name)!, html, m.index + m[0].length);
    if (end === -1) {
      unclosed.add(name);
      opener.lastIndex = m.index + 1;
      continue;
    }
    out += html.slice(pos, m.index) + replacement;
    pos = end;
    opener.lastIndex = end;
  }
  return pos === 0 ? html : out + html.slice(pos);
}

/**
 * `html.replace(/<[^>]*>/g, replacement)`; with `name` (a sticky expression such as
 * `/<\/?(p|div)\b/iy`), only the tags it matches at their `<`. A function replacement is
 * given each tag, `<` to `>`.
 */
export function replaceTags(html: string, replacement: string | ((tag: string) => string), name?: RegExp): string {
  let out = '';
  let pos = 0;
  for (let open = html.indexOf('<'); open !== -1; open = html.indexOf('<', open + 1)) {
    if (name) {
      name.lastIndex = open;
      if (!name.test(html)) continue;
    }
    const close = html.indexOf('>', open + 1);
    if (close === -1) break;
    out += html.slice(pos, open) + (typeof replacement === 'string' ? replacement : replacement(html.slice(open, close + 1)));
    pos = close + 1;
    open = close;
  }
  return pos === 0 ? html : out + html.slice(pos);
}

/** An anchor: the text of its start tag after `<a`, and what lies between it and `</a>`. */
export interface Anchor {
  attributes: string;
  body: string;
}

/**
 * The anchors of `html`, as `/<a\b([^>]*)>([\s\S]{0,maxBody}?)<\/a\s*>/gi` would find them: the
 * start tag ends at its first `>`, the anchor at the first `</a>` after it (when that is within
 * `maxBodyChars`). With `accept`, a start tag it refuses is passed over as if it were text, so
 * an anchor inside it can still be found.
 */
export function anchors(html: string, maxBodyChars = Number.POSITIVE_INFINITY, accept?: (attributes: string) => boolean): Anchor[] {
  const out: Anchor[] = [];
  const opener = /<a\b/gi;
  const closer = /<\/a\s*>/gi;
  let gt = -2; // the first '>' at or after some earlier point (-1: none), reused while it is ahead
  let close: { start: number; end: number } | null | undefined; // likewise, the next closer
  for (let m = opener.exec(html); m !== null; m = opener.exec(html)) {
    const tagStart = m.index + 2;
    if (gt !== -1 && gt < tagStart) gt = html.indexOf('>', tagStart);
    if (gt === -1) break;
    if (close === undefined || (close !== null && close.start <= gt)) {
      closer.lastIndex = gt + 1;
      const c = closer.exec(html);
      close = c === null ? null : { start: c.index, end: c.index + c[0].length };
    }
    if (close === null) break;
    const attributes = html.slice(tagStart, gt);
    if (close.start - (gt + 1) > maxBodyChars || (accept && !accept(attributes))) {
      opener.lastIndex = m.index + 1;
      continue;
    }
    out.push({ attributes, body: html.slice(gt + 1, close.start) });
    opener.lastIndex = close.end;
  }
  return out;
}

/** Where the first match of the global expression `re` at or after `from` ends, or -1. */
function matchEnd(re: RegExp, html: string, from: number): number {
  re.lastIndex = from;
  const m = re.exec(html);
  return m === null ? -1 : m.index + m[0].length;
}
