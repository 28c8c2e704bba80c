import type { RouteEntry } from '../../route-types.js';
import {
  deleteInbucketMessage,
  getInbucketMessage,
  getInbucketSource,
  listInbucketMailbox,
  markInbucketMessage,
  purgeInbucketMailbox,
} from './routes.js';
import * as schemas from './schemas.js';

/** Inbucket's REST API v1 on devmail's port: one mailbox per recipient local part. */
export function inbucketRoutes(): RouteEntry[] {
  return [
    { method: 'GET', url: '/api/v1/mailbox/:name', schema: schemas.listSchema, handler: listInbucketMailbox },
    { method: 'DELETE', url: '/api/v1/mailbox/:name', schema: schemas.purgeSchema, handler: purgeInbucketMailbox },
    { method: 'GET', url: '/api/v1/mailbox/:name/:id', schema: schemas.getSchema, handler: getInbucketMessage },
    { method: 'PATCH', url: '/api/v1/mailbox/:name/:id', schema: schemas.markSchema, handler: markInbucketMessage },
    { method: 'DELETE', url: '/api/v1/mailbox/:name/:id', schema: schemas.deleteSchema, handler: deleteInbucketMessage },
    { method: 'GET', url: '/api/v1/mailbox/:name/:id/source', schema: schemas.sourceSchema, handler: getInbucketSource },
  ];
}
