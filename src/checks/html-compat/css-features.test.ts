import { describe, expect, it } from 'vitest';
import { caniemailData } from './caniemail-data.js';
import { detectCssFeatures } from './css-features.js';
import { FeatureHits } from './feature-hits.js';

function detect(css: string, kind: 'block' | 'inline' = 'block', line = 1): Map<string, number[]> {
  const hits = new FeatureHits();
  detectCssFeatures([{ css, kind, line }], caniemailData().slugs, hits);
  return new Map([...hits.bySlug].map(([slug, hit]) => [slug, [...hit.lines]]));
}

describe('detectCssFeatures', () => {
  it('maps properties, longhands and prefixed names to caniemail slugs, on the right lines', () => {
    const found = detect('.a {\n  margin-top: 4px;\n  -webkit-border-radius: 3px;\n  border-top-left-radius: 2px;\n  animation-name: spin;\n  list-style-type: none;\n  top: 0;\n}', 'block', 10);
    expect(found.get('css-margin')).toEqual([11]);
    expect(found.get('css-border-radius')).toEqual([12, 13]);
    expect(found.get('css-animation')).toEqual([14]);
    expect(found.get('css-list-style-type')).toEqual([15]);
    expect(found.get('css-left-right-top-bottom')).toEqual([16]);
    expect(found.get('css-unit-px')).toEqual([11, 12, 13]);
  });

  it('reads selector kinds, pseudo-classes and pseudo-elements, but not inside strings', () => {
    const found = detect('ul > li:first-child + li ~ p, #id.cls a[href="a:hover"]::after, * {}\n.x:not(.y):hover {}');
    for (const slug of ['css-selector-child', 'css-selector-adjacent-sibling', 'css-selector-general-sibling', 'css-selector-grouping', 'css-selector-id', 'css-selector-class', 'css-selector-attribute', 'css-selector-universal', 'css-selector-chaining', 'css-selector-descendant', 'css-selector-type', 'css-pseudo-class-first-child', 'css-pseudo-element-after', 'css-pseudo-class-not']) {
      expect(found.has(slug), slug).toBe(true);
    }
    expect(found.get('css-pseudo-class-hover')).toEqual([2]);
  });

  it('reads values: display kinds, functions, units, !important, variables', () => {
    const found = detect('display: inline-flex; width: calc(100% - 2rem) !important; color: var(--c); --c: oklch(0.7 0.1 200); background: linear-gradient(red, blue)', 'inline');
    for (const slug of ['css-display', 'css-display-flex', 'css-unit-calc', 'css-unit-percent', 'css-unit-rem', 'css-important', 'css-variables', 'css-modern-color', 'css-linear-gradient', 'css-background']) {
      expect(found.has(slug), slug).toBe(true);
    }
    expect(found.has('css-display-grid')).toBe(false);
  });

  it('still finds declarations in CSS that does not parse', () => {
    const found = detect('.a { color: red; .b { display: grid;\n  margin: 0 ');
    expect(found.get('css-display-grid')).toEqual([1]);
    expect(found.get('css-margin')).toEqual([2]);
  });

  it('notes at-rules and media features', () => {
    const found = detect('@media screen and (prefers-color-scheme: dark) and (orientation: landscape) { a { color: red } }\n@supports (display: grid) {}\n@import url(x.css);\n@font-face { font-family: X }');
    for (const slug of ['css-at-media', 'css-at-media-prefers-color-scheme', 'css-at-media-orientation', 'css-at-supports', 'css-at-import', 'css-at-font-face']) {
      expect(found.has(slug), slug).toBe(true);
    }
  });
});
