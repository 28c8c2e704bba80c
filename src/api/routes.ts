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
import type { UiFiles } from './ui/ui-files.js';
import { serveUiPage } from './ui/ui-page.js';
import * as messagesSchemas from './schemas/messages.js';
import * as messageSchemas from './schemas/message.js';
import { sendSchema } from './schemas/send.js';
import * as tagSchemas from './schemas/tags.js';
import * as infoSchemas from './schemas/info.js';

/** The UI's pages are not part of the API document. */
const uiPageSchema = { hide: true };

/** What the table needs beyond the per-request context. */
export interface RouteTableDeps {
  live: LiveFeed;
  metrics: ApiMetrics;
  isClosing: () => boolean;
  /** The built web UI, or null when it is not built. */
  ui: UiFiles | null;
}

/**
 * Every route the API serves, top to bottom: Mailpit's REST API v1 (same paths, fields and
 * quirks), the views, the live feed and the probes. Paths are below the webroot.
 */
export function routeTable({ live, metrics: apiMetrics, isClosing, ui }: RouteTableDeps): RouteEntry[] {
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

    // tags
    { method: 'GET', url: '/api/v1/tags', schema: tagSchemas.getTagsSchema, handler: getTags },
    { method: 'PUT', url: '/api/v1/tags', schema: tagSchemas.setTagsSchema, handler: setTags },
    { method: 'PUT', url: '/api/v1/tags/:Tag', schema: tagSchemas.renameTagSchema, handler: renameTag },
    { method: 'DELETE', url: '/api/v1/tags/:Tag', schema: tagSchemas.deleteTagSchema, handler: deleteTag },

    // application
    { method: 'GET', url: '/api/v1/info', schema: infoSchemas.infoSchema, handler: getInfo },
    { method: 'GET', url: '/api/v1/webui', schema: infoSchemas.webUiSchema, handler: getWebUiConfig },

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

    // probes and metrics
    { method: 'GET', url: '/livez', schema: infoSchemas.livezSchema, handler: livez, open: true },
    { method: 'GET', url: '/readyz', schema: infoSchemas.readyzSchema, handler: readyz(isClosing), open: true },
    { method: 'GET', url: '/metrics', schema: infoSchemas.metricsSchema, handler: metrics(apiMetrics) },

    // the web UI's page for each of its routes (as Mailpit's, so bookmarks carry over); assets under /assets/
    { method: 'GET', url: '/', schema: uiPageSchema, handler: uiPage },
    { method: 'GET', url: '/view/:ID', schema: uiPageSchema, handler: uiPage },
    { method: 'GET', url: '/search', schema: uiPageSchema, handler: uiPage },
  ];
}
