import { describe, expect, it } from 'vitest';
import { createIndexerPool } from './index-pool.js';

describe('indexer pool', () => {
  it('parses in a worker thread from the TypeScript sources too', async () => {
    const pool = createIndexerPool();
    expect(pool.threaded).toBe(true);
    const raw = Buffer.from('Subject: hi\r\nContent-Type: text/plain\r\n\r\nHello from a thread.\r\n');
    const fields = await pool.index(raw);
    expect(fields.snippet).toBe('Hello from a thread.');
    await pool.close();
    expect(pool.threaded).toBe(false);
  });
});
