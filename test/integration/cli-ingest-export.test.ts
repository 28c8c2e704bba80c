import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runExport } from '../../src/cli/export-command.js';
import { runIngest } from '../../src/cli/ingest-command.js';
import { splitMbox } from '../../src/cli/mbox.js';
import type { StoredMessage } from '../../src/core/types.js';
import { startTestServer } from './harness.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixtureNames = readdirSync(fixtures).filter((n) => n.endsWith('.eml'));

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'devmail-ingest-test-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every message stored in `database`, oldest first, read through a real server on that file. */
async function storedIn(database: string): Promise<{ total: number; messages: StoredMessage[] }> {
  const server = await startTestServer(['--database', database, '--max', '0']);
  try {
    const res = await fetch(server.api('/api/v1/messages?limit=1'));
    const { total } = (await res.json()) as { total: number };
    const messages: StoredMessage[] = [];
    for await (const m of server.store.scan()) messages.push(m);
    return { total, messages };
  } finally {
    await server.close();
  }
}

const lfToCrlf = (b: Buffer) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');

/** Writes an mbox (mboxrd) of three messages and a maildir of two, with the noise real ones have. */
function makeSources(): { mbox: string; maildir: string } {
  const mbox = join(work, 'archive.mbox');
  writeFileSync(
    mbox,
    [
      'From list@example.com Sat Nov 28 10:00:00 2026',
      'Return-Path: <bounce@lists.example.com>',
      'From: List <list@example.com>',
      'To: member@example.com',
      'Subject: mbox one',
      '',
      '>From the archive: this line was quoted by the mbox writer',
      '>>From twice quoted',
      '',
      'From list@example.com Sat Nov 28 10:00:01 2026',
      'From: List <list@example.com>',
      'To: a@example.com, b@example.com',
      'Cc: c@example.com',
      'Subject: mbox two',
      '',
      'second',
      '',
      'From MAILER-DAEMON Sat Nov 28 10:00:02 2026',
      'From: System <system@example.com>',
      'Bcc: audit@example.com',
      'Subject: mbox three',
      '',
      'third',
      '',
    ].join('\n'),
  );
  const maildir = join(work, 'Maildir');
  for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, sub), { recursive: true });
  writeFileSync(join(maildir, 'new', '1764324000.M1P1.host'), 'From: md@example.com\nTo: me@example.com\nSubject: maildir new\n\nnew one\n');
  writeFileSync(join(maildir, 'cur', '1764324001.M2P1.host:2,S'), 'From: md@example.com\nTo: me@example.com\nSubject: maildir cur\n\nseen one\n');
  // Not messages: a delivery in progress, and the IMAP server's state beside cur/new.
  writeFileSync(join(maildir, 'tmp', '1764324002.M3P1.host'), 'From: partial');
  writeFileSync(join(maildir, 'dovecot-uidlist'), '3 V1 N3\n');
  return { mbox, maildir };
}

describe('devmail ingest and export', () => {
  it('imports .eml files, an mbox and a maildir through the capture path, with envelopes from the headers', async () => {
    const { mbox, maildir } = makeSources();
    const database = join(work, 'first.db');
    expect(await runIngest(['--database', database, fixtures, mbox, maildir], {})).toBe(0);

    const { total, messages } = await storedIn(database);
    expect(total).toBe(fixtureNames.length + 3 + 2);
    expect(messages).toHaveLength(total);
    const bySubject = new Map(messages.map((m) => [m.summary.subject, m]));
    expect([...bySubject.keys()]).toEqual(expect.arrayContaining(['mbox one', 'mbox two', 'mbox three', 'maildir new', 'maildir cur']));
    expect(messages.every((m) => m.source === 'cli')).toBe(true);

    const one = bySubject.get('mbox one')!;
    expect(one.envelope).toMatchObject({ mailFrom: 'bounce@lists.example.com', rcptTo: ['member@example.com'] });
    expect(one.raw.toString()).toContain('\r\n\r\nFrom the archive: this line was quoted by the mbox writer\r\n>From twice quoted\r\n');
    expect(bySubject.get('mbox two')!.envelope).toMatchObject({ mailFrom: 'list@example.com', rcptTo: ['a@example.com', 'b@example.com', 'c@example.com'] });
    expect(bySubject.get('mbox three')!.envelope).toMatchObject({ mailFrom: 'system@example.com', rcptTo: ['audit@example.com'] });
    expect(bySubject.get('maildir cur')!.raw.toString()).toContain('\r\n\r\nseen one\r\n');
  });

  it('exports a folder of <ID>.eml files holding exactly the stored bytes', async () => {
    const database = join(work, 'first.db');
    const folder = join(work, 'export-folder');
    expect(await runExport(['--database', database, folder], {})).toBe(0);

    const { messages } = await storedIn(database);
    expect(readdirSync(folder).sort()).toEqual(messages.map((m) => `${m.summary.id}.eml`).sort());
    for (const m of messages) expect(readFileSync(join(folder, `${m.summary.id}.eml`)).equals(m.raw)).toBe(true);
  });

  it('exports an mbox that reads back, oldest first, to the stored messages', async () => {
    const database = join(work, 'first.db');
    const file = join(work, 'export.mbox');
    expect(await runExport(['--database', database, file], {})).toBe(0);

    const { messages } = await storedIn(database);
    const back = splitMbox(readFileSync(file));
    expect(back).toHaveLength(messages.length);
    back.forEach((entry, i) => {
      expect(lfToCrlf(entry.raw).equals(messages[i].raw)).toBe(true);
      expect(entry.envelopeSender).toBe(messages[i].envelope.mailFrom);
    });
    // The quoted line was quoted again on the way out (mboxrd), so it did not split a message.
    expect(readFileSync(file, 'utf8')).toContain('\n>From the archive: this line');
  });

  it('re-imports both exports to the same messages, each with one more Received line on top', async () => {
    const { messages: original } = await storedIn(join(work, 'first.db'));
    for (const source of ['export-folder', 'export.mbox']) {
      const database = join(work, `again-${source}.db`);
      expect(await runIngest(['--database', database, join(work, source)], {})).toBe(0);
      const { total, messages } = await storedIn(database);
      expect(total).toBe(original.length);
      // The second capture keeps the bytes and adds only its own trace header: every header
      // the first capture added (Return-Path, Message-ID, Bcc) is already there.
      const withoutNewTrace = messages.map((m) => {
        const text = m.raw.toString('latin1');
        expect(text.startsWith('Received: from cli by ')).toBe(true);
        return text.slice(text.indexOf('\r\n') + 2);
      });
      expect(withoutNewTrace.sort()).toEqual(original.map((m) => m.raw.toString('latin1')).sort());
    }
  });

  it('exports only the messages matching --search', async () => {
    const database = join(work, 'first.db');
    const folder = join(work, 'export-search');
    expect(await runExport(['--database', database, '--search', 'from:list@example.com', folder], {})).toBe(0);
    const { messages } = await storedIn(database);
    const expected = messages.filter((m) => m.summary.from?.address === 'list@example.com').map((m) => `${m.summary.id}.eml`);
    expect(expected).toHaveLength(2);
    expect(readdirSync(folder).sort()).toEqual(expected.sort());
  });

  it('imports what it can and exits 1 naming each file it could not use', async () => {
    const database = join(work, 'partial.db');
    const notMail = join(work, 'notes.txt');
    writeFileSync(notMail, 'just some notes, not an email\n');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    let said: string;
    try {
      code = await runIngest(['--database', database, join(fixtures, fixtureNames[0]), notMail, join(work, 'missing.eml')], {});
    } finally {
      said = stderr.mock.calls.map(([text]) => String(text)).join('');
      stderr.mockRestore();
    }
    expect(code).toBe(1);
    expect(said).toContain('1 imported, 2 failed');
    expect(said).toContain(`${notMail}: does not start with a header field`);
    expect(said).toContain(`${join(work, 'missing.eml')}: no such file or folder`);
    expect((await storedIn(database)).total).toBe(1);
  });

  it('refuses a bad option and a missing PATH with exit code 2', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let said: string;
    try {
      expect(await runIngest(['--database', join(work, 'x.db'), '--no-such-option', fixtures], {})).toBe(2);
      expect(await runIngest(['--database', join(work, 'x.db')], {})).toBe(2);
      expect(await runExport(['--database', join(work, 'x.db')], {})).toBe(2);
    } finally {
      said = stderr.mock.calls.map(([text]) => String(text)).join('');
      stderr.mockRestore();
    }
    expect(said).toContain('unknown option --no-such-option');
    expect(said).toContain('no PATH given');
    expect(said).toContain('give exactly one DEST');
  });
});
