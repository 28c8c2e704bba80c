import { describe, expect, it } from 'vitest';
import { makeSnippet, SNIPPET_MAX_CHARS } from './snippet.js';

/** The snippet by its definition: the whole text folded, then cut. */
function reference(text: string): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  if (folded.length <= SNIPPET_MAX_CHARS) return folded;
  return Array.from(folded.slice(0, SNIPPET_MAX_CHARS + 2)).slice(0, SNIPPET_MAX_CHARS).join('').trimEnd() + '…';
}

/** Deterministic texts mixing words, whitespace runs (at the ends too) and astral characters. */
function* texts(): Generator<string> {
  let seed = 7;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const pieces = ['word', 'x', ' ', '   ', '\r\n', '\t\t', '\r\n\r\n  ', '😀', 'é', 'ab😀cd', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u200b', '\v\f', 'w'.repeat(300)];
  for (let i = 0; i < 600; i++) {
    const target = [0, 10, 249, 250, 251, 252, 253, 260, 1023, 1024, 1025, 3000, 5000, 20_000][i % 14] + rnd(8);
    let text = '';
    while (text.length < target) text += pieces[rnd(pieces.length)];
    yield text;
  }
}

describe('makeSnippet', () => {
  it('folding the start only gives the snippet of the whole text', () => {
    for (const text of texts()) expect(makeSnippet(text, '')).toBe(reference(text));
  });

  it('reads the HTML when the text is blank, and folds a long body by its start only', () => {
    expect(makeSnippet(' \r\n ', '<p>Hello <b>there</b></p>')).toBe('Hello there');
    const long = `${'word '.repeat(100)}${' '.repeat(2_000_000)}end`;
    expect(makeSnippet(long, '')).toBe(reference(long));
  });
});

