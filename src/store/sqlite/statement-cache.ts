import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepared statements by SQL text. Searches compile to a handful of shapes (values are always
 * parameters), so a small LRU keeps preparing off the hot path without growing without bound.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly capacity = 256,
  ) {}

  /** The prepared statement for `sql`, prepared on first use. */
  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      this.statements.delete(sql); // re-insert: Map order is recency order
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= this.capacity) {
        this.statements.delete(this.statements.keys().next().value as string);
      }
    }
    this.statements.set(sql, statement);
    return statement;
  }
}
