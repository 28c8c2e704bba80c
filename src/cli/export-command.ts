import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { isDevmailError } from '../core/errors.js';
import type { StoredMessage } from '../core/types.js';
import type { Store } from '../store/index.js';
import { splitCommandArgs } from './command-args.js';
import { openCommandStore } from './command-store.js';
import { errorReason } from './mail-sources.js';
import { mboxEntry } from './mbox.js';
import { startProgress } from './progress.js';

const HELP = `Usage: devmail export [options] DEST

Writes stored messages, oldest first, exactly as stored:
  DEST ending in .mbox   one mbox file (mboxrd quoting, LF line ends)
  any other DEST         a folder of <ID>.eml files (created if missing)

Options:
  --database PATH   the store to read (as for "devmail serve"; env DEVMAIL_DATABASE)
  --search QUERY    only messages matching a search, e.g. "from:ann@example.com"
  -h, --help        this help
`;

// IDs fetched per list page when exporting a search.
const SEARCH_PAGE = 500;

/** `devmail export DEST`: returns 0 on success. */
export async function runExport(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let split;
  try {
    split = splitCommandArgs(argv, { help: 'switch', search: 'value' });
  } catch (err) {
    process.stderr.write(`devmail export: ${(err as Error).message}\n`);
    return 2;
  }
  if (split.own.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  if (split.positionals.length !== 1) {
    process.stderr.write(`devmail export: give exactly one DEST\n\n${HELP}`);
    return 2;
  }
  const dest = split.positionals[0];
  const search = split.own.get('search')?.trim() || undefined;
  let opened;
  try {
    opened = await openCommandStore(split.config, env);
  } catch (err) {
    if (!isDevmailError(err, 'config_invalid')) throw err;
    process.stderr.write(`devmail export: ${err.message}\n`);
    return 2;
  }
  const { store } = opened;
  let written = 0;
  try {
    const total = search ? (await store.list({ search, limit: 1 })).matching : (await store.stats()).total;
    const bar = startProgress({ total: Math.max(1, total), unit: 'messages', read: () => ({ value: written }) });
    const messages = search ? searchMessages(store, search) : store.scan();
    const sink = dest.toLowerCase().endsWith('.mbox') ? await mboxSink(dest) : await folderSink(dest);
    try {
      for await (const message of messages) {
        await sink.write(message);
        written++;
      }
    } finally {
      await sink.close();
      await bar.stop();
    }
  } catch (err) {
    // A bad search is the caller's; a destination that cannot be written is the file system's.
    if (isDevmailError(err, 'bad_request')) {
      process.stderr.write(`devmail export: ${err.message}\n`);
      return 2;
    }
    if (typeof (err as NodeJS.ErrnoException)?.code === 'string' && (err as NodeJS.ErrnoException).syscall) {
      process.stderr.write(`devmail export: cannot write ${dest}: ${errorReason(err)}\n`);
      return 1;
    }
    throw err;
  } finally {
    await store.close();
  }
  process.stdout.write(`devmail export: ${written} message${written === 1 ? '' : 's'} written to ${dest}\n`);
  return 0;
}

/**
 * The messages matching `search`, oldest first: their IDs are collected page by page with the
 * keyset cursor (IDs only, so even 100k matches stay small), then each message is read.
 */
async function* searchMessages(store: Store, search: string): AsyncIterable<StoredMessage> {
  const ids: string[] = [];
  let before: string | undefined;
  for (;;) {
    const page = await store.list({ search, limit: SEARCH_PAGE, before });
    for (const summary of page.messages) ids.push(summary.id);
    if (page.messages.length < SEARCH_PAGE) break;
    before = page.messages[page.messages.length - 1].id;
  }
  for (let i = ids.length - 1; i >= 0; i--) {
    const message = await store.get(ids[i]);
    if (message) yield message; // deleted since the list: nothing to export
  }
}

interface Sink {
  write(message: StoredMessage): Promise<void>;
  close(): Promise<void>;
}

async function folderSink(folder: string): Promise<Sink> {
  await mkdir(folder, { recursive: true });
  return {
    // IDs are URL-safe already; the replace keeps a surprising one from naming a path elsewhere.
    write: (m) => writeFile(join(folder, `${m.summary.id.replace(/[^\w.-]/g, '_')}.eml`), m.raw),
    close: async () => {},
  };
}

async function mboxSink(path: string): Promise<Sink> {
  const stream: WriteStream = createWriteStream(path, { flags: 'w' });
  await once(stream, 'open');
  return {
    async write(m) {
      if (!stream.write(mboxEntry(m.raw, m.envelope.mailFrom, m.summary.created))) await once(stream, 'drain');
    },
    async close() {
      if (stream.destroyed) return; // failed already: the write reported why
      stream.end();
      await once(stream, 'finish');
    },
  };
}
