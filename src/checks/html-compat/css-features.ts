import postcss, { type ChildNode, type Root } from 'postcss';
import type { ScannedStyle } from '../html/scan-html.js';
import type { FeatureHits } from './feature-hits.js';

/** Property-name prefixes that caniemail tracks under one slug (first match wins). */
const PROPERTY_GROUPS: Array<[RegExp, string]> = [
  [/^margin-(inline|block)-(start|end)$/, 'css-margin-block-start-end'],
  [/^margin-(inline|block)$/, 'css-margin-inline-block'],
  [/^padding-(inline|block)-(start|end)$/, 'css-padding-block-start-end'],
  [/^padding-(inline|block)$/, 'css-padding-inline-block'],
  [/^border-(start|end)-(start|end)-radius$/, 'css-border-radius-logical'],
  [/^border-(inline|block)-(start|end)(-(width|style|color))?$/, 'css-border-inline-block-individual'],
  [/^border-(inline|block)-(width|style|color)$/, 'css-border-inline-block-longhand'],
  [/^border-(inline|block)$/, 'css-border-inline-block'],
  [/^border-(top|right|bottom|left)-(left|right)?-?radius$/, 'css-border-radius'],
  [/^border-image(-|$)/, 'css-border-image'],
  [/^margin-/, 'css-margin'],
  [/^padding-/, 'css-padding'],
  [/^border-(top|right|bottom|left|width|style|color)/, 'css-border'],
  [/^(top|right|bottom|left)$/, 'css-left-right-top-bottom'],
  [/^(inline-size|block-size)$/, 'css-block-inline-size'],
  [/^(row-gap|column-gap|grid-gap)$/, 'css-gap'],
  [/^grid-template/, 'css-grid-template'],
  [/^(columns|column-(width|gap|rule.*|span|fill))$/, 'css-column-layout-properties'],
  [/^(animation|transition)-/, ''],
  [/^list-style-/, ''],
  [/^text-decoration-/, ''],
  [/^scroll-snap-/, 'css-scroll-snap'],
  [/^text-emphasis-(style|color)$/, 'css-text-emphasis'],
  [/^(contain-)?intrinsic-/, 'css-intrinsic-size'],
  [/^mask(-|$)/, 'css-mask-image'],
];

/** Units caniemail tracks, as they appear after a number. */
const UNIT_PATTERN = /(?:^|[\s(,:/+*-])-?(?:\d+\.?\d*|\.\d+)(px|em|rem|ex|ch|cm|mm|in|pt|pc|vh|vw|vmin|vmax|%)(?![a-z])/gi;

/** Media features with their own slug. */
const MEDIA_FEATURES: Array<[RegExp, string]> = [
  [/prefers-color-scheme/i, 'css-at-media-prefers-color-scheme'],
  [/prefers-reduced-motion/i, 'css-at-media-prefers-reduced-motion'],
  [/orientation/i, 'css-at-media-orientation'],
  [/\bhover\b/i, 'css-at-media-hover'],
  [/device-pixel-ratio|resolution/i, 'css-at-media-device-pixel-ratio'],
];

/** Most characters of CSS read from one message (a hostile message could carry megabytes). */
const MAX_CSS_CHARS = 2_000_000;

/**
 * Notes every CSS property, value function, unit, at-rule, selector kind and pseudo-class a
 * message's styles use. `known` is the set of slugs caniemail has, so a property only counts
 * when the dataset says something about it.
 */
export function detectCssFeatures(styles: ScannedStyle[], known: ReadonlySet<string>, hits: FeatureHits): void {
  let budget = MAX_CSS_CHARS;
  for (const style of styles) {
    if (budget <= 0) break;
    const css = style.css.slice(0, budget);
    budget -= css.length;
    const root = parseCss(css);
    if (!root || !walkCss(root, style, known, hits)) scanDeclarationsLoosely(css, style.line, known, hits);
  }
}

function parseCss(css: string): Root | null {
  try {
    return postcss.parse(css);
  } catch {
    // Broken CSS (an unclosed block, a stray brace) still gets its declarations found below.
    return null;
  }
}

/** Notes the features of a parsed stylesheet; false when it is nested too deep to walk. */
function walkCss(root: Root, style: ScannedStyle, known: ReadonlySet<string>, hits: FeatureHits): boolean {
  const lineOf = (node: ChildNode) => style.line + (node.source?.start?.line ?? 1) - 1;
  try {
    walkNodes(root, lineOf, known, hits);
    return true;
  } catch (err) {
    // postcss walks recursively: 100,000 nested blocks overflow the stack.
    if (err instanceof RangeError) return false;
    throw err;
  }
}

function walkNodes(root: Root, lineOf: (node: ChildNode) => number, known: ReadonlySet<string>, hits: FeatureHits): void {
  root.walk((node) => {
    const line = lineOf(node);
    switch (node.type) {
      case 'decl':
        detectDeclaration(node.prop, node.value, node.important === true, line, known, hits);
        break;
      case 'rule':
        if (node.parent?.type === 'rule') hits.add('css-nesting', line);
        detectSelector(node.selector, line, known, hits);
        break;
      case 'atrule':
        detectAtRule(node.name, node.params, line, hits);
        break;
      case 'comment':
        hits.add('css-comments', line);
        break;
      default:
    }
  });
}

/** Without a parse tree: every `name: value` pair, each on the line it starts. */
function scanDeclarationsLoosely(css: string, firstLine: number, known: ReadonlySet<string>, hits: FeatureHits): void {
  const declaration = /(-?[a-z][a-z-]*)\s*:\s*([^;{}]*)/gi;
  for (const match of css.matchAll(declaration)) {
    const line = firstLine + countNewlines(css, match.index ?? 0);
    const value = match[2];
    const important = /!\s*important/i.test(value);
    detectDeclaration(match[1], value.replace(/!\s*important/i, ''), important, line, known, hits);
  }
}

function detectDeclaration(
  rawProp: string,
  value: string,
  important: boolean,
  line: number,
  known: ReadonlySet<string>,
  hits: FeatureHits,
): void {
  const prop = rawProp.toLowerCase().replace(/^-(webkit|moz|ms|o)-/, '');
  if (prop.startsWith('--')) hits.add('css-variables', line);
  else {
    const slug = propertySlug(prop, known);
    if (slug) hits.add(slug, line);
  }
  if (important) hits.add('css-important', line);
  detectValue(prop, value.toLowerCase(), line, hits);
}

function propertySlug(prop: string, known: ReadonlySet<string>): string | null {
  if (known.has(`css-${prop}`)) return `css-${prop}`;
  for (const [pattern, slug] of PROPERTY_GROUPS) {
    if (!pattern.test(prop)) continue;
    if (slug) return slug;
    // '' means: the shorthand's slug (animation-name → css-animation).
    const shorthand = `css-${prop.split('-').slice(0, prop.startsWith('list-style') || prop.startsWith('text-decoration') ? 2 : 1).join('-')}`;
    return known.has(shorthand) ? shorthand : null;
  }
  return null;
}

function detectValue(prop: string, value: string, line: number, hits: FeatureHits): void {
  if (prop === 'display') {
    const display = value.trim();
    if (/\b(inline-)?flex\b/.test(display)) hits.add('css-display-flex', line);
    if (/\b(inline-)?grid\b/.test(display)) hits.add('css-display-grid', line);
    if (display === 'none') hits.add('css-display-none', line);
  }
  const functions: Array<[RegExp, string]> = [
    [/(^|[^-])linear-gradient\(/, 'css-linear-gradient'],
    [/radial-gradient\(/, 'css-radial-gradient'],
    [/conic-gradient\(/, 'css-conic-gradient'],
    [/\bcalc\(/, 'css-unit-calc'],
    [/\bclamp\(/, 'css-function-clamp'],
    [/\bmin\(/, 'css-function-min'],
    [/\bmax\(/, 'css-function-max'],
    [/\blight-dark\(/, 'css-function-light-dark'],
    [/\brgb\(/, 'css-rgb'],
    [/\brgba\(/, 'css-rgba'],
    [/\b(oklch|oklab|lab|lch|hwb|color)\(/, 'css-modern-color'],
    [/\bvar\(/, 'css-variables'],
    [/\bsystem-ui\b/, 'css-sytem-ui'],
  ];
  for (const [pattern, slug] of functions) if (pattern.test(value)) hits.add(slug, line);
  if (/^\s*initial\s*$/.test(value)) hits.add('css-unit-initial', line);
  for (const match of value.matchAll(UNIT_PATTERN)) {
    const unit = match[1];
    hits.add(unit === '%' ? 'css-unit-percent' : `css-unit-${unit}`, line);
  }
}

function detectAtRule(name: string, params: string, line: number, hits: FeatureHits): void {
  switch (name.toLowerCase()) {
    case 'font-face':
      hits.add('css-at-font-face', line);
      break;
    case 'import':
      hits.add('css-at-import', line);
      break;
    case 'keyframes':
    case '-webkit-keyframes':
      hits.add('css-at-keyframes', line);
      break;
    case 'supports':
      hits.add('css-at-supports', line);
      break;
    case 'media':
      hits.add('css-at-media', line);
      for (const [pattern, slug] of MEDIA_FEATURES) if (pattern.test(params)) hits.add(slug, line);
      break;
    default:
  }
}

/** Selector kinds, pseudo-classes and pseudo-elements of one rule's selector list. */
function detectSelector(selectorList: string, line: number, known: ReadonlySet<string>, hits: FeatureHits): void {
  // Strings and attribute values could hold anything; blank them so they are not read as syntax.
  const selectors = selectorList.replace(/"[^"]*"|'[^']*'/g, '""');
  if (selectors.includes(',')) hits.add('css-selector-grouping', line);
  for (const selector of selectors.split(',')) {
    const s = selector.trim();
    if (!s) continue;
    if (/\[[^\]]*\]/.test(s)) hits.add('css-selector-attribute', line);
    if (/\.[a-z_-]/i.test(s)) hits.add('css-selector-class', line);
    if (/#[a-z_-]/i.test(s)) hits.add('css-selector-id', line);
    if (/(^|[\s>+~])\*/.test(s)) hits.add('css-selector-universal', line);
    if (/(^|[\s>+~(])[a-z][a-z0-9-]*/i.test(s.replace(/[.#:][a-z0-9_-]+/gi, ''))) hits.add('css-selector-type', line);
    const withoutBrackets = s.replace(/\([^)]*\)/g, '()').replace(/\[[^\]]*\]/g, '[]');
    if (/>/.test(withoutBrackets)) hits.add('css-selector-child', line);
    if (/\+/.test(withoutBrackets)) hits.add('css-selector-adjacent-sibling', line);
    if (/~/.test(withoutBrackets)) hits.add('css-selector-general-sibling', line);
    if (/[^\s>+~]\s+[^\s>+~]/.test(withoutBrackets.replace(/\s*([>+~])\s*/g, '$1'))) hits.add('css-selector-descendant', line);
    if (/[a-z0-9_\])-][.#[][a-z_-]?|[.#][a-z0-9_-]+[.#[]/i.test(withoutBrackets)) hits.add('css-selector-chaining', line);
    for (const match of s.matchAll(/(::?)([a-z-]+)/gi)) {
      const name = match[2].toLowerCase();
      const element = `css-pseudo-element-${name}`;
      const pseudoClass = `css-pseudo-class-${name}`;
      if (known.has(element)) hits.add(element, line);
      else if (match[1] === ':' && known.has(pseudoClass)) hits.add(pseudoClass, line);
    }
  }
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
