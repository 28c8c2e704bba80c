import { describe, expect, it } from 'vitest';
import { capForSpamd, SPAMD_MAX_BYTES, truncationNote } from './spamd-limit.js';

describe('capForSpamd', () => {
  it('sends a message within the limit whole, with no note', () => {
    const raw = Buffer.from('Subject: x\r\n\r\nhello\r\n');
    const input = capForSpamd(raw);
    expect(input).toEqual({ bytes: raw, truncatedFrom: null });
    expect(truncationNote(input)).toBe('');
  });

  it('cuts a larger message after the last whole line within the limit', () => {
    const raw = Buffer.from('line one\r\nline two\r\nline three\r\n');
    const input = capForSpamd(raw, 25);
    expect(input.bytes.toString()).toBe('line one\r\nline two\r\n');
    expect(input.truncatedFrom).toBe(raw.length);
  });

  it('cuts at the limit when there is no line break before it', () => {
    const input = capForSpamd(Buffer.alloc(40, 0x61), 16);
    expect(input.bytes.length).toBe(16);
  });

  it('uses spamc’s 500 KB default and names both sizes in the note', () => {
    expect(SPAMD_MAX_BYTES).toBe(512_000);
    const raw = Buffer.from('a'.repeat(99) + '\n').toString().repeat(6000);
    const input = capForSpamd(Buffer.from(raw));
    expect(input.bytes.length).toBeLessThanOrEqual(SPAMD_MAX_BYTES);
    expect(input.bytes.length).toBe(512_000);
    expect(truncationNote(input)).toBe("message truncated for spamd: scored its first 512000 of 600000 bytes (limit 500 KB, as spamc's)");
  });
});
