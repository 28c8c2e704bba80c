import { createReadStream } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MboxReader } from './mbox.js';

/**
 * Finds and reads the messages `devmail ingest` imports: single `.eml` files, maildirs (the
 * messages in `cur/` and `new/`, and Maildir++ sub-folders), mbox files, and folders of those.
 */

/** A file to read, and what it holds. */
export interface MailFile {
  path: string;
  kind: 'eml' | 'mbox';
  sizeBytes: number;
}

/** The plan of an import: the files found, and paths that could not be used. */
export interface MailSourcePlan {
  files: MailFile[];
  totalBytes: number;
  problems: Array<{ label: string; reason: string }>;
}

/** One message found, or one that could not be read (with the reason). */
export type MailItem =
  | { label: string; raw: Buffer; envelopeSender?: string; error?: undefined }
  | { label: string; raw?: undefined; error: string };

/** Walks the given paths (sorted within folders, so an import is repeatable) and classifies files. */
export async function planMailSources(paths: readonly string[]): Promise<MailSourcePlan> {
  const plan: MailSourcePlan = { files: [], totalBytes: 0, problems: [] };
  for (const path of paths) await visit(path, plan, true);
  plan.totalBytes = plan.files.reduce((sum, f) => sum + f.sizeBytes, 0);
  return plan;
}

async function visit(path: string, plan: MailSourcePlan, named: boolean): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    plan.problems.push({ label: path, reason: errorReason(err) });
    return;
  }
  if (info.isDirectory()) {
    let entries;
    try {
      entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      plan.problems.push({ label: path, reason: errorReason(err) });
      return;
    }
    const isMaildir = entries.some((e) => e.isDirectory() && (e.name === 'cur' || e.name === 'new'));
    for (const entry of entries) {
      // Hidden files are tool state (.DS_Store, dovecot indexes); hidden folders in a maildir
      // are Maildir++ sub-folders (.Sent, .Archive) and are visited.
      if (entry.name.startsWith('.') && !(isMaildir && entry.isDirectory())) continue;
      if (isMaildir) {
        if (entry.isDirectory() && (entry.name === 'cur' || entry.name === 'new')) await addMaildirFolder(join(path, entry.name), plan);
        else if (entry.isDirectory() && entry.name !== 'tmp') await visit(join(path, entry.name), plan, false);
        // Files beside cur/new (dovecot-uidlist, maildirfolder, subscriptions) are not messages.
      } else {
        await visit(join(path, entry.name), plan, false);
      }
    }
    return;
  }
  if (!info.isFile()) {
    if (named) plan.problems.push({ label: path, reason: 'not a file or folder' });
    return;
  }
  try {
    plan.files.push({ path, kind: (await startsWithFromLine(path)) ? 'mbox' : 'eml', sizeBytes: info.size });
  } catch (err) {
    plan.problems.push({ label: path, reason: errorReason(err) });
  }
}

async function addMaildirFolder(folder: string, plan: MailSourcePlan): Promise<void> {
  let entries;
  try {
    entries = (await readdir(folder, { withFileTypes: true })).filter((e) => e.isFile() && !e.name.startsWith('.'));
  } catch (err) {
    plan.problems.push({ label: folder, reason: errorReason(err) });
    return;
  }
  // Maildir names start with the delivery time, so name order is close to arrival order.
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    try {
      plan.files.push({ path, kind: 'eml', sizeBytes: (await stat(path)).size });
    } catch (err) {
      // Moved between readdir and stat: a mail client at work (new/ → cur/).
      plan.problems.push({ label: path, reason: errorReason(err) });
    }
  }
}

async function startsWithFromLine(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(5);
    const { bytesRead } = await handle.read(head, 0, 5, 0);
    return bytesRead === 5 && head.toString('latin1') === 'From ';
  } finally {
    await handle.close();
  }
}

// A message starts with a header field (RFC 5322 2.2: printable name, colon). A file that does
// not is refused rather than stored as a message made of its text.
const FIRST_HEADER = /^[\x21-\x39\x3b-\x7e]+:/;

/** The messages of the planned files, in order; `onBytes` reports bytes read for progress. */
export async function* readMailFiles(files: readonly MailFile[], onBytes: (bytes: number) => void = () => {}): AsyncGenerator<MailItem> {
  for (const file of files) {
    if (file.kind === 'eml') {
      let raw: Buffer;
      try {
        raw = await readFile(file.path);
      } catch (err) {
        onBytes(file.sizeBytes);
        yield { label: file.path, error: errorReason(err) };
        continue;
      }
      onBytes(file.sizeBytes);
      if (raw.length === 0) yield { label: file.path, error: 'empty file' };
      else if (!FIRST_HEADER.test(raw.toString('latin1', 0, Math.min(raw.length, 200)))) yield { label: file.path, error: 'does not start with a header field: not a message' };
      else yield { label: file.path, raw };
      continue;
    }
    yield* readMbox(file, onBytes);
  }
}

async function* readMbox(file: MailFile, onBytes: (bytes: number) => void): AsyncGenerator<MailItem> {
  const reader = new MboxReader();
  let n = 0;
  const label = () => `${file.path} #${++n}`;
  try {
    for await (const chunk of createReadStream(file.path, { highWaterMark: 256 * 1024 })) {
      onBytes((chunk as Buffer).length);
      for (const message of reader.push(chunk as Buffer)) yield itemOf(label(), message.raw, message.envelopeSender);
    }
    for (const message of reader.end()) yield itemOf(label(), message.raw, message.envelopeSender);
  } catch (err) {
    yield { label: `${file.path} #${n + 1}`, error: errorReason(err) };
  }
}

function itemOf(label: string, raw: Buffer, envelopeSender: string): MailItem {
  if (raw.length === 0) return { label, error: 'empty message' };
  return { label, raw, envelopeSender };
}

/** A short reason for a file system error: the familiar words for the common codes. */
export function errorReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file or folder';
  if (e?.code === 'EACCES') return 'permission denied';
  return e?.code ?? e?.message ?? String(err);
}

