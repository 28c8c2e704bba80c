import type { StatementCache } from './statement-cache.js';

/** A tag as stored: its row id and the spelling it was first given. */
export interface TagRow {
  id: number;
  name: string;
}

/**
 * Tag names as devmail keeps them: trimmed, empties dropped, unique case-insensitively (the
 * first spelling wins), as Mailpit treats them. Which characters are allowed is the caller's
 * policy (the API and ingest validate); the store takes any text.
 */
export function normaliseTagNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    const key = name.toLowerCase();
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/**
 * Sorts tag names (in place) in the order `ORDER BY name COLLATE NOCASE` reads them: ASCII
 * letters folded, then UTF-8 byte order. Names sorted here and names read back then agree.
 */
export function sortTagNames(names: string[]): string[] {
  if (names.length < 2) return names;
  const keys = new Map(names.map((name) => [name, Buffer.from(name.replace(/[A-Z]+/g, (s) => s.toLowerCase()), 'utf8')]));
  return names.sort((a, b) => Buffer.compare(keys.get(a)!, keys.get(b)!));
}

/** Tag operations on the open transaction. */
export class TagTable {
  constructor(private readonly sql: StatementCache) {}

  /** The tag named `name` (case-insensitively), or undefined. */
  find(name: string): TagRow | undefined {
    return this.sql.get('SELECT id, name FROM tags WHERE name = ?').get(name.trim()) as TagRow | undefined;
  }

  /** The rows for these (normalised) names, creating missing tags; existing spellings win. */
  ensure(names: readonly string[]): TagRow[] {
    return names.map((name) => {
      this.sql.get('INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING').run(name);
      return this.find(name) as TagRow;
    });
  }

  /** Replaces the tags of one message. */
  replace(seq: number, tags: readonly TagRow[]): void {
    this.sql.get('DELETE FROM message_tags WHERE seq = ?').run(seq);
    this.add(seq, tags);
  }

  /** Adds tags to one message. */
  add(seq: number, tags: readonly TagRow[]): void {
    const insert = this.sql.get('INSERT OR IGNORE INTO message_tags (tag_id, seq) VALUES (?, ?)');
    for (const tag of tags) insert.run(tag.id, seq);
  }

  /** Tag names in use (in one inbox, or anywhere), sorted case-insensitively. */
  names(inbox: string | undefined): string[] {
    if (inbox === undefined) return this.sql.get('SELECT name FROM tags ORDER BY name COLLATE NOCASE').pluck().all() as string[];
    return this.sql
      .get(
        `SELECT t.name FROM tags t WHERE EXISTS (SELECT 1 FROM message_tags mt JOIN messages m ON m.seq = mt.seq
           WHERE mt.tag_id = t.id AND m.inbox = ?) ORDER BY t.name COLLATE NOCASE`,
      )
      .pluck()
      .all(inbox) as string[];
  }

  /**
   * Renames a tag on every message (of one inbox, when given); returns their IDs. A new
   * spelling of the same name renames in place; a name another tag has merges into it.
   */
  rename(from: string, to: string, inbox: string | undefined): string[] {
    const tag = this.find(from);
    if (!tag) return [];
    const affected = this.tagged(tag.id, inbox);
    const target = this.find(to);
    if (target?.id === tag.id || (target === undefined && inbox === undefined)) {
      this.sql.get('UPDATE tags SET name = ? WHERE id = ?').run(to, tag.id);
      return affected.map((m) => m.id);
    }
    const [dest] = this.ensure([to]);
    const unlink = this.sql.get('DELETE FROM message_tags WHERE tag_id = ? AND seq = ?');
    for (const m of affected) {
      unlink.run(tag.id, m.seq);
      this.add(m.seq, [dest]);
    }
    this.deleteUnused();
    return affected.map((m) => m.id);
  }

  /** Takes a tag off every message (of one inbox, when given); returns their IDs. */
  remove(name: string, inbox: string | undefined): string[] {
    const tag = this.find(name);
    if (!tag) return [];
    const affected = this.tagged(tag.id, inbox);
    const unlink = this.sql.get('DELETE FROM message_tags WHERE tag_id = ? AND seq = ?');
    for (const m of affected) unlink.run(tag.id, m.seq);
    this.deleteUnused();
    return affected.map((m) => m.id);
  }

  private tagged(tagId: number, inbox: string | undefined): { seq: number; id: string }[] {
    const inInbox = inbox === undefined ? '' : ' AND m.inbox = ?';
    return this.sql
      .get(`SELECT m.seq, m.id FROM message_tags mt JOIN messages m ON m.seq = mt.seq WHERE mt.tag_id = ?${inInbox} ORDER BY m.seq`)
      .all(tagId, ...(inbox === undefined ? [] : [inbox])) as { seq: number; id: string }[];
  }

  /** Drops tags no message carries any more, so the tag list only shows tags in use. */
  deleteUnused(): void {
    this.sql
      .get('DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM message_tags mt WHERE mt.tag_id = tags.id)')
      .run();
  }
}
