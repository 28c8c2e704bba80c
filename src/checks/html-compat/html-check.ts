import { scanHtml, type ScannedHtml } from '../html/scan-html.js';
import { caniemailData, readSupport, type CaniemailFeature } from './caniemail-data.js';
import { detectCssFeatures } from './css-features.js';
import { FeatureHits, type FeatureHit } from './feature-hits.js';
import type { HtmlCheckResponse, HtmlCheckResult, HtmlCheckWarning } from './html-check-types.js';
import { detectHtmlFeatures, SCRIPT_SLUG } from './html-features.js';

/** Lines listed per warning; a feature used on every line of a 3,000-line mail needs no more. */
const MAX_LINES_PER_WARNING = 50;

/** Elements that are document scaffolding, not content, and do not count as nodes. */
const NOT_NODES = new Set(['html', 'head', 'meta', 'title', 'link', 'base', 'style']);

/**
 * Checks an HTML body against the caniemail.com dataset: every element, attribute, image
 * format and CSS feature it uses, with each client version's support, worst offenders first.
 * Linked stylesheets are listed, never fetched: their URLs come from a captured message.
 */
export function runHtmlCheck(html: string): HtmlCheckResponse {
  const { data, bySlug, slugs } = caniemailData();
  const doc = scanHtml(html);
  const hits = new FeatureHits();
  detectHtmlFeatures(doc, hits);
  detectCssFeatures(doc.styles, slugs, hits);

  const nodes = doc.elements.filter((el) => !NOT_NODES.has(el.name)).length;
  const warnings: HtmlCheckWarning[] = [];
  for (const [slug, hit] of hits.bySlug) {
    if (slug === SCRIPT_SLUG) warnings.push(scriptWarning(hit));
    const feature = bySlug.get(slug);
    if (feature) warnings.push(toWarning(feature, hit, data.nicenames));
  }
  const impact = (w: HtmlCheckWarning) => Math.min(1, w.Score.Found / Math.max(1, nodes));
  warnings.sort(
    (a, b) => (b.Score.Unsupported + b.Score.Partial) * impact(b) - (a.Score.Unsupported + a.Score.Partial) * impact(a) || a.Slug.localeCompare(b.Slug),
  );
  // Mailpit's overall score: the worst single feature, weighted by how much of the mail uses it.
  const unsupported = Math.max(0, ...warnings.map((w) => w.Score.Unsupported * impact(w)));
  const partial = Math.max(0, ...warnings.map((w) => w.Score.Partial * impact(w)));
  return {
    Warnings: warnings,
    Platforms: platformsOf(data.data, data.nicenames.family),
    Total: {
      Tests: data.data.length + 1,
      Nodes: nodes,
      Supported: round(100 - partial - unsupported),
      Partial: round(partial),
      Unsupported: round(unsupported),
    },
    RemoteStylesheets: remoteStylesheets(doc),
  };
}

function toWarning(
  feature: CaniemailFeature,
  hit: FeatureHit,
  nice: { family: Record<string, string>; platform: Record<string, string> },
): HtmlCheckWarning {
  const results: HtmlCheckResult[] = [];
  for (const [family, byPlatform] of Object.entries(feature.stats)) {
    for (const [platform, byVersion] of Object.entries(byPlatform)) {
      for (const [version, value] of Object.entries(byVersion)) {
        const { support, note } = readSupport(value);
        // "u" (not tested) says nothing either way: left out of results and scores.
        if (support === 'unknown') continue;
        results.push({
          Name: `${nice.family[family] ?? family} ${nice.platform[platform] ?? platform} (${version})`,
          Platform: platform,
          Family: family,
          Version: version,
          Support: support,
          NoteNumber: note,
        });
      }
    }
  }
  const share = (level: HtmlCheckResult['Support']) =>
    results.length === 0 ? 0 : round((results.filter((r) => r.Support === level).length / results.length) * 100);
  return {
    Slug: feature.slug,
    Title: feature.title,
    Description: feature.description ?? '',
    URL: feature.url,
    Category: feature.category,
    Tags: [...feature.tags],
    Keywords: feature.keywords ?? '',
    Results: results,
    NotesByNumber: { ...(feature.notes_by_num ?? {}) },
    Score: { Found: hit.count, Supported: share('yes'), Partial: share('partial'), Unsupported: share('no') },
    Lines: sortedLines(hit),
  };
}

/** `<script>` is not in caniemail's data; no email client runs it. */
function scriptWarning(hit: FeatureHit): HtmlCheckWarning {
  return {
    Slug: SCRIPT_SLUG,
    Title: '<script> element',
    Description: 'JavaScript is not supported in any email client.',
    URL: '',
    Category: 'html',
    Tags: [],
    Keywords: '',
    Results: [],
    NotesByNumber: {},
    Score: { Found: hit.count, Supported: 0, Partial: 0, Unsupported: 100 },
    Lines: sortedLines(hit),
  };
}

let platforms: Record<string, string[]> | null = null;

/** Platform → the client families the dataset has results for on it, sorted; made once. */
function platformsOf(features: CaniemailFeature[], niceFamily: Record<string, string>): Record<string, string[]> {
  platforms ??= collectPlatforms(features, niceFamily);
  return structuredClone(platforms);
}

function collectPlatforms(features: CaniemailFeature[], niceFamily: Record<string, string>): Record<string, string[]> {
  const byPlatform = new Map<string, Set<string>>();
  for (const feature of features) {
    for (const [family, byPlatformStats] of Object.entries(feature.stats)) {
      for (const platform of Object.keys(byPlatformStats)) {
        let set = byPlatform.get(platform);
        if (!set) byPlatform.set(platform, (set = new Set()));
        set.add(niceFamily[family] ?? family);
      }
    }
  }
  return Object.fromEntries([...byPlatform].map(([platform, families]) => [platform, [...families].sort()]));
}

function remoteStylesheets(doc: ScannedHtml): Array<{ URL: string; Line: number }> {
  return doc.elements
    .filter((el) => el.name === 'link' && /(^|\s)stylesheet(\s|$)/i.test(el.attrs.rel ?? '') && el.attrs.href)
    .map((el) => ({ URL: el.attrs.href, Line: el.line }));
}

function sortedLines(hit: FeatureHit): number[] {
  return [...hit.lines].sort((a, b) => a - b).slice(0, MAX_LINES_PER_WARNING);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
