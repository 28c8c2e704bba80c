import type { SmtpReply } from './types.js';

/** A BDAT chunk being read (RFC 3030 §2): its octets follow the command line at once. */
export interface BdatChunk {
  size: number;
  remaining: number;
  last: boolean;
  /** The chunk failed before reading (no transaction, a refusal): read its octets, then send this. */
  fail: SmtpReply | null;
}

// RFC 3030 §4: bdat-cmd = "BDAT" SP chunk-size [ SP end-marker ] CRLF; chunk-size = 1*DIGIT.
const BDAT_ARGS = /^(\d{1,15})(?: +(LAST))? *$/i;

/** Reads `<size> [LAST]`, or null when malformed (the chunk's length is then unknown). */
export function parseBdatArgs(arg: string): { size: number; last: boolean } | null {
  const m = BDAT_ARGS.exec(arg);
  return m ? { size: Number(m[1]), last: m[2] !== undefined } : null;
}
