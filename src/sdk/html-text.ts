import { replaceTags, withoutComments, withoutHiddenBlocks } from '../core/html-scan.js';

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

const blockTag = /<\/?(p|div|br|tr|td|th|li|h[1-6]|table|section|article)\b/iy;

/**
 * The visible text of an HTML fragment: no tags, scripts, styles or comments; entities decoded.
 * Linear in the length of the HTML, which a sender wrote (see core/html-scan.ts).
 */
export function htmlToText(html: string): string {
  const blocks = replaceTags(withoutHiddenBlocks(withoutComments(html)), '\n', blockTag);
  return decodeEntities(replaceTags(blocks, ' '))
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}
