import type { RouteEntry } from '../../route-types.js';
import {
  deleteMailHogMessage,
  downloadMailHogMessage,
  getMailHogMessage,
  listMailHogMessages,
  searchMailHogMessages,
} from './routes.js';
import * as schemas from './schemas.js';
import { deleteJim, getJim, inviteJim, updateJim } from './jim.js';
import * as jimSchemas from './jim-schemas.js';

export { isMailHogBulkDelete } from './routes.js';

/**
 * MailHog's API on devmail's port. `DELETE /api/v1/messages` (delete all) is Mailpit's route,
 * which answers MailHog's client as MailHog would; `GET /api/v1/messages` stays Mailpit's list.
 * Jim (`/api/v2/jim`) drives the chaos rule engine; release (`POST /api/v1/messages/{id}/release`)
 * belongs to the relay routes (`compat/relay-routes.ts`).
 */
export function mailHogRoutes(): RouteEntry[] {
  return [
    { method: 'GET', url: '/api/v2/messages', schema: schemas.listSchema, handler: listMailHogMessages },
    { method: 'GET', url: '/api/v2/search', schema: schemas.searchSchema, handler: searchMailHogMessages },
    { method: 'GET', url: '/api/v1/messages/:id', schema: schemas.getSchema, handler: getMailHogMessage },
    { method: 'DELETE', url: '/api/v1/messages/:id', schema: schemas.deleteSchema, handler: deleteMailHogMessage },
    { method: 'GET', url: '/api/v1/messages/:id/download', schema: schemas.downloadSchema, handler: downloadMailHogMessage },
    { method: 'GET', url: '/api/v2/jim', schema: jimSchemas.getJimSchema, handler: getJim },
    { method: 'POST', url: '/api/v2/jim', schema: jimSchemas.inviteJimSchema, handler: inviteJim },
    { method: 'PUT', url: '/api/v2/jim', schema: jimSchemas.updateJimSchema, handler: updateJim },
    { method: 'DELETE', url: '/api/v2/jim', schema: jimSchemas.deleteJimSchema, handler: deleteJim },
  ];
}
