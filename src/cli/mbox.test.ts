import { describe, expect, it } from 'vitest';
import { MboxReader, mboxEntry, mboxFromLine, splitMbox } from './mbox.js';

const date = new Date('2026-11-08T09:05:03Z');

describe('splitMbox', () => {
  it('splits on From_ lines, drops the separator blank line and undoes one level of >From quoting', () => {
    const mbox = Buffer.from(
      'From a@x Sun Nov  8 09:05:03 2026\nSubject: one\n\n>From quoted\n>>From twice\n\n' +
        'From b@x Sun Nov  8 09:05:04 2026\nSubject: two\n\nlast line\n\n',
    );
    const messages = splitMbox(mbox);
    expect(messages.map((m) => m.envelopeSender)).toEqual(['a@x', 'b@x']);
    expect(messages.map((m) => m.raw.toString())).toEqual(['Subject: one\n\nFrom quoted\n>From twice\n', 'Subject: two\n\nlast line\n']);
  });

  it('keeps an unquoted "From " inside a paragraph (old mboxo files) in its message', () => {
    const mbox = Buffer.from('From a@x Sun Nov  8 09:05:03 2026\nSubject: one\n\nline\nFrom here on\n>From quoted\n\n');
    const [message, ...rest] = splitMbox(mbox);
    expect(rest).toHaveLength(0);
    expect(message.raw.toString()).toBe('Subject: one\n\nline\nFrom here on\nFrom quoted\n');
  });

  it('keeps blank lines that belong to the message and ignores text before the first From_ line', () => {
    const mbox = Buffer.from('junk\nFrom MAILER-DAEMON Sun Nov  8 09:05:03 2026\nSubject: x\n\na\n\n\nb\n\n\n');
    const [message] = splitMbox(mbox);
    expect(message.envelopeSender).toBe('');
    expect(message.raw.toString()).toBe('Subject: x\n\na\n\n\nb\n\n');
  });

  it('reads the same messages whatever the chunk boundaries', () => {
    const mbox = Buffer.concat([mboxEntry(Buffer.from('Subject: a\r\n\r\nFrom x\r\n'), 'a@x', date), mboxEntry(Buffer.from('Subject: b\r\n\r\n>From y\r\n'), 'b@x', date)]);
    const whole = splitMbox(mbox).map((m) => m.raw.toString());
    for (const size of [1, 2, 7, 64]) {
      const reader = new MboxReader();
      const got: string[] = [];
      for (let i = 0; i < mbox.length; i += size) got.push(...reader.push(mbox.subarray(i, i + size)).map((m) => m.raw.toString()));
      got.push(...reader.end().map((m) => m.raw.toString()));
      expect(got).toEqual(whole);
    }
  });
});

describe('mboxEntry', () => {
  it('writes a From_ line with an asctime date, LF line ends, quoted From lines and a blank line', () => {
    const entry = mboxEntry(Buffer.from('Subject: x\r\n\r\nFrom me\r\n>From you\r\nok\r\n'), 'a@x', date);
    expect(entry.toString()).toBe('From a@x Sun Nov  8 09:05:03 2026\nSubject: x\n\n>From me\n>>From you\nok\n\n');
  });

  it('round-trips any message through write and read (CRLF comes back as LF)', () => {
    const raws = ['Subject: 1\r\n\r\nFrom start\r\n\r\n\r\n', 'Subject: 2\r\n\r\n>>>From deep\r\nno newline at end', 'Subject: 3\r\n\r\n'];
    const mbox = Buffer.concat(raws.map((r, i) => mboxEntry(Buffer.from(r), `s${i}@x`, date)));
    const back = splitMbox(mbox);
    expect(back.map((m) => m.raw.toString())).toEqual([
      'Subject: 1\n\nFrom start\n\n\n',
      'Subject: 2\n\n>>>From deep\nno newline at end\n',
      'Subject: 3\n\n',
    ]);
    expect(back.map((m) => m.envelopeSender)).toEqual(['s0@x', 's1@x', 's2@x']);
  });

  it('writes the null sender as MAILER-DAEMON', () => {
    expect(mboxFromLine('', date)).toBe('From MAILER-DAEMON Sun Nov  8 09:05:03 2026\n');
  });
});
