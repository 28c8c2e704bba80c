import { describe, expect, it } from 'vitest';
import type { MessagePart } from '../../core/types.js';
import { embedHtml, linkInlineImages } from './message-html.js';

const part = (partId: string, contentId: string): MessagePart => ({
  partId,
  contentId,
  fileName: '',
  contentType: 'image/png',
  size: 1,
  checksums: { md5: '', sha1: '', sha256: '' },
});

describe('linkInlineImages', () => {
  it('points cid: references at the part URLs, whatever the quoting', () => {
    const html = `<img src="cid:logo"><img src='CID:logo'><img src=cid:logo.png><img src="cid:logo2">`;
    const out = linkInlineImages(html, [part('1', 'logo'), part('2', 'logo.png')], (id) => `/p/${id}`);
    expect(out).toBe(`<img src="/p/1"><img src='/p/1'><img src=/p/2><img src="cid:logo2">`);
  });

  it('treats a Content-ID as text, not as a pattern', () => {
    expect(linkInlineImages('<img src="cid:a.b">', [part('1', 'a+b')], () => '/x')).toBe('<img src="cid:a.b">');
  });
});

describe('embedHtml', () => {
  it('opens every link in a new tab without opener or referrer', () => {
    const out = embedHtml('<html><body><a href="https://x.test" target="_top" rel="opener">x</a><A HREF=/y>y</A></body></html>');
    expect(out).toBe(
      '<html><body><a href="https://x.test" target="_blank" rel="noopener noreferrer">x</a><a HREF=/y target="_blank" rel="noopener noreferrer">y</A></body></html>',
    );
  });

  it('wraps a fragment into a whole document', () => {
    expect(embedHtml('<p>hi</p>')).toMatch(/^<!DOCTYPE html>\n<html>[\s\S]*<body>\n<p>hi<\/p>\n<\/body>/);
  });
});
