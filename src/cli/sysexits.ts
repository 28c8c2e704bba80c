/**
 * Exit codes of <sysexits.h>, as sendmail and the programs that call it use them: PHP's mail(),
 * Rails and Django read a non-zero status as "not sent" and some tell 75 (try later) apart.
 */
export const EX = {
  OK: 0,
  /** The command line was wrong. */
  USAGE: 64,
  /** The message (input data) was wrong. */
  DATAERR: 65,
  /** Input could not be read. */
  NOINPUT: 66,
  /** A recipient was refused. */
  NOUSER: 67,
  /** The server's host name does not resolve. */
  NOHOST: 68,
  /** The server refused or is not there. */
  UNAVAILABLE: 69,
  /** Reading or writing failed. */
  IOERR: 74,
  /** A temporary failure (4xx, timeout, connection lost): the caller may try again. */
  TEMPFAIL: 75,
  /** The server said something that is not SMTP. */
  PROTOCOL: 76,
} as const;
