import { describe, expect, it } from 'vitest';
import { lineLocator, MAX_TAGS, scanHtml } from './scan-html.js';

describe('scanHtml', () => {
  it('notes elements, styles, comments and the doctype with their lines', () => {
    const doc = scanHtml('<!DOCTYPE html>\n<html lang="en">\n<head><style>\n.a { color: red }\n</style></head>\n<body>\n<!-- hi -->\n<p style="margin:0">Caf&eacute;</p>\n</body></html>');
    expect(doc.doctypeLine).toBe(1);
    expect(doc.elements.map((e) => `${e.name}@${e.line}`)).toEqual(['html@2', 'head@3', 'style@3', 'body@6', 'p@8']);
    expect(doc.styles).toEqual([
      { css: '\n.a { color: red }\n', line: 3, kind: 'block' },
      { css: 'margin:0', line: 8, kind: 'inline' },
    ]);
    expect(doc.comments).toEqual([7]);
    expect(doc.text).toContain('Café');
    expect(doc.truncated).toBe(false);
  });

  it('reads broken markup without throwing: unclosed tags, stray brackets, an unterminated style', () => {
    const doc = scanHtml('<table><tr><td><div <p>>< </ta ble><img src=x onerror=alert(1)><style>.b{margin:0');
    expect(doc.elements.map((e) => e.name)).toEqual(expect.arrayContaining(['table', 'tr', 'td', 'img', 'style']));
    expect(doc.styles.find((s) => s.kind === 'block')?.css).toBe('.b{margin:0');
  });

  it('stops after MAX_TAGS tags and says so', () => {
    const doc = scanHtml('<div>'.repeat(MAX_TAGS + 500));
    expect(doc.truncated).toBe(true);
    expect(doc.elements.length).toBe(MAX_TAGS);
  });
});

describe('lineLocator', () => {
  it('maps offsets to 1-based lines', () => {
    const lineAt = lineLocator('a\nbc\n\nd');
    expect([0, 1, 2, 4, 5, 6].map(lineAt)).toEqual([1, 1, 2, 2, 3, 4]);
  });
});
