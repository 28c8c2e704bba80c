import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { parseMessage } from '../../mime/index.js';
import { announceDeleted, announceTruncated } from '../announce-changes.js';
import type { ApiContext } from '../context.js';
import { toMailpitMessage, toMailpitSummary } from '../mapping/mailpit.js';
import { loadMessage } from '../resolve-message.js';
import { extractCodes, extractLinks } from './message-links.js';
import { waitForMessage } from './wait-for-message.js';
import { registerCheckTools } from './check-tools.js';
import { messageIdArg as id, run, ToolInputError } from './tool-result.js';

/** Longest wait a client may ask for; the HTTP request stays open meanwhile. */
const MAX_WAIT_MS = 300_000;
/** Longest custom code pattern, to keep a caller's regular expression small. */
const MAX_PATTERN_CHARS = 200;

/**
 * The MCP tools: list, search, read, wait for and delete messages, and read links and one-time
 * codes, and the checks' results (`check-tools.ts`). Each answers JSON text in the REST API's
 * shapes (Mailpit's PascalCase). Reading here does not mark a message read, so an MCP client
 * does not change what a person sees.
 */
export function registerMcpTools(server: McpServer, ctx: ApiContext): void {
  server.registerTool(
    'list_messages',
    {
      title: 'List messages',
      description: 'Captured messages, newest first, with the total and unread counts.',
      inputSchema: { limit: z.number().int().min(1).max(500).default(20), start: z.number().int().min(0).default(0) },
    },
    ({ limit, start }) => run(async () => listPage(ctx, { limit, start })),
  );

  server.registerTool(
    'search_messages',
    {
      title: 'Search messages',
      description: 'Messages matching a search, newest first. Search language: free text, "phrases", to: from: subject: tag: is:unread has:attachment after: before: …',
      inputSchema: { query: z.string().min(1), limit: z.number().int().min(1).max(500).default(20) },
    },
    ({ query, limit }) => run(async () => listPage(ctx, { search: query, limit })),
  );

  server.registerTool(
    'get_message',
    {
      title: 'Read a message',
      description: 'One message: addresses, subject, date, text and HTML bodies, attachments (names and sizes).',
      inputSchema: { id },
    },
    ({ id: messageId }) =>
      run(async () => {
        const stored = await loadMessage(ctx, messageId);
        return toMailpitMessage(stored.summary, await parseMessage(stored.raw));
      }),
  );

  server.registerTool(
    'wait_for_message',
    {
      title: 'Wait for a message',
      description:
        'Waits until a message matching the search arrives (any message when the query is empty) and returns its summary; ' +
        'with `since` (RFC 3339), one already stored since then counts. Returns {"Found": false} when the time is up.',
      inputSchema: {
        query: z.string().default(''),
        timeoutMs: z.number().int().min(1).max(MAX_WAIT_MS).default(30_000),
        since: z.iso.datetime({ offset: true }).optional(),
      },
    },
    ({ query, timeoutMs, since }, extra) =>
      run(async () => {
        const found = await waitForMessage(ctx.store, ctx.bus, { query, timeoutMs, since: since ? new Date(since) : undefined, signal: extra.signal });
        return found ? { Found: true, Message: toMailpitSummary(found) } : { Found: false };
      }),
  );

  server.registerTool(
    'delete_messages',
    {
      title: 'Delete messages',
      description: 'Deletes the given IDs, or the messages matching a search, or (all: true) every message. Give exactly one of them.',
      inputSchema: { ids: z.array(z.string().min(1)).optional(), query: z.string().optional(), all: z.boolean().optional() },
      annotations: { destructiveHint: true },
    },
    ({ ids, query, all }) =>
      run(async () => {
        const given = [ids !== undefined && ids.length > 0, Boolean(query?.trim()), all === true].filter(Boolean).length;
        if (given !== 1) throw new ToolInputError('give exactly one of ids, query or all: true');
        if (all) {
          const deleted = await ctx.store.delete({ all: true });
          announceTruncated(ctx, deleted.length);
          return { Deleted: deleted.length };
        }
        const deleted = await ctx.store.delete(ids && ids.length > 0 ? { ids } : { search: (query ?? '').trim() });
        announceDeleted(ctx, deleted);
        return { Deleted: deleted.length, IDs: deleted };
      }),
  );

  server.registerTool(
    'get_links',
    {
      title: 'Links in a message',
      description: 'Every http(s) and mailto link in the HTML (with its text) and the text part, de-duplicated, in order.',
      inputSchema: { id },
    },
    ({ id: messageId }) =>
      run(async () => {
        const stored = await loadMessage(ctx, messageId);
        const parsed = await parseMessage(stored.raw);
        return { ID: stored.summary.id, Links: extractLinks(parsed.html, parsed.text).map((l) => ({ URL: l.url, Text: l.text })) };
      }),
  );

  server.registerTool(
    'get_codes',
    {
      title: 'One-time codes in a message',
      description: 'Codes of 4 to 8 digits standing alone in the subject and text, or what `pattern` (a regular expression; its first group if any) matches.',
      inputSchema: { id, pattern: z.string().min(1).max(MAX_PATTERN_CHARS).optional() },
    },
    ({ id: messageId, pattern }) =>
      run(async () => {
        let re: RegExp | undefined;
        if (pattern) {
          try {
            re = new RegExp(pattern, 'g');
          } catch (err) {
            throw new ToolInputError(`pattern is not a valid regular expression: ${(err as Error).message}`);
          }
        }
        const stored = await loadMessage(ctx, messageId);
        const parsed = await parseMessage(stored.raw);
        const text = parsed.text || parsed.snippet;
        return { ID: stored.summary.id, Codes: extractCodes(stored.summary.subject, text, re) };
      }),
  );

  registerCheckTools(server, ctx);
}

async function listPage(ctx: ApiContext, query: { search?: string; limit: number; start?: number }) {
  const page = await ctx.store.list(query);
  return { total: page.total, unread: page.unread, count: page.messages.length, messages_count: page.matching, start: page.start, messages: page.messages.map(toMailpitSummary) };
}
