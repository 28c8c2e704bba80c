import { z } from 'zod';
import { isDevmailError } from '../../core/errors.js';

/** What a tool answers: JSON text, or the text of a tool error. */
export type ToolResult = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };

/** The message argument every per-message tool takes. */
export const messageIdArg = z.string().min(1).describe('Message ID, or "latest" for the newest message');

/** A caller's mistake, answered as a tool error (not a protocol error). */
export class ToolInputError extends Error {}

/** Runs a tool: JSON text on success; a tool error naming the problem for bad input or a missing message. */
export async function run(fn: () => Promise<unknown>): Promise<ToolResult> {
  try {
    return { content: [{ type: 'text', text: JSON.stringify(await fn(), null, 2) }] };
  } catch (err) {
    if (err instanceof ToolInputError || isDevmailError(err, 'not_found') || isDevmailError(err, 'bad_request')) {
      return { content: [{ type: 'text', text: (err as Error).message }], isError: true };
    }
    throw err;
  }
}
