/**
 * The command line of `sendmail`, as applications call it: PHP's mail() runs
 * `sendmail -t -i`, Rails `sendmail -i -f SENDER RCPT…`, Django backends `sendmail -t -oi`,
 * cron and mailx `sendmail -oem -oi -f… RCPT`. Options follow sendmail 8 and Postfix's
 * sendmail(1); the ones that only matter to a real MTA's queue are accepted and ignored.
 */

/** What the command line asks for. */
export interface SendmailArgs {
  /** `-bm` (read a message on stdin, the default) or `-bs` (speak SMTP on stdin/stdout). */
  mode: 'message' | 'smtp';
  /** `-t`: take recipients from To, Cc and Bcc (added to those on the command line, as Postfix does). */
  extractRecipients: boolean;
  /** `-i`/`-oi`: a line with a single `.` does not end the message. */
  ignoreDots: boolean;
  /** `-f`/`-r`: envelope sender ('' for the null sender `<>`), or null for the default. */
  sender: string | null;
  /** `-F`: the sender's full name, for a From header the message lacks. */
  fullName: string | null;
  /** Recipients on the command line. */
  recipients: string[];
  /** `--smtp-addr HOST:PORT`: devmail's SMTP listener, or null for the environment/default. */
  smtpAddr: string | null;
  /** `-v`: say what happened on stderr. */
  verbose: boolean;
  /** `--help`. */
  help: boolean;
}

/** A command line sendmail would refuse (exit EX_USAGE). */
export class SendmailUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendmailUsageError';
  }
}

// Options that take a value (attached, `-fme@x`, or as the next word, `-f me@x`) and mean
// nothing without a queue of our own: -N DSN notify, -R DSN return, -V envid, -B body type,
// -C config file, -L syslog label, -h hop count, -X traffic log, -p protocol, -O option=value.
const IGNORED_WITH_VALUE = new Set(['N', 'R', 'V', 'B', 'C', 'L', 'h', 'X', 'p', 'O']);
// Switches without a value that only steer a real MTA: -n no aliasing, -m me too, -U initial
// submission, -G gateway submission, -x debugging.
const IGNORED_SWITCHES = new Set(['n', 'm', 'U', 'G', 'x']);
// Old options whose value is the rest of the word: -d debug flags (`-d0.1`), -e error mode (`-em`).
const IGNORED_REST_OF_WORD = new Set(['d', 'e']);

/** Parses sendmail's arguments. Throws SendmailUsageError for what sendmail would refuse. */
export function parseSendmailArgs(argv: readonly string[]): SendmailArgs {
  const args: SendmailArgs = {
    mode: 'message',
    extractRecipients: false,
    ignoreDots: false,
    sender: null,
    fullName: null,
    recipients: [],
    smtpAddr: null,
    verbose: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') {
      for (const rest of argv.slice(i + 1)) args.recipients.push(...splitRecipients(rest));
      break;
    }
    if (word === '--help') {
      args.help = true;
      continue;
    }
    if (word === '--smtp-addr' || word.startsWith('--smtp-addr=')) {
      const value = word.includes('=') ? word.slice(word.indexOf('=') + 1) : argv[++i];
      if (!value) throw new SendmailUsageError('--smtp-addr needs HOST:PORT');
      args.smtpAddr = value;
      continue;
    }
    if (word.startsWith('--')) throw new SendmailUsageError(`unknown option ${word}`);
    if (!word.startsWith('-') || word === '-') {
      args.recipients.push(...splitRecipients(word));
      continue;
    }
    // A cluster of one-letter options, e.g. `-ti`; a letter that takes a value ends it.
    for (let j = 1; j < word.length; j++) {
      const letter = word[j];
      const takeValue = (): string => {
        const attached = word.slice(j + 1);
        j = word.length;
        if (attached) return attached;
        if (i + 1 >= argv.length) throw new SendmailUsageError(`option -${letter} needs a value`);
        return argv[++i];
      };
      if (letter === 't') args.extractRecipients = true;
      else if (letter === 'i') args.ignoreDots = true;
      else if (letter === 'v') args.verbose = true;
      else if (letter === 'f' || letter === 'r') args.sender = bareAddress(takeValue());
      else if (letter === 'F') args.fullName = takeValue();
      else if (letter === 'b') args.mode = deliveryMode(takeValue());
      else if (letter === 'o') {
        // -oi is the one -o option that changes what we do; -odi, -oem, -oQ… steer a queue.
        if (takeValue() === 'i') args.ignoreDots = true;
      } else if (letter === 'q') throw new SendmailUsageError('queue runs (-q) are not supported: devmail keeps no queue');
      else if (IGNORED_WITH_VALUE.has(letter)) takeValue();
      else if (IGNORED_SWITCHES.has(letter)) continue;
      else if (IGNORED_REST_OF_WORD.has(letter)) j = word.length;
      else throw new SendmailUsageError(`unknown option -${letter}`);
    }
  }
  return args;
}

function deliveryMode(value: string): SendmailArgs['mode'] {
  if (value === 'm') return 'message';
  if (value === 's') return 'smtp';
  throw new SendmailUsageError(`mode -b${value} is not supported (only -bm and -bs)`);
}

/** `<a@b>` → `a@b`; `<>` → '' (the null sender). */
export function bareAddress(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1).trim() : trimmed;
}

/** Command-line recipients may be comma-separated (`"a@x, b@y"`), as sendmail accepts. */
function splitRecipients(word: string): string[] {
  return word
    .split(',')
    .map((part) => bareAddress(part))
    .filter(Boolean);
}
