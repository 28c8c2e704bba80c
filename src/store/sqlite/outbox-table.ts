import type { Job, JobKind, JobQuery, JobState, JobUpdate, NewJob, Webhook } from '../store.js';
import type { StatementCache } from './statement-cache.js';

interface JobRow {
  id: number;
  kind: JobKind;
  target: string;
  message_id: string;
  payload: string;
  state: JobState;
  attempts: number;
  next_attempt: number | null;
  last_error: string | null;
  last_result: string | null;
  created: number;
  updated: number;
}

interface WebhookRow {
  id: string;
  url: string;
  secret: string;
  inbox: string;
  query: string;
  created: number;
}

const defaultLimit = 100;

/** The SQL of outbox jobs and webhooks. Each method runs inside the caller's transaction. */
export class OutboxTable {
  constructor(private readonly sql: StatementCache) {}

  addJob(job: NewJob, nowMs: number): Job {
    const row = this.sql
      .get(
        `INSERT INTO outbox (kind, target, message_id, payload, state, attempts, next_attempt, created, updated)
         VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) RETURNING *`,
      )
      .get(job.kind, job.target, job.messageId, JSON.stringify(job.payload ?? null), job.nextAttemptAt ?? nowMs, nowMs, nowMs) as JobRow;
    return toJob(row);
  }

  listJobs(query: JobQuery): Job[] {
    const clauses = ['kind = ?'];
    const params: unknown[] = [query.kind];
    if (query.target !== undefined) {
      clauses.push('target = ?');
      params.push(query.target);
    }
    if (query.states && query.states.length > 0) {
      clauses.push('state IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(query.states));
    }
    if (query.firstPerTarget) {
      // The same filter again, grouped: each target's lowest ID (served by outbox_target).
      clauses.push(`id IN (SELECT MIN(id) FROM outbox WHERE ${clauses.join(' AND ')} GROUP BY target)`);
      params.push(...params);
    }
    const limit = query.limit ?? defaultLimit;
    const rows = this.sql
      .get(`SELECT * FROM outbox WHERE ${clauses.join(' AND ')} ORDER BY id ${query.newestFirst ? 'DESC' : 'ASC'} LIMIT ?`)
      .all(...params, limit === 0 ? -1 : limit) as JobRow[];
    return rows.map(toJob);
  }

  getJob(id: number): Job | null {
    const row = this.sql.get('SELECT * FROM outbox WHERE id = ?').get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  updateJob(id: number, u: JobUpdate, nowMs: number): Job | null {
    const row = this.sql
      .get(
        `UPDATE outbox SET state = ?, attempts = ?, next_attempt = ?, last_error = ?, last_result = ?, updated = ?
         WHERE id = ? RETURNING *`,
      )
      .get(u.state, u.attempts, u.nextAttemptAt, u.lastError, u.lastResult, nowMs, id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  pruneJobs(kind: JobKind, target: string, keep: number): number {
    return this.sql
      .get(
        `DELETE FROM outbox WHERE id IN (
           SELECT id FROM outbox WHERE kind = ? AND target = ? AND state != 'pending'
           ORDER BY id DESC LIMIT -1 OFFSET ?)`,
      )
      .run(kind, target, keep).changes;
  }

  listWebhooks(): Webhook[] {
    const rows = this.sql.get('SELECT * FROM webhooks ORDER BY created, id').all() as WebhookRow[];
    return rows.map((r) => ({ ...r, created: new Date(r.created) }));
  }

  saveWebhook(hook: Webhook): void {
    this.sql
      .get(
        `INSERT INTO webhooks (id, url, secret, inbox, query, created) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, secret = excluded.secret, inbox = excluded.inbox, query = excluded.query`,
      )
      .run(hook.id, hook.url, hook.secret, hook.inbox, hook.query, hook.created.getTime());
  }

  deleteWebhook(id: string): boolean {
    const gone = this.sql.get('DELETE FROM webhooks WHERE id = ?').run(id).changes > 0;
    this.sql.get(`DELETE FROM outbox WHERE kind = 'webhook' AND target = ?`).run(id);
    return gone;
  }
}

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    target: r.target,
    messageId: r.message_id,
    payload: JSON.parse(r.payload) as unknown,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt,
    lastError: r.last_error,
    lastResult: r.last_result,
    created: new Date(r.created),
    updated: new Date(r.updated),
  };
}
