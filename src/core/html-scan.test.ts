import { describe, expect, it } from 'vitest';
import { anchors, replaceTags, withoutComments, withoutHiddenBlocks } from './html-scan.js';

/** Random markup from pieces that open and close comments, blocks, tags and anchors in any order. */
function* markup(count: number): Generator<string> {
  let seed = 3;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const pieces = ['<', '>', '<!--', '-->', '--', '<script', '<script>', '</script>', '</SCRIPT >', '<Style a="1">', '</style>', '<head>',
    '</head\t>', '<title', '</title>', '<scripts>', '<b>', '</b>', '<p>', '</P>', '<pre>', '<a href="https://x.test/1">', '<A name=t>',
    '<a', '<abbr>', '</a>', '</A >', '</a', 'text', ' ', '\n', 'é', '<!-- x --', 'href=', '<br/>'];
  for (let i = 0; i < count; i++) {
    let html = '';
    for (let n = rnd(40); n > 0; n--) html += pieces[rnd(pieces.length)];
    yield html;
  }
}

const viaRegex = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => ({ attributes: m[1], body: m[2] }));

describe('html-scan: the same results as the regular expressions it replaces', () => {
  it('withoutComments, withoutHiddenBlocks and replaceTags', () => {
    for (const html of markup(3000)) {
      expect(withoutComments(html), html).toBe(html.replace(/<!--[\s\S]*?-->/g, ' '));
      expect(withoutHiddenBlocks(html), html).toBe(html.replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, ' '));
      expect(replaceTags(html, ' '), html).toBe(html.replace(/<[^>]*>/g, ' '));
      expect(replaceTags(html, '\n', /<\/?(p|b)\b/iy), html).toBe(html.replace(/<\/?(p|b)\b[^>]*>/gi, '\n'));
      expect(replaceTags(html, (tag) => `[${tag.slice(2, -1)}]`, /<a\b/iy), html).toBe(html.replace(/<a\b([^>]*)>/gi, (_m, attrs: string) => `[${attrs}]`));
    }
  });

  it('anchors: any, with the body bounded, and only those whose start tag is accepted', () => {
    for (const html of markup(3000)) {
      expect(anchors(html), html).toEqual(viaRegex(html, /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi));
      expect(anchors(html, 12), html).toEqual(viaRegex(html, /<a\b([^>]*)>([\s\S]{0,12}?)<\/a\s*>/gi));
      expect(anchors(html, 40, (a) => /\bhref/i.test(a)), html).toEqual(viaRegex(html, /<a\b((?=[^>]*\bhref)[^>]*)>([\s\S]{0,40}?)<\/a\s*>/gi));
    }
  });
});

describe('html-scan: hostile markup', () => {
  it('reads unclosed openers by the hundred thousand in linear time', () => {
    const hostile = ['<'.repeat(400_000), '<!--'.repeat(100_000), '<script'.repeat(60_000), '<style a'.repeat(50_000), '<a '.repeat(130_000),
      '<a href=x>'.repeat(40_000) + '</a>', '<a>'.repeat(130_000), '<p'.repeat(200_000), '<head <title <!-- <a <'.repeat(20_000)];
    const started = performance.now();
    for (const html of hostile) {
      withoutComments(html);
      withoutHiddenBlocks(html);
      replaceTags(html, ' ');
      replaceTags(html, '\n', /<\/?(p|div)\b/iy);
      replaceTags(html, (tag) => tag, /<a\b/iy);
      anchors(html, 2000, (a) => /\bhref/i.test(a));
      anchors(html);
    }
    // The regular expressions took 17 s for 120,000 '<' alone; all of these take milliseconds.
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
