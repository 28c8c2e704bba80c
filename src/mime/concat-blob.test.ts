import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConcatBlob } from './concat-blob.js';
import { createIndexerPool } from './index-pool.js';
import { indexMessage } from './index-fields.js';

const fixtures = new URL('../../test/fixtures/', import.meta.url);

describe('ConcatBlob', () => {
  it('joins strings, buffers, views and array buffers as a Blob does', async () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const parts = ['héllo', Buffer.from(' world'), bytes.subarray(2, 5), bytes.buffer.slice(0, 2), new DataView(bytes.buffer, 5, 1)];
    const ours = new ConcatBlob(parts, { type: 'application/octet-stream' });
    const node = new Blob(parts, { type: 'application/octet-stream' });
    expect(ours.size).toBe(node.size);
    expect(ours.type).toBe(node.type);
    expect(Buffer.from(await ours.arrayBuffer())).toEqual(Buffer.from(await node.arrayBuffer()));
    expect((await new ConcatBlob().arrayBuffer()).byteLength).toBe(0);
  });

  it('leaves the index of every fixture as parsing with Node’s Blob gives it', async () => {
    const pool = createIndexerPool(); // the parse thread, which uses ConcatBlob
    try {
      const names = readdirSync(fixtures).filter((n) => n.endsWith('.eml'));
      expect(names.length).toBeGreaterThan(3);
      for (const name of names) {
        const raw = readFileSync(new URL(name, fixtures));
        expect(await pool.index(raw), name).toEqual(await indexMessage(raw));
      }
    } finally {
      await pool.close();
    }
  });
});
