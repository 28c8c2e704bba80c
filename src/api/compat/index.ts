import type { RouteEntry } from '../route-types.js';
import { mailHogRoutes } from './mailhog/index.js';
import { inbucketRoutes } from './inbucket/index.js';
import { mailDevRoutes } from './maildev/index.js';

export { isMailHogBulkDelete } from './mailhog/index.js';

/**
 * The drop-in layers for clients written against other sandboxes, on the same port as the
 * native API and answering in their originals' JSON shapes. Registered as ordinary API routes,
 * so they win over the UI's static fallback.
 */
export function compatRoutes(): RouteEntry[] {
  return [...mailHogRoutes(), ...mailDevRoutes(), ...inbucketRoutes()];
}
