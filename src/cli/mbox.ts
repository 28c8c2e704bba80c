/**
 * The mbox format, mboxrd flavour (https://www.loc.gov/preservation/digital/formats/fdd/fdd000385.shtml,
 * and qmail's mbox(5)): each message starts with a `From sender date` line and ends with a blank
 * line; a body line matching `>*From ` gets one more `>` when written and loses one when read,
 * so any message survives a round trip byte for byte.
 */

const LF = 0x0a;
const CR = 0x0d;
const FROM_ = Buffer.from('From ');

// A From_ line as mail tools write it: `From sender Wed Nov 25 10:00:00 2026` (asctime date,
// sometimes with a zone or extra fields). Used to accept a separator that no blank line precedes.
const FROM_LINE = /^From \S*\s+(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+\d{1,2}:\d\d/;

/** One message read from an mbox: its bytes (unquoted) and the sender of its From_ line. */
export interface MboxMessage {
  raw: Buffer;
  /** The address on the From_ line ('' when absent or `MAILER-DAEMON`). */
  envelopeSender: string;
}

/**
 * Splits an mbox that arrives in chunks into messages. A `From ` line separates messages when it
 * starts the file, follows a blank line, or looks like a real From_ line (sender and date) —
 * so a stray unquoted "From here on…" inside a body (old mboxo files) does not split a message.
 */
export class MboxReader {
  private carry: Buffer | null = null;
  private lines: Buffer[] = [];
  private heldBlank: Buffer | null = null;
  private sender: string | null = null;
  private previousBlank = true;

  /** Feeds a chunk; returns the messages it completed. */
  push(chunk: Buffer): MboxMessage[] {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const done: MboxMessage[] = [];
    let start = 0;
    for (let nl = buf.indexOf(LF); nl !== -1; nl = buf.indexOf(LF, start)) {
      this.line(buf.subarray(start, nl + 1), done);
      start = nl + 1;
    }
    this.carry = start < buf.length ? Buffer.from(buf.subarray(start)) : null;
    return done;
  }

  /** Ends the input; returns the last message, if any. */
  end(): MboxMessage[] {
    const done: MboxMessage[] = [];
    if (this.carry) this.line(this.carry, done);
    this.carry = null;
    // The blank line after the last message is the format's, not the message's.
    this.heldBlank = null;
    this.flush(done);
    return done;
  }

  /** True once a From_ line has been seen: the input is an mbox. */
  get started(): boolean {
    return this.sender !== null;
  }

  private line(line: Buffer, done: MboxMessage[]): void {
    const blank = line.length === 1 || (line.length === 2 && line[0] === CR);
    if (startsWith(line, FROM_) && (this.previousBlank || FROM_LINE.test(line.toString('latin1', 0, 120)))) {
      this.heldBlank = null; // the blank line before a From_ line belongs to the separator
      this.flush(done);
      this.sender = envelopeSenderOf(line);
      this.previousBlank = false;
      return;
    }
    this.previousBlank = blank;
    if (this.sender === null) return; // text before the first From_ line is not a message
    if (this.heldBlank) {
      this.lines.push(this.heldBlank);
      this.heldBlank = null;
    }
    if (blank) this.heldBlank = line;
    else this.lines.push(unquoteFromLine(line));
  }

  private flush(done: MboxMessage[]): void {
    if (this.sender === null) return;
    if (this.heldBlank) this.lines.push(this.heldBlank);
    this.heldBlank = null;
    done.push({ raw: Buffer.concat(this.lines), envelopeSender: this.sender });
    this.lines = [];
  }
}

/** Splits a whole mbox held in memory. */
export function splitMbox(data: Buffer): MboxMessage[] {
  const reader = new MboxReader();
  return [...reader.push(data), ...reader.end()];
}

/** `>From ` → `From `, `>>From ` → `>From `: one level of mboxrd quoting removed. */
export function unquoteFromLine(line: Buffer): Buffer {
  let i = 0;
  while (line[i] === 0x3e) i++;
  if (i === 0 || !startsWith(line, FROM_, i)) return line;
  return line.subarray(1);
}

function envelopeSenderOf(line: Buffer): string {
  const text = line.toString('utf8', 5, Math.min(line.length, 1000)).trim();
  const sender = text.split(/\s+/)[0] ?? '';
  return sender === 'MAILER-DAEMON' ? '' : sender.replace(/^<|>$/g, '');
}

function startsWith(buf: Buffer, prefix: Buffer, at = 0): boolean {
  return buf.length - at >= prefix.length && buf.compare(prefix, 0, prefix.length, at, at + prefix.length) === 0;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `From sender Sat Nov 28 18:39:00 2026` (asctime, UTC) with a line end. */
export function mboxFromLine(sender: string, date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const asctime = `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
  // A sender with spaces would break the line's fields; `<>` is written as MAILER-DAEMON, as MTAs do.
  const who = sender && !/\s/.test(sender) ? sender : 'MAILER-DAEMON';
  return `From ${who} ${asctime}\n`;
}

/**
 * One mbox entry: the From_ line, the message with LF line ends (the mbox convention; readers
 * turn them back into CRLF) and `>*From ` lines quoted, then the blank separator line.
 */
export function mboxEntry(raw: Buffer, sender: string, date: Date): Buffer {
  const parts: Buffer[] = [Buffer.from(mboxFromLine(sender, date), 'utf8')];
  let start = 0;
  while (start < raw.length) {
    const nl = raw.indexOf(LF, start);
    const end = nl === -1 ? raw.length : nl + 1;
    let line = raw.subarray(start, end);
    if (nl !== -1 && nl > start && raw[nl - 1] === CR) line = Buffer.concat([raw.subarray(start, nl - 1), NEWLINE]);
    if (needsQuoting(line)) parts.push(GT);
    parts.push(line);
    start = end;
  }
  if (raw.length > 0 && raw[raw.length - 1] !== LF) parts.push(NEWLINE);
  parts.push(NEWLINE);
  return Buffer.concat(parts);
}

const NEWLINE = Buffer.from('\n');
const GT = Buffer.from('>');

function needsQuoting(line: Buffer): boolean {
  let i = 0;
  while (line[i] === 0x3e) i++;
  return startsWith(line, FROM_, i);
}
