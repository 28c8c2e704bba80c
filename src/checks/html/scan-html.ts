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
}

/**
 * Most elements read from one body. A captured message is hostile: a body of a million empty
 * tags would otherwise make every check allocate per tag; past this the rest is not checked.
 */
const MAX_ELEMENTS = 200_000;

/**
 * Reads an HTML body with htmlparser2's tolerant tokenizer — it never throws on broken markup
 * (unclosed tags, stray `<`, bad entities), so a broken mail still gets its findings — and
 * notes each element, stylesheet, comment and doctype with its source line.
 */
export function scanHtml(html: string): ScannedHtml {
  const lineAt = lineLocator(html);
  const out: ScannedHtml = { elements: [], styles: [], comments: [], doctypeLine: 0, text: '' };
  const textParts: string[] = [];
  let rawTextOf: 'style' | 'script' | null = null;
  let styleText = '';
  let styleLine = 0;

  const parser: Parser = new Parser(
    {
      onopentag(name, attrs) {
        if (out.elements.length >= MAX_ELEMENTS) return;
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
  parser.end(html);
  out.text = textParts.join('');
  return out;
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
