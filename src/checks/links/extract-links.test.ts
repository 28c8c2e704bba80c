import { describe, expect, it } from 'vitest';
import { extractLinks } from './extract-links.js';

describe('extractLinks', () => {
  it('takes http(s) links and images from HTML and text, once each, in order', () => {
    const html = '<link rel="stylesheet" href="https://s.example/a.css"><link rel="icon" href="https://s.example/i.ico"><a href="https://a.example/1">1</a><img src="http://b.example/i.png"><a href="mailto:x@y">m</a><a href="#top">t</a><td background="https://c.example/bg.gif"><img srcset="https://d.example/1x.png 1x, https://d.example/2x.png 2x"><a href=" https://a.example/1 ">again</a>';
    const text = 'See https://e.example/page. Or (https://en.example/wiki/A_(b)), and [https://f.example/x]!';
    expect(extractLinks(html, text)).toEqual([
      'https://s.example/a.css',
      'https://a.example/1',
      'http://b.example/i.png',
      'https://c.example/bg.gif',
      'https://d.example/1x.png',
      'https://d.example/2x.png',
      'https://e.example/page',
      'https://en.example/wiki/A_(b)',
      'https://f.example/x',
    ]);
  });
});
