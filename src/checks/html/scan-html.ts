import { Parser } from 'htmlparser2';

/** One element as written in the source: lower-case name, attributes, the line it starts on. */
export interface ScannedElement {
  name: string;
  attrs: Record<string, string>;
  /** 1-based line of the `<` that opens it. */
  line: number;
}

/** CSS found in the HTML: a `<style>` block or a `style="…"` attribute. */
export interface ScannedStyle {
  css: string;
  /** 1-based line where the CSS text starts. */
  line: number;
  /** A `<style>` block (selectors, at-rules) or declarations of one element. */
  kind: 'block' | 'inline';
}

/** What the checks need of an HTML body, read in one pass. */
export interface ScannedHtml {
  elements: ScannedElement[];
  styles: ScannedStyle[];
  /** Lines of `<!-- … -->` comments. */
  comments: number[];
  /** Line of `<!DOCTYPE …>`, or 0 when there is none. */
  doctypeLine: number;
  /** The text the reader sees (outside script and style), entities decoded. */
  text: string;
  /** Set when the body had more than MAX_TAGS tags and only those before were read. */
  truncated: boolean;
}

/**
 * Most tags read from one body; the HTML after the tag past this is not checked. htmlparser2
 * keeps its open-element stack with `unshift` and looks close tags up with `indexOf`, so a
 * hostile body of 200,000 nested `<div>`s costs a minute of CPU; 20,000 tags cost well under
 * a second, and real mail (a 100 KB newsletter has about 2,000) stays far below.
 */
export const MAX_TAGS = 20_000;

/**
 * Reads an HTML body with htmlparser2's tolerant tokenizer — it never throws on broken markup
 * (unclosed tags, stray `<`, bad entities), so a broken mail still gets its findings — and
 * notes each element, stylesheet, comment and doctype with its source line.
 */
export function scanHtml(html: string): ScannedHtml {
  const cut = tagLimitOffset(html);
  const source = cut === -1 ? html : html.slice(0, cut);
  const lineAt = lineLocator(source);
  const out: ScannedHtml = { elements: [], styles: [], comments: [], doctypeLine: 0, text: '', truncated: cut !== -1 };
  const textParts: string[] = [];
  let rawTextOf: 'style' | 'script' | null = null;
  let styleText = '';
  let styleLine = 0;

  const parser: Parser = new Parser(
    {
      onopentag(name, attrs) {
        const line = lineAt(parser.startIndex);
        out.elements.push({ name, attrs, line });
        if (attrs.style !== undefined) out.styles.push({ css: attrs.style, line, kind: 'inline' });
        if (name === 'style' || name === 'script') {
          rawTextOf = name;
          styleText = '';
          styleLine = 0;
        }
      },
      ontext(data) {
        if (rawTextOf === 'style') {
          if (styleLine === 0) styleLine = lineAt(parser.startIndex);
          styleText += data;
        } else if (rawTextOf === null) {
          textParts.push(data);
        }
      },
      onclosetag(name) {
        if (name === 'style' && rawTextOf === 'style') {
          out.styles.push({ css: styleText, line: styleLine || lineAt(parser.startIndex), kind: 'block' });
        }
        if (name === rawTextOf) rawTextOf = null;
      },
      oncomment() {
        out.comments.push(lineAt(parser.startIndex));
      },
      onprocessinginstruction(name) {
        if (name.toLowerCase() === '!doctype' && out.doctypeLine === 0) out.doctypeLine = lineAt(parser.startIndex);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(source);
  out.text = textParts.join('');
  return out;
}

/** Offset of the `<` that starts tag number MAX_TAGS + 1 (counting every `<`), or -1. */
function tagLimitOffset(html: string): number {
  let at = -1;
  for (let count = 0; count <= MAX_TAGS; count++) {
    at = html.indexOf('<', at + 1);
    if (at === -1) return -1;
  }
  return at;
}

/** A function from a character offset to its 1-based line, by binary search over line starts. */
export function lineLocator(source: string): (offset: number) => number {
  const starts = [0];
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}
