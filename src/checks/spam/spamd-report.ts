/** One rule a SpamAssassin report lists. */
export interface SpamRule {
  name: string;
  score: number;
  description: string;
}

/** A table row: ` 1.4 MISSING_DATE           Missing Date: header` (points, name, description). */
const ROW = /^\s*(-?\d+(?:\.\d+)?)\s+([A-Z0-9_]+)\s+(.*)$/;
/** A wrapped description continues on a line indented past the points and name columns. */
const CONTINUATION = /^\s{10,}(\S.*)$/;

/**
 * The rules of a SpamAssassin REPORT, from its "pts rule name description" table. The
 * table ends at the first blank line after it; wrapped descriptions are joined.
 */
export function parseSpamdRules(report: string): SpamRule[] {
  const lines = report.split(/\r?\n/);
  const ruler = lines.findIndex((line) => /^-{3,}\s+-{3,}\s+-{3,}/.test(line));
  if (ruler === -1) return [];
  const rules: SpamRule[] = [];
  for (const line of lines.slice(ruler + 1)) {
    if (line.trim() === '') break;
    const row = ROW.exec(line);
    if (row) {
      rules.push({ name: row[2], score: Number(row[1]), description: row[3].trim() });
      continue;
    }
    const more = CONTINUATION.exec(line);
    const last = rules.at(-1);
    if (more && last) last.description = `${last.description} ${more[1].trim()}`;
  }
  return rules;
}
