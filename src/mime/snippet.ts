/** Longest snippet kept, as Mailpit's summaries carry it. */
export const SNIPPET_MAX_CHARS = 250;

/** The text of an HTML document, roughly: tags, scripts, styles and comments removed, entities read. */
export function htmlToPlainText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<[^>]*>/g, ' '),
  );
}

/** A one-line preview: whitespace folded, cut at SNIPPET_MAX_CHARS on a character boundary. */
export function makeSnippet(text: string, html: string): string {
  const source = text.trim() ? text : htmlToPlainText(html);
  const folded = source.replace(/\s+/g, ' ').trim();
  if (folded.length <= SNIPPET_MAX_CHARS) return folded;
  const chars = Array.from(folded.slice(0, SNIPPET_MAX_CHARS + 2)).slice(0, SNIPPET_MAX_CHARS);
  return chars.join('').trimEnd() + '…';
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
