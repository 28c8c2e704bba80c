import { EventBus } from '../core/bus.js';
import { isDevmailError } from '../core/errors.js';
import type { Envelope } from '../core/types.js';
import { createIngest, type Ingest } from '../ingest/index.js';
import { parseAddressList, readHeaderFields } from '../mime/index.js';
import { splitCommandArgs } from './command-args.js';
import { openCommandStore } from './command-store.js';
import { planMailSources, readMailFiles } from './mail-sources.js';
import { startProgress } from './progress.js';

const HELP = `Usage: devmail ingest [options] PATH...

Imports messages into devmail's store: .eml files, maildirs (cur/ and new/), mbox files
(mboxrd quoting undone), and folders of those, searched recursively.

Each message goes through the same capture path as SMTP. Its envelope sender is taken from
Return-Path (else From), its recipients from To, Cc and Bcc.

Options:
  --database PATH   the store to import into (as for "devmail serve"; env DEVMAIL_DATABASE)
  -h, --help        this help
`;

// Captures in flight at once: enough for the store's group commit to batch many messages into
// one transaction, few enough to keep memory flat on a large mbox.
const IN_FLIGHT = 32;
// Failures listed one by one in the summary; past this they are counted.
const FAILURES_LISTED = 20;

/** `devmail ingest PATH...`: returns 0 when every message was imported, 1 when some failed. */
export async function runIngest(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let split;
  try {
    split = splitCommandArgs(argv, { help: 'switch' });
  } catch (err) {
    process.stderr.write(`devmail ingest: ${(err as Error).message}\n`);
    return 2;
  }
  if (split.own.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (split.positionals.length === 0) {
    process.stderr.write(`devmail ingest: no PATH given\n\n${HELP}`);
    return 2;
  }

  const plan = await planMailSources(split.positionals);
  const failures = [...plan.problems];
  let opened;
  try {
    opened = await openCommandStore(split.config, env);
  } catch (err) {
    if (!isDevmailError(err, 'config_invalid')) throw err;
    process.stderr.write(`devmail ingest: ${err.message}\n`);
    return 2;
  }
  const { store, logger, config } = opened;
  let imported = 0;
  try {
    const bus = new EventBus();
    const ingest = createIngest({ store, bus, logger, hostname: config.smtp.hostname });
    let bytesRead = 0;
    const bar = startProgress({
      total: Math.max(1, plan.totalBytes),
      unit: 'bytes',
      read: () => ({ value: bytesRead, accepted: imported, failed: failures.length }),
    });
    const inFlight = new Set<Promise<void>>();
    for await (const item of readMailFiles(plan.files, (n) => (bytesRead += n))) {
      if (item.error !== undefined) {
        failures.push({ label: item.label, reason: item.error });
        continue;
      }
      const task = captureOne(ingest, item.raw, item.envelopeSender).then(
        () => void imported++,
        (err: unknown) => void failures.push({ label: item.label, reason: (err as Error)?.message ?? String(err) }),
      );
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await ingest.settled();
    await bar.stop();
  } finally {
    await store.close();
  }

  const lines = [`devmail ingest: ${imported} imported, ${failures.length} failed`];
  for (const f of failures.slice(0, FAILURES_LISTED)) lines.push(`  ${f.label}: ${f.reason}`);
  if (failures.length > FAILURES_LISTED) lines.push(`  … and ${failures.length - FAILURES_LISTED} more`);
  (failures.length ? process.stderr : process.stdout).write(`${lines.join('\n')}\n`);
  return failures.length ? 1 : 0;
}

function captureOne(ingest: Ingest, raw: Buffer, envelopeSender: string | undefined): Promise<{ id: string }> {
  return ingest.capture({ envelope: envelopeOf(raw, envelopeSender), raw, source: 'cli' });
}

/**
 * The envelope a stored message implies: MAIL FROM from Return-Path (what the last delivery
 * recorded), else From, else the mbox From_ line; RCPT TO from To, Cc and Bcc.
 */
export function envelopeOf(raw: Buffer, envelopeSender = ''): Envelope {
  let returnPath: string | null = null;
  let from: string | null = null;
  const rcptTo: string[] = [];
  const seen = new Set<string>();
  for (const field of readHeaderFields(raw)) {
    const name = field.name.toLowerCase();
    if (name === 'return-path' && returnPath === null) returnPath = field.value.trim().replace(/^<|>$/g, '').trim();
    else if (name === 'from' && from === null) from = parseAddressList(field.value)[0]?.address ?? null;
    else if (name === 'to' || name === 'cc' || name === 'bcc') {
      for (const { address } of parseAddressList(field.value)) {
        const key = address.toLowerCase();
        if (!address || seen.has(key)) continue;
        seen.add(key);
        rcptTo.push(address);
      }
    }
  }
  return { mailFrom: returnPath ?? from ?? envelopeSender, rcptTo };
}
