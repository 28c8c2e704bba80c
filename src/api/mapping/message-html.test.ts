import { describe, expect, it } from 'vitest';
import type { MessagePart } from '../../core/types.js';
import { embedHtml, inlineImageUrls, linkInlineImages } from './message-html.js';

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

describe('inlineImageUrls', () => {
  const withType = (partId: string, contentId: string, contentType: string) => ({ ...part(partId, contentId), contentType });

  it('writes inline raster images as data: URLs and links the rest', () => {
    const urls = inlineImageUrls(
      [
        { part: withType('1', 'logo', 'image/PNG; name=logo.png'), content: Buffer.from('png') },
        { part: withType('2', 'vector', 'image/svg+xml'), content: Buffer.from('<svg/>') },
        { part: withType('3', '', 'image/png'), content: Buffer.from('attached') },
        { part: withType('4', 'page', 'text/html'), content: Buffer.from('<script>') },
      ],
      (id) => `/p/${id}`,
    );
    expect(urls('1')).toBe(`data:image/png;base64,${Buffer.from('png').toString('base64')}`);
    expect(['2', '3', '4'].map(urls)).toEqual(['/p/2', '/p/3', '/p/4']);
  });

  it('links images past the size limits instead of writing them in', () => {
    const big = Buffer.alloc(1024 * 1024 + 1);
    const mb = Buffer.alloc(1024 * 1024);
    const parts = [
      { part: withType('1', 'big', 'image/png'), content: big },
      ...['2', '3', '4', '5', '6'].map((id) => ({ part: withType(id, `c${id}`, 'image/jpeg'), content: mb })),
    ];
    const urls = inlineImageUrls(parts, (id) => `/p/${id}`);
    expect(urls('1')).toBe('/p/1');
    expect(['2', '3', '4', '5'].map((id) => urls(id).startsWith('data:image/jpeg;base64,'))).toEqual([true, true, true, true]);
    expect(urls('6')).toBe('/p/6'); // the 4 MiB budget is spent
  });
});
