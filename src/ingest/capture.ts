import { setImmediate as nextTurn } from 'node:timers/promises';
import type { EventBus } from '../core/bus.js';
import type { Logger } from '../core/logger.js';
import type { CaptureSource, Envelope, MessageSummary } from '../core/types.js';
import { normaliseMessage } from '../mime/index.js';
import type { Store } from '../store/index.js';
import { deriveTags } from './tags.js';

/** A message arriving by any path: SMTP, `POST /api/v1/send`, or `devmail ingest`. */
export interface CaptureInput {
  envelope: Envelope;
  raw: Buffer;
  source: CaptureSource;
  /** Tags the caller asks for, on top of the automatic ones. */
  tags?: string[];
}

/** The only way into storage. */
export interface Ingest {
  /** Normalises, tags and stores a message; resolves with its ID once it is durable. */
  capture(input: CaptureInput): Promise<{ id: string }>;
  /** Resolves once every capture so far has been announced on the bus (call before closing the store). */
  settled(): Promise<void>;
}

/** What capture needs. */
export interface IngestDeps {
  store: Store;
  bus: EventBus;
  logger: Logger;
  /** devmail's host name, for the Received header. */
  hostname: string;
  now?: () => Date;
}

/** The inbox every message goes to until inbox routing exists. */
export const DEFAULT_INBOX = 'default';

/** Builds the capture path: normalise → tag → store (durable) → publish. */
export function createIngest(deps: IngestDeps): Ingest {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ subsystem: 'ingest' });
  const announcer = createAnnouncer(deps.store, deps.bus, log);

  return {
    async capture(input) {
      const normalised = normaliseMessage(input.raw, input.envelope, {
        hostname: deps.hostname,
        source: input.source,
        now: now(),
      });
      const tags = deriveTags(normalised.fields, normalised.headers, input.envelope, input.tags);
      const { id, summary } = await deps.store.insert({
        inbox: DEFAULT_INBOX,
        raw: normalised.raw,
        headers: normalised.headers,
        envelope: input.envelope,
        source: input.source,
        tags,
        username: input.envelope.authUser ?? '',
      });
      announcer.announce(id, summary);
      return { id };
    },
    settled: () => announcer.settled(),
  };
}

/**
 * Publishes `message.created` with the summary the list shows, off the ack path: in a later
 * turn of the event loop, so the 250s of a group commit all go out before any subscriber runs.
 * A message the store indexed as it stored it comes with that summary. Otherwise its summary is
 * read back once the deferred index has it (snippet, attachment count); the messages captured
 * meanwhile are read back together, in one store call (one hop to the store thread, one index
 * drain, one query). Announcements keep arrival order. (`stats.changed` follows from the stats
 * announcer.)
 */
function createAnnouncer(store: Store, bus: EventBus, log: Logger) {
  let waiting: Array<{ id: string; summary: MessageSummary | null }> = [];
  let running: Promise<void> | null = null;
  const readBack = async (ids: string[]): Promise<Map<string, MessageSummary>> => {
    if (ids.length === 0) return new Map();
    try {
      return new Map((await store.getSummaries(ids)).map((s) => [s.id, s]));
    } catch (err) {
      log.warn({ err, messages: ids.length }, 'could not announce captured messages');
      return new Map();
    }
  };
  const run = async () => {
    await nextTurn();
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      const read = await readBack(batch.filter((w) => w.summary === null).map((w) => w.id));
      for (const w of batch) {
        const summary = w.summary ?? read.get(w.id);
        if (summary) bus.publish('message.created', { summary });
      }
    }
    running = null;
  };
  return {
    announce(id: string, summary: MessageSummary | null): void {
      waiting.push({ id, summary });
      running ??= run();
    },
    /** Resolves once every message announced so far has been published (or given up). */
    settled(): Promise<void> {
      return running ?? Promise.resolve();
    },
  };
}
