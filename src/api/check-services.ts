import { createCheckThread, LinkChecker, type CheckResultCache, type CheckThread } from '../checks/index.js';
import type { ApiDeps } from './context.js';

/** The checks' state, one per app: results cached per message, the check thread, the link checker. */
export interface CheckServices {
  /** html-check, lint and calendar results by message: the one cache every check shares (emptied as messages go). */
  cache: CheckResultCache;
  /** Runs the CPU-bound checks off the main thread, which serves SMTP. */
  thread: CheckThread;
  links: LinkChecker;
  /** Stops the check thread. */
  close(): Promise<void>;
}

/** Creates the checks' state for one app. */
export function createCheckServices(deps: Pick<ApiDeps, 'checkCache' | 'config' | 'version'>): CheckServices {
  const cache = deps.checkCache;
  const thread = createCheckThread();
  const links = new LinkChecker({
    allowInternal: deps.config.allowInternalHttpRequests,
    timeoutMs: deps.config.linkCheckTimeoutMs,
    userAgent: `devmail/${deps.version} (link check)`,
  });
  return {
    cache,
    thread,
    links,
    async close() {
      await thread.close();
    },
  };
}
