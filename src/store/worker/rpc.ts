import { DevmailError, type DevmailErrorCode } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { StoredMessage } from '../../core/types.js';
import type { IndexerModule, Store } from '../store.js';
import type { SqliteStoreOptions } from '../sqlite/open-sqlite-store.js';

/** Store methods called over RPC (plus the scan cursor and close, which the worker handles itself). */
export type StoreMethod =
  | Exclude<keyof Store, 'info' | 'scan' | 'close'>
  | 'scanOpen'
  | 'scanNext'
  | 'scanClose'
  | 'close'
  | 'crashForTest';

/**
 * How a test makes the store thread die (see testing.ts): at once, after blocking it `stallMs`,
 * or once the next insert has committed.
 */
export type CrashRequest =
  | {
      /** 'throw': an uncaught error; 'exit': `process.exit` in the thread. */
      how: 'throw' | 'exit';
      /** Block the thread this long first, so calls made meanwhile are in flight when it dies. */
      stallMs?: number;
    }
  | {
      /** `process.exit` in the thread as soon as the next insert has committed, before any answer of its group leaves. */
      how: 'exit-after-commit';
    };

/** One call from the main thread. `now` is the caller's clock (ms) when it has its own. */
export interface Call {
  id: number;
  method: StoreMethod;
  args: unknown[];
  now?: number;
}

/** An error as it crosses threads: enough to rebuild the same DevmailError. */
export interface WireError {
  name: string;
  message: string;
  code?: DevmailErrorCode;
}

/** What the worker sends: answers, log lines (pino JSON), and its start-up outcome. */
export type WorkerItem =
  | { t: 'ok'; id: number; value: unknown }
  | { t: 'err'; id: number; error: WireError }
  | { t: 'log'; line: string }
  | { t: 'ready'; location: string }
  | { t: 'failed'; error: WireError };

/** The store worker's start-up data: SQLite options without functions, and the indexer by module. */
export interface WorkerInit {
  options: Omit<SqliteStoreOptions, 'indexer' | 'logger' | 'now'>;
  indexer: { module: string; export: string; options?: unknown };
  logLevel: string;
  /** True when the main thread sends its clock with every call (tests set `now`). */
  callerClock: boolean;
}

/** A scan page: up to a page of messages, and whether the scan is over. */
export interface ScanPage {
  messages: StoredMessage[];
  done: boolean;
}

const codes = new Set<string>([
  'bad_request', 'not_found', 'conflict', 'unauthorized', 'forbidden', 'too_large',
  'storage_failed', 'unavailable', 'config_invalid', 'internal',
]);

/** Flattens an error for postMessage (structured clone drops a DevmailError's code). */
export function toWireError(err: unknown): WireError {
  if (err instanceof DevmailError) return { name: err.name, message: err.message, code: err.code };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** Rebuilds an error from the wire: the same DevmailError code and message, or a plain Error. */
export function fromWireError(wire: WireError): Error {
  if (wire.code && codes.has(wire.code)) return new DevmailError(wire.code, wire.message);
  const err = new Error(wire.message);
  err.name = wire.name;
  return err;
}

/** Structured clone turns a Buffer into a plain Uint8Array; this views the same bytes as a Buffer. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A stored message back from the wire, its raw bytes a Buffer again. */
export function reviveStored(m: StoredMessage): StoredMessage {
  m.raw = asBuffer(m.raw);
  return m;
}

/** The href of an indexer module, for the worker (a URL object does not survive cloning). */
export function indexerHref(spec: IndexerModule): WorkerInit['indexer'] {
  return { module: new URL(spec.module).href, export: spec.export, options: spec.options };
}

/**
 * Queues items and posts them as one array once the current callback's promise reactions have
 * run: what one callback queues (a group commit's answers, the calls of one request) crosses in
 * one postMessage, and nothing waits for the rest of the event-loop turn. Posting per turn
 * instead (after the turn's I/O callbacks) batched more of the main thread's inserts but held
 * each one back: measured (`devmail load`, 20,000 messages of 2 KB, 10 reused sessions, 4
 * alternating runs each) 2,211–2,657 msg/s per turn, 2,526–2,615 per callback; at 50 sessions
 * 2,879–3,291 and 3,071–3,345.
 */
export class Outbox<T> {
  private items: T[] = [];
  private transfer: ArrayBuffer[] = [];
  private scheduled = false;

  constructor(private readonly post: (items: T[], transfer: ArrayBuffer[]) => void) {}

  /** Queues an item for this batch; `transfer` is moved with it, not copied. */
  push(item: T, transfer?: ArrayBuffer): void {
    this.items.push(item);
    if (transfer) this.transfer.push(transfer);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Posts what is queued now. */
  flush(): void {
    this.scheduled = false;
    if (this.items.length === 0) return;
    const { items, transfer } = this;
    this.items = [];
    this.transfer = [];
    this.post(items, transfer);
  }
}

/**
 * The raw bytes of a message as one exact-size ArrayBuffer, to transfer. Structured clone would
 * copy a Buffer's whole backing store — often a larger socket chunk or the shared pool — and
 * the store thread keeps these bytes queued for the index, so it must receive only the message.
 */
export function tightCopy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** Re-logs a pino JSON line from the worker through the main thread's logger (its format, its bindings). */
export function relayLog(logger: Logger, line: string): void {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const { level, msg, time: _time, ...fields } = record;
  const label = logger.levels.labels[Number(level)] ?? 'info';
  const log = (logger as unknown as Record<string, (obj: object, msg?: string) => void>)[label];
  log?.call(logger, fields, typeof msg === 'string' ? msg : undefined);
}
