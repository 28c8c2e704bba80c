import { parentPort } from 'node:worker_threads';
import { useConcatBlobForParsing } from './concat-blob.js';
import { indexMessage } from './index-fields.js';

// This thread only parses: postal-mime's chunk joining need not go through Node's Blob.
useConcatBlobForParsing();

/** A batch of raw messages to index, by request number. */
export interface IndexRequest {
  batch: Array<{ seq: number; raw: Uint8Array }>;
}

/** The answers to one batch, in the same order. */
export interface IndexResponse {
  results: Array<{ seq: number; fields?: Awaited<ReturnType<typeof indexMessage>>; error?: string }>;
}

parentPort?.on('message', async (request: IndexRequest) => {
  const results: IndexResponse['results'] = [];
  for (const { seq, raw } of request.batch) {
    try {
      results.push({ seq, fields: await indexMessage(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)) });
    } catch (err) {
      results.push({ seq, error: err instanceof Error ? err.message : String(err) });
    }
  }
  parentPort?.postMessage({ results } satisfies IndexResponse);
});
