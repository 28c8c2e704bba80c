import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { loadMessage, resolveMessageId } from '../resolve-message.js';
import { contentCheckOf } from '../routes/checks.js';
import { messageIdArg as id, run } from './tool-result.js';

/**
 * The checks' results as MCP tools, each the JSON of its REST route: html_check, link_check,
 * lint and auth_check always; spam_check and rspamd_check only when their engine is
 * configured, so a client is not offered a tool that can only fail. Results share the routes'
 * cache; link_check obeys the same SSRF rule (internal addresses refused unless
 * --allow-internal-http-requests).
 */
export function registerCheckTools(server: McpServer, ctx: ApiContext): void {
  server.registerTool(
    'html_check',
    {
      title: 'HTML and CSS support across mail clients',
      description: "Every HTML element, attribute and CSS property the message uses, with its support per mail client (caniemail data) and overall scores; Mailpit's html-check shape.",
      inputSchema: { id },
    },
    ({ id: messageId }) => run(async () => contentCheckOf(ctx, await resolveMessageId(ctx, messageId), 'html-check')),
  );

  server.registerTool(
    'link_check',
    {
      title: 'Link status',
      description: "The HTTP status of every link and image URL in the message (HEAD, then GET); `follow` follows redirects. Mailpit's link-check shape.",
      inputSchema: { id, follow: z.boolean().default(false) },
    },
    ({ id: messageId, follow }) =>
      run(async () => {
        const urls = await contentCheckOf(ctx, await resolveMessageId(ctx, messageId), 'link-urls');
        return ctx.checks.links.check(urls, follow);
      }),
  );

  server.registerTool(
    'lint',
    {
      title: 'Lint a message',
      description: 'Findings on headers, bodies, parts and charsets (missing List-Unsubscribe, images without alt, Gmail clipping, …), each with severity, message and location.',
      inputSchema: { id },
    },
    ({ id: messageId }) => run(async () => contentCheckOf(ctx, await resolveMessageId(ctx, messageId), 'lint')),
  );

  server.registerTool(
    'auth_check',
    {
      title: 'Authentication results',
      description: 'DKIM, SPF, DMARC and ARC verdicts as a receiving server would judge them; CannotVerify when DNS could not be reached.',
      inputSchema: { id },
    },
    ({ id: messageId }) => run(async () => ctx.engineChecks.authentication(await loadMessage(ctx, messageId))),
  );

  if (ctx.engineChecks.enabled.spamAssassin) {
    server.registerTool(
      'spam_check',
      {
        title: 'SpamAssassin score',
        description: "SpamAssassin's verdict: spam or not, score and each rule that fired; Mailpit's sa-check shape.",
        inputSchema: { id },
      },
      ({ id: messageId }) => run(async () => ctx.engineChecks.spamAssassin(await loadMessage(ctx, messageId))),
    );
  }

  if (ctx.engineChecks.enabled.rspamd) {
    server.registerTool(
      'rspamd_check',
      {
        title: 'Rspamd score',
        description: "Rspamd's verdict: spam or not, score, action and each symbol.",
        inputSchema: { id },
      },
      ({ id: messageId }) => run(async () => ctx.engineChecks.rspamd(await loadMessage(ctx, messageId))),
    );
  }
}
