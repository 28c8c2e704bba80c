import { CheckResultCache, LinkChecker } from '../checks/index.js';
import type { ApiDeps } from './context.js';

/** The checks' state, one per app: results cached per message, and the link checker. */
export interface CheckServices {
  /** html-check, lint and calendar results by message; emptied as messages go. */
  cache: CheckResultCache;
  links: LinkChecker;
  /** Stops following deletions. */
  close(): void;
}

/** Creates the checks' state for one app. */
export function createCheckServices(deps: Pick<ApiDeps, 'bus' | 'config' | 'version'>): CheckServices {
  const cache = new CheckResultCache();
  const stopFollowing = cache.followDeletions(deps.bus);
  const links = new LinkChecker({
    allowInternal: deps.config.allowInternalHttpRequests,
    userAgent: `devmail/${deps.version} (link check)`,
  });
  return { cache, links, close: stopFollowing };
}
