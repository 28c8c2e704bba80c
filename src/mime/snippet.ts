import { replaceTags, withoutComments, withoutHiddenBlocks } from '../core/html-scan.js';

/** Longest snippet kept, as Mailpit's summaries carry it. */
export const SNIPPET_MAX_CHARS = 250;

/**
 * The text of an HTML document, roughly: comments, then script, style, head and title blocks,
 * then tags become a space each, and entities are read. Linear in the length of the HTML,
 * which a sender wrote (see core/html-scan.ts).
 */
export function htmlToPlainText(html: string): string {
  return decodeEntities(replaceTags(withoutHiddenBlocks(withoutComments(html)), ' '));
}

/**
 * A one-line preview: whitespace folded, cut at SNIPPET_MAX_CHARS on a character boundary.
 * Only the start of the text is read: folding a whole body with a regular expression to keep
 * 250 characters of it was a sixth of the index's parse time on small messages.
 */
export function makeSnippet(text: string, html: string): string {
  const source = /\S/.test(text) ? text : htmlToPlainText(html);
  const folded = foldStart(source, SNIPPET_MAX_CHARS + 3);
  if (folded.length <= SNIPPET_MAX_CHARS) return folded;
  const head = folded.slice(0, SNIPPET_MAX_CHARS + 2);
  // Cut at SNIPPET_MAX_CHARS code points; without surrogates those are as many UTF-16 units,
  // and slicing spares splitting the text into an array of characters.
  const cut = SURROGATE.test(head) ? Array.from(head).slice(0, SNIPPET_MAX_CHARS).join('') : head.slice(0, SNIPPET_MAX_CHARS);
  return cut.trimEnd() + '…';
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * The start of `text` with each run of whitespace folded to one space and none at either end:
 * the whole text so folded when it is shorter than `limit` UTF-16 units, else its first `limit`.
 */
function foldStart(text: string, limit: number): string {
  let out = '';
  let i = 0;
  while (i < text.length && out.length < limit) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) break;
    if (out !== '') out += ' ';
    let j = i;
    while (j < text.length && j - i < limit && !isSpace(text.charCodeAt(j))) j++;
    out += text.slice(i, j);
    i = j;
  }
  return out.length > limit ? out.slice(0, limit) : out;
}

/** JavaScript's `\s`: ASCII whitespace, no-break spaces, Unicode spaces, line separators, BOM. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  zwnj: '',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}
