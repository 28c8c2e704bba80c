/**
 * The most bytes of a message sent to spamd: spamc's default (`--max-size`, 500 KB). spamd
 * scans slowly past that, and a big message's size is mostly attachments that rules ignore.
 */
export const SPAMD_MAX_BYTES = 500 * 1024;

/** What is sent to spamd: the message, or its first SPAMD_MAX_BYTES ended at a line break. */
export interface SpamdInput {
  bytes: Buffer;
  /** The message's full size when it was cut, else null. */
  truncatedFrom: number | null;
}

/** Cuts a message larger than `limit` at the last line break within it (whole lines, as spamd reads them). */
export function capForSpamd(raw: Buffer, limit = SPAMD_MAX_BYTES): SpamdInput {
  if (raw.length <= limit) return { bytes: raw, truncatedFrom: null };
  const lastBreak = raw.lastIndexOf(0x0a, limit - 1);
  const end = lastBreak >= 0 ? lastBreak + 1 : limit;
  return { bytes: raw.subarray(0, end), truncatedFrom: raw.length };
}

/** The result's note for a cut message. */
export function truncationNote(input: SpamdInput): string {
  if (input.truncatedFrom === null) return '';
  return `message truncated for spamd: scored its first ${input.bytes.length} of ${input.truncatedFrom} bytes (limit ${SPAMD_MAX_BYTES / 1024} KB, as spamc's)`;
}
