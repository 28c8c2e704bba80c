import { createRequire } from 'node:module';

/** One feature of the caniemail.com dataset, as the `caniemail` package ships it. */
export interface CaniemailFeature {
  slug: string;
  title: string;
  description: string | null;
  url: string;
  category: string;
  tags: string[];
  keywords: string | null;
  /** family → platform → version → "y" | "n" | "a" | "u", optionally followed by " #N" (a note). */
  stats: Record<string, Record<string, Record<string, string>>>;
  notes_by_num: Record<string, string> | null;
}

/** The dataset: features and the display names of families and platforms. */
export interface CaniemailData {
  api_version: string;
  last_update_date: string;
  nicenames: { family: Record<string, string>; platform: Record<string, string> };
  data: CaniemailFeature[];
}

let loaded: { data: CaniemailData; bySlug: Map<string, CaniemailFeature>; slugs: Set<string> } | null = null;

/** The dataset, read once (about 1 MB of JSON) on first use, not at start-up. */
export function caniemailData(): { data: CaniemailData; bySlug: Map<string, CaniemailFeature>; slugs: Set<string> } {
  if (!loaded) {
    const data = createRequire(import.meta.url)('caniemail/caniemail.json') as CaniemailData;
    const bySlug = new Map(data.data.map((feature) => [feature.slug, feature]));
    loaded = { data, bySlug, slugs: new Set(bySlug.keys()) };
  }
  return loaded;
}

/** A support value of the dataset split into its level and note number. */
export function readSupport(value: string): { support: 'yes' | 'no' | 'partial' | 'unknown'; note: string } {
  const note = /#(\d+)/.exec(value)?.[1] ?? '';
  switch (value.trim()[0]) {
    case 'y':
      return { support: 'yes', note };
    case 'n':
      return { support: 'no', note };
    case 'a':
      return { support: 'partial', note };
    default:
      return { support: 'unknown', note };
  }
}
