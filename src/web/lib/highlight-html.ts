/**
 * A small HTML tokenizer for the source tab: splits markup into typed spans the view renders
 * as React text nodes (never as HTML), so highlighting can not turn hostile source into markup.
 */

/** A run of source text and what it is. */
export interface Token {
  kind: 'text' | 'tag' | 'attr' | 'value' | 'comment' | 'doctype' | 'punct';
  text: string;
}

const TAG_RE = /<(\/?)([A-Za-z][\w:-]*)([^>]*?)(\/?)>/y;
const ATTR_RE = /(\s+)([^\s=/>]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+))?/y;

/** Tokens of `source` in order; their texts joined give back `source` exactly. */
export function tokenizeHtml(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let textStart = 0;
  const flushText = (end: number) => {
    if (end > textStart) out.push({ kind: 'text', text: source.slice(textStart, end) });
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    if (lt < 0) break;
    i = lt;
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      const stop = end < 0 ? source.length : end + 3;
      flushText(i);
      out.push({ kind: 'comment', text: source.slice(i, stop) });
      i = textStart = stop;
      continue;
    }
    if (source.startsWith('<!', i)) {
      const end = source.indexOf('>', i);
      const stop = end < 0 ? source.length : end + 1;
      flushText(i);
      out.push({ kind: 'doctype', text: source.slice(i, stop) });
      i = textStart = stop;
      continue;
    }
    TAG_RE.lastIndex = i;
    const tag = TAG_RE.exec(source);
    if (!tag) {
      i += 1;
      continue;
    }
    flushText(i);
    out.push({ kind: 'punct', text: `<${tag[1]}` }, { kind: 'tag', text: tag[2] });
    pushAttributes(tag[3], out);
    out.push({ kind: 'punct', text: `${tag[4]}>` });
    i = textStart = i + tag[0].length;
  }
  flushText(source.length);
  return out;
}

function pushAttributes(attrs: string, out: Token[]): void {
  let j = 0;
  while (j < attrs.length) {
    ATTR_RE.lastIndex = j;
    const m = ATTR_RE.exec(attrs);
    if (!m) {
      out.push({ kind: 'text', text: attrs.slice(j) });
      return;
    }
    out.push({ kind: 'text', text: m[1] }, { kind: 'attr', text: m[2] });
    if (m[3] !== undefined) out.push({ kind: 'punct', text: m[3] }, { kind: 'value', text: m[4] });
    j += m[0].length;
  }
}

/** Splits tokens into lines (for line numbers); a token spanning lines is cut at each `\n`. */
export function splitLines(tokens: readonly Token[]): Token[][] {
  const lines: Token[][] = [[]];
  for (const token of tokens) {
    const pieces = token.text.split('\n');
    pieces.forEach((piece, index) => {
      if (index > 0) lines.push([]);
      if (piece) lines[lines.length - 1].push({ kind: token.kind, text: piece });
    });
  }
  return lines;
}
