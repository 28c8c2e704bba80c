import type { EventBus } from '../core/bus.js';
import type { Logger } from '../core/logger.js';
import type { CaptureSource, Envelope } from '../core/types.js';
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
      const { id } = await deps.store.insert({
        inbox: DEFAULT_INBOX,
        raw: normalised.raw,
        headers: normalised.headers,
        envelope: input.envelope,
        source: input.source,
        tags,
        username: input.envelope.authUser ?? '',
      });
      announcer.announce(id);
      return { id };
    },
    settled: () => announcer.settled(),
  };
}

/**
 * Publishes `message.created` off the ack path: the summary is read back once the deferred
 * index has it (snippet, attachment count), so subscribers see what the list shows.
 * Announcements keep arrival order. The messages captured while one read-back runs are read
 * back together, in one store call: one hop to the store thread, one index drain and one query
 * for the lot. (`stats.changed` follows from the stats announcer.)
 */
function createAnnouncer(store: Store, bus: EventBus, log: Logger) {
  let waiting: string[] = [];
  let running: Promise<void> | null = null;
  const readBack = (ids: string[]) =>
    store.getSummaries(ids).catch((err: unknown) => {
      log.warn({ err, messages: ids.length }, 'could not announce captured messages');
      return [];
    });
  const run = async () => {
    while (waiting.length > 0) {
      const ids = waiting;
      waiting = [];
      for (const summary of await readBack(ids)) bus.publish('message.created', { summary });
    }
    running = null;
  };
  return {
    announce(id: string): void {
      waiting.push(id);
      running ??= run();
    },
    /** Resolves once every message announced so far has been published (or given up). */
    settled(): Promise<void> {
      return running ?? Promise.resolve();
    },
  };
}
