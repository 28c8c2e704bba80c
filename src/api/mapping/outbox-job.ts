import type { Job } from '../../store/store.js';
import { toRfc3339 } from './mailpit.js';

/** Where a delivery job stands, in the API's PascalCase: shared by relay jobs and webhook deliveries. */
export function toJobStateView(job: Job) {
  return {
    Status: job.state,
    Attempts: job.attempts,
    NextAttempt: job.nextAttemptAt === null ? null : toRfc3339(new Date(job.nextAttemptAt)),
    LastError: job.lastError,
    LastResult: job.lastResult,
    Created: toRfc3339(job.created),
    Updated: toRfc3339(job.updated),
  };
}
