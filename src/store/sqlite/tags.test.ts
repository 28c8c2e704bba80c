import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sortTagNames } from './tags.js';

describe('sortTagNames', () => {
  it('orders names as SQLite reads them with COLLATE NOCASE', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (name TEXT NOT NULL UNIQUE COLLATE NOCASE)');
    const insert = db.prepare('INSERT OR IGNORE INTO t (name) VALUES (?)');
    // ASCII in both cases, punctuation between the cases, Latin-1 and its capitals (which
    // NOCASE does not fold), CJK, private use and an astral character (UTF-16 and UTF-8 orders differ).
    const alphabet = ['a', 'B', 'z', 'Z', '_', '[', '0', '~', 'é', 'É', 'ß', '中', '\uE000', '\uFF5E', '😀', ' '];
    let seed = 7;
    const next = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 8) % n);
    for (let i = 0; i < 400; i++) {
      insert.run(Array.from({ length: 2 + next(4) }, () => alphabet[next(alphabet.length)]).join(''));
    }
    const names = db.prepare('SELECT name FROM t').pluck().all() as string[];
    const fromSql = db.prepare('SELECT name FROM t ORDER BY name COLLATE NOCASE').pluck().all() as string[];
    expect(names.length).toBeGreaterThan(350);
    expect(sortTagNames([...names].reverse())).toEqual(fromSql);
    db.close();
  });
});
