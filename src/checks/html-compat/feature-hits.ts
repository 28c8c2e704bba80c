/** Where one feature appears: how often, and on which source lines. */
export interface FeatureHit {
  count: number;
  lines: Set<number>;
}

/** Features found in a message, by caniemail slug. */
export class FeatureHits {
  readonly bySlug = new Map<string, FeatureHit>();

  /** Notes one use of `slug` on `line`. */
  add(slug: string, line: number): void {
    let hit = this.bySlug.get(slug);
    if (!hit) this.bySlug.set(slug, (hit = { count: 0, lines: new Set() }));
    hit.count += 1;
    hit.lines.add(line);
  }
}
