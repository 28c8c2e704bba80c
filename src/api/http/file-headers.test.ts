import { describe, expect, it } from 'vitest';
import { contentDisposition, isActiveContentType, isInlineSafeContentType, safeContentType } from './file-headers.js';

describe('contentDisposition', () => {
  it('keeps a plain ASCII file name as it is', () => {
    expect(contentDisposition('attachment', 'report.pdf', 'x')).toBe('attachment; filename="report.pdf"');
  });

  it('drops directories, quotes and line breaks and carries the real name in filename*', () => {
    const value = contentDisposition('attachment', '../../etc/pa"ss\r\nSet-Cookie: a=b.txt', 'x');
    expect(value).toBe(`attachment; filename="pa_ssSet-Cookie: a=b.txt"; filename*=UTF-8''pa%22ssSet-Cookie%3A%20a%3Db.txt`);
    expect(value).not.toMatch(/[\r\n]/);
  });

  it('encodes non-ASCII names per RFC 8187 with an ASCII fallback', () => {
    expect(contentDisposition('inline', 'résumé.pdf', 'x')).toBe(`inline; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`);
  });

  it('falls back when the name is empty or only a path', () => {
    expect(contentDisposition('attachment', '', 'part-3')).toBe('attachment; filename="part-3"');
    expect(contentDisposition('attachment', '../', 'part-3')).toBe('attachment; filename="part-3"');
  });
});

describe('content types', () => {
  it('treats HTML, SVG, XML and script types as active', () => {
    for (const type of ['text/html; charset=utf-8', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', 'application/rss+xml', 'text/javascript']) {
      expect(isActiveContentType(type), type).toBe(true);
      expect(isInlineSafeContentType(type), type).toBe(false);
    }
  });

  it('shows raster images, media and plain text inline, and nothing unknown', () => {
    for (const type of ['image/png', 'IMAGE/JPEG', 'video/mp4', 'audio/ogg', 'text/plain; charset=iso-8859-1']) {
      expect(isInlineSafeContentType(type), type).toBe(true);
    }
    expect(isInlineSafeContentType('application/octet-stream')).toBe(false);
    expect(isInlineSafeContentType('application/zip')).toBe(false);
  });

  it('keeps a well-formed type and charset and drops anything else', () => {
    expect(safeContentType('text/plain; charset="ISO-8859-1"; format=flowed')).toBe('text/plain; charset=ISO-8859-1');
    expect(safeContentType('image/png; name="x.png"')).toBe('image/png');
    expect(safeContentType('text/html\r\nSet-Cookie: a=b')).toBe('application/octet-stream');
    expect(safeContentType('')).toBe('application/octet-stream');
  });
});
