import { describe, expect, it } from 'vitest';
import { extractLinks } from './links.js';

describe('extractLinks', () => {
  it('reads anchors with their text, decoding entities in href and text', () => {
    const html = '<p>Hi</p><a class="btn" href="https://app.test/confirm?token=abc&amp;u=1">Confirm &amp; go</a>';
    expect(extractLinks(html, '')).toEqual([{ url: 'https://app.test/confirm?token=abc&u=1', text: 'Confirm & go' }]);
  });

  it('finds bare URLs in the text part and drops trailing punctuation', () => {
    const text = 'Open https://app.test/reset?t=9. Or see (https://app.test/help), thanks!';
    expect(extractLinks('', text)).toEqual([
      { url: 'https://app.test/reset?t=9', text: '' },
      { url: 'https://app.test/help', text: '' },
    ]);
  });

  it('lists each URL once, keeping the anchor text over a bare occurrence', () => {
    const html = '<a href="https://app.test/a">Start here</a> <a href=\'https://app.test/a\'>again</a>';
    const text = 'Start here: https://app.test/a';
    expect(extractLinks(html, text)).toEqual([{ url: 'https://app.test/a', text: 'Start here' }]);
  });

  it('ignores mailto, javascript, relative and fragment links', () => {
    const html =
      '<a href="mailto:x@y.test">mail</a><a href="javascript:alert(1)">x</a><a href="/rel">r</a><a href="#top">t</a>' +
      '<a href=https://ok.test/path>ok</a>';
    expect(extractLinks(html, '')).toEqual([{ url: 'https://ok.test/path', text: 'ok' }]);
  });

  it('takes the visible text of an anchor holding markup', () => {
    const html = '<a href="https://app.test/v"><span style="x">Verify</span>\n <b>now</b><img alt=""></a>';
    expect(extractLinks(html, '')).toEqual([{ url: 'https://app.test/v', text: 'Verify now' }]);
  });
});
