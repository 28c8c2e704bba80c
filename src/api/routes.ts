import type { LiveFeed } from './live/events-socket.js';
import type { ApiMetrics } from './metrics.js';
import type { RouteEntry } from './route-types.js';
import { deleteMessages, listMessages, setReadStatus } from './routes/messages.js';
import { deleteSearch, searchMessages } from './routes/search.js';
import { getHeaders, getMessage, getMessagePart, getRaw } from './routes/message.js';
import { SEND_BODY_LIMIT_BYTES, sendMessage } from './routes/send.js';
import { deleteTag, getTags, renameTag, setTags } from './routes/tags.js';
import { getInfo, getWebUiConfig } from './routes/info.js';
import { viewHtml, viewText } from './routes/view.js';
import { livez, metrics, readyz } from './routes/probes.js';
import { upgradeRequired } from './live/upgrade-required.js';
import { getAuthCheck, getPartThumbnail, getRspamdCheck, getScreenshot, getSpamAssassinCheck } from './routes/engine-checks.js';
import * as engineCheckSchemas from './schemas/engine-checks.js';
import { getCalendar, getHtmlCheck, getLinkCheck, getLint } from './routes/checks.js';
import type { UiFiles } from './ui/ui-files.js';
import { serveUiPage } from './ui/ui-page.js';
import * as messagesSchemas from './schemas/messages.js';
import * as messageSchemas from './schemas/message.js';
import { sendSchema } from './schemas/send.js';
import * as tagSchemas from './schemas/tags.js';
import * as infoSchemas from './schemas/info.js';
import { addChaosRule, deleteChaosRule, deleteChaosRules, getChaos, getChaosRule, listChaosRules, setChaos } from './routes/chaos.js';
import { getSession, listSessions } from './routes/sessions.js';
import * as chaosSchemas from './schemas/chaos.js';
import * as sessionSchemas from './schemas/sessions.js';
import { waitForMessage } from './routes/wait.js';
import { waitSchema } from './schemas/wait.js';
import type { MessageWaiters } from './wait/message-waiters.js';
import { compatRoutes } from './compat/index.js';
import { getRelayJob, listRelayQueue, releaseMessage, retryRelayJob } from './routes/relay.js';
import * as relaySchemas from './schemas/relay.js';
import { relayCompatRoutes } from './compat/relay-routes.js';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, updateWebhook } from './routes/webhooks.js';
import * as webhookSchemas from './schemas/webhooks.js';
import { handleMcp, mcpMethodNotAllowed } from './mcp/mcp-route.js';
import { mcpOtherSchema, mcpSchema } from './schemas/mcp.js';
import * as checkSchemas from './schemas/checks.js';

/** The UI's pages are not part of the API document. */
const uiPageSchema = { hide: true };

/** What the table needs beyond the per-request context. */
export interface RouteTableDeps {
  live: LiveFeed;
  metrics: ApiMetrics;
  isClosing: () => boolean;
  /** Parked long-polls of GET /api/v1/wait. */
  waiters: MessageWaiters;
  /** The built web UI, or null when it is not built. */
  ui: UiFiles | null;
}

/**
 * Every route the API serves, top to bottom: Mailpit's REST API v1 (same paths, fields and
 * quirks), the views, the live feed and the probes. Paths are below the webroot.
 */
export function routeTable({ live, metrics: apiMetrics, isClosing, waiters, ui }: RouteTableDeps): RouteEntry[] {
  const uiPage = serveUiPage(ui);
  return [
    // messages
    { method: 'GET', url: '/api/v1/messages', schema: messagesSchemas.listMessagesSchema, handler: listMessages },
    { method: 'PUT', url: '/api/v1/messages', schema: messagesSchemas.setReadSchema, handler: setReadStatus },
    { method: 'DELETE', url: '/api/v1/messages', schema: messagesSchemas.deleteMessagesSchema, handler: deleteMessages },
    { method: 'GET', url: '/api/v1/search', schema: messagesSchemas.searchSchema, handler: searchMessages },
    { method: 'DELETE', url: '/api/v1/search', schema: messagesSchemas.deleteSearchSchema, handler: deleteSearch },

    // one message ({ID} may be "latest", narrowed by ?query=)
    { method: 'GET', url: '/api/v1/message/:ID', schema: messageSchemas.getMessageSchema, handler: getMessage },
    { method: 'GET', url: '/api/v1/message/:ID/headers', schema: messageSchemas.getHeadersSchema, handler: getHeaders },
    { method: 'GET', url: '/api/v1/message/:ID/raw', schema: messageSchemas.getRawSchema, handler: getRaw },
    { method: 'GET', url: '/api/v1/message/:ID/part/:PartID', schema: messageSchemas.getPartSchema, handler: getMessagePart },
    { method: 'POST', url: '/api/v1/send', schema: sendSchema, handler: sendMessage, bodyLimit: SEND_BODY_LIMIT_BYTES },

    // engine-backed checks of one message (spamd, Rspamd, DNS, Chromium, libvips), cached per message
    { method: 'GET', url: '/api/v1/message/:ID/sa-check', schema: engineCheckSchemas.saCheckSchema, handler: getSpamAssassinCheck },
    { method: 'GET', url: '/api/v1/message/:ID/rspamd-check', schema: engineCheckSchemas.rspamdCheckSchema, handler: getRspamdCheck },
    { method: 'GET', url: '/api/v1/message/:ID/auth-check', schema: engineCheckSchemas.authCheckSchema, handler: getAuthCheck },
    { method: 'GET', url: '/api/v1/message/:ID/screenshot', schema: engineCheckSchemas.screenshotSchema, handler: getScreenshot },
    { method: 'GET', url: '/api/v1/message/:ID/part/:PartID/thumb', schema: engineCheckSchemas.thumbnailSchema, handler: getPartThumbnail },

    // release and the relay queue
    { method: 'POST', url: '/api/v1/message/:ID/release', schema: relaySchemas.releaseSchema, handler: releaseMessage },
    { method: 'GET', url: '/api/v1/relay/queue', schema: relaySchemas.relayQueueSchema, handler: listRelayQueue },
    { method: 'GET', url: '/api/v1/relay/queue/:JobID', schema: relaySchemas.relayJobSchema, handler: getRelayJob },
    { method: 'POST', url: '/api/v1/relay/queue/:JobID/retry', schema: relaySchemas.retryRelayJobSchema, handler: retryRelayJob },

    // webhooks
    { method: 'GET', url: '/api/v1/webhooks', schema: webhookSchemas.listWebhooksSchema, handler: listWebhooks },
    { method: 'POST', url: '/api/v1/webhooks', schema: webhookSchemas.createWebhookSchema, handler: createWebhook },
    { method: 'GET', url: '/api/v1/webhooks/:HookID', schema: webhookSchemas.getWebhookSchema, handler: getWebhook },
    { method: 'PUT', url: '/api/v1/webhooks/:HookID', schema: webhookSchemas.updateWebhookSchema, handler: updateWebhook },
    { method: 'DELETE', url: '/api/v1/webhooks/:HookID', schema: webhookSchemas.deleteWebhookSchema, handler: deleteWebhook },
    { method: 'GET', url: '/api/v1/webhooks/:HookID/deliveries', schema: webhookSchemas.webhookDeliveriesSchema, handler: listDeliveries },

    // on-demand checks of one message (cached per message; see src/checks)
    { method: 'GET', url: '/api/v1/message/:ID/html-check', schema: checkSchemas.htmlCheckSchema, handler: getHtmlCheck },
    { method: 'GET', url: '/api/v1/message/:ID/link-check', schema: checkSchemas.linkCheckSchema, handler: getLinkCheck },
    { method: 'GET', url: '/api/v1/message/:ID/lint', schema: checkSchemas.lintSchema, handler: getLint },
    { method: 'GET', url: '/api/v1/message/:ID/calendar', schema: checkSchemas.calendarSchema, handler: getCalendar },

    // tags
    { method: 'GET', url: '/api/v1/tags', schema: tagSchemas.getTagsSchema, handler: getTags },
    { method: 'PUT', url: '/api/v1/tags', schema: tagSchemas.setTagsSchema, handler: setTags },
    { method: 'PUT', url: '/api/v1/tags/:Tag', schema: tagSchemas.renameTagSchema, handler: renameTag },
    { method: 'DELETE', url: '/api/v1/tags/:Tag', schema: tagSchemas.deleteTagSchema, handler: deleteTag },

    // application
    { method: 'GET', url: '/api/v1/info', schema: infoSchemas.infoSchema, handler: getInfo },
    { method: 'GET', url: '/api/v1/webui', schema: infoSchemas.webUiSchema, handler: getWebUiConfig },

    // failure injection: Mailpit's triggers, devmail's rules (MailHog's Jim is in the MailHog layer)
    { method: 'GET', url: '/api/v1/chaos', schema: chaosSchemas.getChaosSchema, handler: getChaos },
    { method: 'PUT', url: '/api/v1/chaos', schema: chaosSchemas.setChaosSchema, handler: setChaos },
    { method: 'GET', url: '/api/v1/chaos/rules', schema: chaosSchemas.listChaosRulesSchema, handler: listChaosRules },
    { method: 'POST', url: '/api/v1/chaos/rules', schema: chaosSchemas.addChaosRuleSchema, handler: addChaosRule },
    { method: 'DELETE', url: '/api/v1/chaos/rules', schema: chaosSchemas.deleteChaosRulesSchema, handler: deleteChaosRules },
    { method: 'GET', url: '/api/v1/chaos/rules/:ID', schema: chaosSchemas.getChaosRuleSchema, handler: getChaosRule },
    { method: 'DELETE', url: '/api/v1/chaos/rules/:ID', schema: chaosSchemas.deleteChaosRuleSchema, handler: deleteChaosRule },

    // SMTP session transcripts
    { method: 'GET', url: '/api/v1/sessions', schema: sessionSchemas.listSessionsSchema, handler: listSessions },
    { method: 'GET', url: '/api/v1/sessions/:ID', schema: sessionSchemas.getSessionSchema, handler: getSession },

    // views of captured content (sandboxed)
    { method: 'GET', url: '/view/:ID.html', schema: messageSchemas.viewHtmlSchema, handler: viewHtml },
    { method: 'GET', url: '/view/:ID.txt', schema: messageSchemas.viewTextSchema, handler: viewText },

    // live feed
    {
      method: 'GET',
      url: '/api/events',
      schema: infoSchemas.eventsSchema,
      handler: upgradeRequired,
      wsHandler: (_ctx, socket, request) => live.attach(socket, request),
    },

    // waiting for a message (devmail's own, for test suites and the SDK)
    { method: 'GET', url: '/api/v1/wait', schema: waitSchema, handler: waitForMessage(waiters) },

    // drop-in layers: MailHog, MailDev, Inbucket (their paths, their JSON shapes)
    ...compatRoutes(),

    // Model Context Protocol (streamable HTTP)
    { method: 'POST', url: '/mcp', schema: mcpSchema, handler: handleMcp },
    { method: ['GET', 'DELETE'], url: '/mcp', schema: mcpOtherSchema, handler: mcpMethodNotAllowed },

    // release in MailHog's and MailDev's shapes
    ...relayCompatRoutes(),

    // probes and metrics
    { method: 'GET', url: '/livez', schema: infoSchemas.livezSchema, handler: livez, open: true },
    { method: 'GET', url: '/readyz', schema: infoSchemas.readyzSchema, handler: readyz(isClosing), open: true },
    { method: 'GET', url: '/metrics', schema: infoSchemas.metricsSchema, handler: metrics(apiMetrics) },

    // the web UI's page for each of its routes (as Mailpit's, so bookmarks carry over); assets under /assets/
    { method: 'GET', url: '/', schema: uiPageSchema, handler: uiPage },
    { method: 'GET', url: '/view/:ID', schema: uiPageSchema, handler: uiPage },
    { method: 'GET', url: '/search', schema: uiPageSchema, handler: uiPage },
    // the UI's pages for SMTP sessions, chaos and the relay queue
    { method: 'GET', url: '/sessions', schema: uiPageSchema, handler: uiPage },
    { method: 'GET', url: '/sessions/:ID', schema: uiPageSchema, handler: uiPage },
    { method: 'GET', url: '/chaos', schema: uiPageSchema, handler: uiPage },
    { method: 'GET', url: '/relay', schema: uiPageSchema, handler: uiPage },
  ];
}
