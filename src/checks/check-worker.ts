import { parentPort } from 'node:worker_threads';
import type { Envelope } from '../core/types.js';
import { CONTENT_CHECKS, type ContentCheckName } from './content-checks.js';

/** One check to run on a raw message. */
export interface CheckRequest {
  seq: number;
  check: ContentCheckName;
  raw: Uint8Array;
  envelope: Envelope;
}

/** Its answer: the result, or why there is none. */
export interface CheckAnswer {
  seq: number;
  result?: unknown;
  error?: string;
}

parentPort?.on('message', async ({ seq, check, raw, envelope }: CheckRequest) => {
  try {
    const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const result = await CONTENT_CHECKS[check](bytes, envelope);
    parentPort?.postMessage({ seq, result } satisfies CheckAnswer);
  } catch (err) {
    parentPort?.postMessage({ seq, error: err instanceof Error ? err.message : String(err) } satisfies CheckAnswer);
  }
});
