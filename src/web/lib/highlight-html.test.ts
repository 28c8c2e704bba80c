import { describe, expect, it } from 'vitest';
import { splitLines, tokenizeHtml } from './highlight-html';

describe('HTML source highlighting', () => {
  it('splits tags, attributes and values and gives the source back exactly', () => {
    const source = '<!DOCTYPE html><a href="x" data-y=\'1\' hidden>Hi <b>there</b></a><!-- c -->';
    const tokens = tokenizeHtml(source);
    expect(tokens.map((t) => t.text).join('')).toBe(source);
    expect(tokens.filter((t) => t.kind === 'tag').map((t) => t.text)).toEqual(['a', 'b', 'b', 'a']);
    expect(tokens.filter((t) => t.kind === 'attr').map((t) => t.text)).toEqual(['href', 'data-y', 'hidden']);
    expect(tokens.filter((t) => t.kind === 'value').map((t) => t.text)).toEqual(['"x"', "'1'"]);
    expect(tokens.find((t) => t.kind === 'comment')?.text).toBe('<!-- c -->');
    expect(tokens[0]).toEqual({ kind: 'doctype', text: '<!DOCTYPE html>' });
  });

  it('keeps a stray < and an unterminated comment as text it can still show', () => {
    const source = 'a < b <!-- never closed';
    const tokens = tokenizeHtml(source);
    expect(tokens.map((t) => t.text).join('')).toBe(source);
    expect(tokens.at(-1)?.kind).toBe('comment');
  });

  it('cuts tokens at line breaks for line numbers', () => {
    const lines = splitLines(tokenizeHtml('<p\n class="a">x\ny</p>'));
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.map((t) => t.text).join(''))).toEqual(['<p', ' class="a">x', 'y</p>']);
  });
});
