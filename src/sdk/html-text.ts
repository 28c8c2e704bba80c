/**
 * Just enough HTML reading for the message helpers: entity decoding and a text rendering for
 * finding codes. The SDK never renders a message; the HTML is only read as text.
 */

const named: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '',
  zwnj: '',
  zwj: '',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  copy: '©',
  reg: '®',
};

/** Decodes character references (`&amp;`, `&#39;`, `&#x2F;`) in HTML text or attribute values. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

/** The visible text of an HTML fragment: no tags, scripts, styles or comments; entities decoded. */
export function htmlToText(html: string): string {
  const withoutHidden = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  const blocks = withoutHidden.replace(/<\/?(p|div|br|tr|td|th|li|h[1-6]|table|section|article)\b[^>]*>/gi, '\n');
  return decodeEntities(blocks.replace(/<[^>]*>/g, ' '))
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}
