import type { ScannedHtml } from '../html/scan-html.js';
import type { FeatureHits } from './feature-hits.js';

/** Elements whose caniemail slug is `html-<name>`. */
const SAME_NAME_ELEMENTS = new Set([
  'abbr', 'acronym', 'address', 'audio', 'base', 'bdi', 'blockquote', 'code', 'del', 'dfn', 'dialog', 'div',
  'form', 'hr', 'img', 'link', 'marquee', 'meter', 'object', 'p', 'picture', 'pre', 'progress', 'rp', 'rt',
  'ruby', 'select', 'small', 'span', 'strike', 'strong', 'style', 'svg', 'table', 'textarea', 'video', 'wbr',
]);

/** Elements grouped under one slug. */
const GROUPED_ELEMENTS: Record<string, string> = {
  h1: 'html-h1-h6', h2: 'html-h1-h6', h3: 'html-h1-h6', h4: 'html-h1-h6', h5: 'html-h1-h6', h6: 'html-h1-h6',
  ul: 'html-lists', ol: 'html-lists', dl: 'html-lists',
  article: 'html-semantics', aside: 'html-semantics', details: 'html-semantics', figcaption: 'html-semantics',
  figure: 'html-semantics', footer: 'html-semantics', header: 'html-semantics', main: 'html-semantics',
  mark: 'html-semantics', nav: 'html-semantics', section: 'html-semantics', summary: 'html-semantics',
  time: 'html-semantics',
  map: 'html-image-maps',
};

/** Attributes whose slug is `html-<name>`, on any element. */
const SAME_NAME_ATTRIBUTES = new Set([
  'align', 'background', 'cellpadding', 'cellspacing', 'dir', 'height', 'hidden', 'lang', 'required', 'role',
  'srcset', 'target', 'valign', 'width', 'popover', 'aria-describedby', 'aria-hidden', 'aria-label',
  'aria-labelledby', 'aria-live',
]);

/** Image formats by file extension of `src`. */
const IMAGE_EXTENSIONS: Record<string, string> = {
  apng: 'image-apng', avif: 'image-avif', bmp: 'image-bmp', gif: 'image-gif', hdr: 'image-hdr',
  heif: 'image-heif', heic: 'image-heif', ico: 'image-ico', jpg: 'image-jpg', jpeg: 'image-jpg',
  mp4: 'image-mp4', png: 'image-png', svg: 'image-svg', tif: 'image-tiff', tiff: 'image-tiff', webp: 'image-webp',
};

/** Image formats of `data:` URLs by media type. */
const DATA_IMAGE_TYPES: Record<string, string> = {
  'image/apng': 'image-apng', 'image/avif': 'image-avif', 'image/bmp': 'image-bmp', 'image/gif': 'image-gif',
  'image/heif': 'image-heif', 'image/x-icon': 'image-ico', 'image/jpeg': 'image-jpg', 'image/png': 'image-png',
  'image/svg+xml': 'image-svg', 'image/tiff': 'image-tiff', 'image/webp': 'image-webp',
};

/** The slug devmail adds for `<script>`, which caniemail does not list (no client runs it). */
export const SCRIPT_SLUG = 'html-script';

/** Notes every HTML element, attribute, image format and document feature the body uses. */
export function detectHtmlFeatures(doc: ScannedHtml, hits: FeatureHits): void {
  if (doc.doctypeLine) hits.add('html-doctype', doc.doctypeLine);
  for (const line of doc.comments) hits.add('html-comments', line);
  for (const el of doc.elements) {
    const { name, attrs, line } = el;
    if (SAME_NAME_ELEMENTS.has(name)) hits.add(`html-${name}`, line);
    const grouped = GROUPED_ELEMENTS[name];
    if (grouped) hits.add(grouped, line);
    if (name === 'body') hits.add('html-body', line);
    for (const attr of Object.keys(attrs)) {
      if (SAME_NAME_ATTRIBUTES.has(attr)) hits.add(`html-${attr}`, line);
    }
    if (attrs.loading !== undefined) hits.add('html-loading-attribute', line);
    if (attrs.inert !== undefined) hits.add('css-inert-attribute', line);
    detectElementSpecifics(el.name, attrs, line, hits);
  }
}

function detectElementSpecifics(name: string, attrs: Record<string, string>, line: number, hits: FeatureHits): void {
  switch (name) {
    case 'script': {
      const type = (attrs.type ?? '').toLowerCase();
      // JSON-LD and JSON data blocks are not run; Gmail reads the former for actions.
      if (type !== 'application/ld+json' && type !== 'application/json') hits.add(SCRIPT_SLUG, line);
      return;
    }
    case 'a': {
      const href = (attrs.href ?? '').trim().toLowerCase();
      if (href.startsWith('#') && href.length > 1) hits.add('html-anchor-links', line);
      if (href.startsWith('mailto:')) hits.add('html-mailto-links', line);
      return;
    }
    case 'area':
      hits.add('html-image-maps', line);
      return;
    case 'meta':
      if ((attrs.name ?? '').toLowerCase() === 'color-scheme' || (attrs.name ?? '').toLowerCase() === 'supported-color-schemes') {
        hits.add('html-meta-color-scheme', line);
      }
      return;
    case 'input': {
      const type = (attrs.type ?? 'text').toLowerCase();
      if (['checkbox', 'hidden', 'radio', 'reset', 'submit', 'text'].includes(type)) hits.add(`html-input-${type}`, line);
      return;
    }
    case 'button': {
      const type = (attrs.type ?? 'submit').toLowerCase();
      if (type === 'reset' || type === 'submit') hits.add(`html-button-${type}`, line);
      return;
    }
    case 'img':
      detectImageFormat(attrs.src ?? '', line, hits);
      return;
    default:
  }
}

function detectImageFormat(src: string, line: number, hits: FeatureHits): void {
  const value = src.trim();
  const data = /^data:([^;,]+)[^,]*?(;base64)?,/i.exec(value);
  if (data) {
    if (data[2]) hits.add('image-base64', line);
    const slug = DATA_IMAGE_TYPES[data[1].toLowerCase()];
    if (slug) hits.add(slug, line);
    return;
  }
  const path = value.split(/[?#]/)[0];
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  const slug = ext ? IMAGE_EXTENSIONS[ext] : undefined;
  if (slug) hits.add(slug, line);
}
