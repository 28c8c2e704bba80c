import type { RouteEntry } from '../../route-types.js';
import * as routes from './routes.js';
import * as schemas from './schemas.js';

/**
 * MailDev's API on devmail's port: 2.x at the root (`/email…`, `/config`, `/healthz`) and 3.x
 * under `/api` (the same plus `/api/email/summary` and `POST /api/email/delete`). Relay
 * (`POST /email/{id}/relay`) belongs to the relay module.
 */
export function mailDevRoutes(): RouteEntry[] {
  return [
    ...emailRoutes(''),
    ...emailRoutes('/api'),
    { method: 'GET', url: '/api/email/summary', schema: schemas.summarySchema, handler: routes.listMailDevSummaries },
    { method: 'POST', url: '/api/email/delete', schema: schemas.deleteManySchema, handler: routes.deleteMailDevEmails },
  ];
}

function emailRoutes(prefix: string): RouteEntry[] {
  return [
    { method: 'GET', url: `${prefix}/email`, schema: schemas.listSchema, handler: routes.listMailDevEmails },
    { method: 'DELETE', url: `${prefix}/email/all`, schema: schemas.deleteAllSchema, handler: routes.deleteAllMailDevEmails },
    { method: 'PATCH', url: `${prefix}/email/read-all`, schema: schemas.readAllSchema, handler: routes.readAllMailDevEmails },
    { method: 'GET', url: `${prefix}/email/:id`, schema: schemas.getSchema, handler: routes.getMailDevEmail },
    { method: 'DELETE', url: `${prefix}/email/:id`, schema: schemas.deleteSchema, handler: routes.deleteMailDevEmail },
    { method: 'GET', url: `${prefix}/email/:id/html`, schema: schemas.htmlSchema, handler: routes.getMailDevHtml },
    { method: 'GET', url: `${prefix}/email/:id/source`, schema: schemas.sourceSchema, handler: routes.getMailDevSource },
    { method: 'GET', url: `${prefix}/email/:id/download`, schema: schemas.downloadSchema, handler: routes.downloadMailDevEmail },
    {
      method: 'GET',
      url: `${prefix}/email/:id/attachment/:filename`,
      schema: schemas.attachmentSchema,
      handler: routes.getMailDevAttachment,
    },
    { method: 'GET', url: `${prefix}/config`, schema: schemas.configSchema, handler: routes.getMailDevConfig },
    // Open like MailDev's own: probes carry no credentials.
    { method: 'GET', url: `${prefix}/healthz`, schema: schemas.healthzSchema, handler: routes.mailDevHealthz, open: true },
  ];
}
