import { describe, expect, it } from 'vitest';
import { parseMessage, quickIndex, readListFields } from '../mime/index.js';
import { buildLoadTemplate, SUBJECT_WORDS } from './message-template.js';

describe('buildLoadTemplate', () => {
  for (const sizeBytes of [64, 2048, 51_200]) {
    it(`builds ${sizeBytes}-byte messages within a few bytes of the size asked`, () => {
      const template = buildLoadTemplate({ sizeBytes, runId: 'run1' });
      const message = template.messageFor(123);
      // The head grows with the digits of the message number (in its Subject and Message-ID).
      expect(Math.abs(message.length - sizeBytes)).toBeLessThanOrEqual(sizeBytes < 500 ? 400 : 16);
    });
  }

  it('never starts a body line with a dot, so the shared body needs no dot-stuffing', () => {
    const { body } = buildLoadTemplate({ sizeBytes: 51_200 });
    const text = body.toString('latin1');
    expect(text.split('\r\n').some((line) => line.startsWith('.'))).toBe(false);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('gives each message its own Message-ID, marker and subject word, and shares the body', () => {
    const template = buildLoadTemplate({ sizeBytes: 2048, runId: 'r' });
    const a = template.headFor(1).toString();
    const b = template.headFor(2).toString();
    expect(a).toContain('Message-ID: <r.1@load.devmail.test>');
    expect(b).toContain('Message-ID: <r.2@load.devmail.test>');
    expect(a).toContain(`Subject: load r message 1 ${SUBJECT_WORDS[1]}`);
    expect(a.endsWith(`${template.markerFor(1)}\r\n`)).toBe(true);
    expect(template.messageFor(2).subarray(template.headFor(2).length).equals(template.body)).toBe(true);
    expect(template.bodyWithTerminator.subarray(-3).toString()).toBe('.\r\n');
  });

  for (const sizeBytes of [2048, 51_200]) {
    it(`builds ${sizeBytes}-byte text-and-HTML messages that parse as such and need no dot-stuffing`, async () => {
      const template = buildLoadTemplate({ sizeBytes, runId: 'h1', html: true });
      const message = template.messageFor(7);
      expect(Math.abs(message.length - sizeBytes)).toBeLessThanOrEqual(64);
      const lines = message.toString('latin1').split('\r\n');
      expect(lines.filter((line) => line.length > 76 || line.startsWith('.'))).toEqual([]);
      const parsed = await parseMessage(message);
      expect(parsed.text.startsWith(`${template.markerFor(7)}\n`)).toBe(true);
      expect(parsed.html).toMatch(/^<p style="margin:0 0 12px">\w+/);
      expect(parsed.html.length).toBeGreaterThan(sizeBytes / 3);
      expect(parsed.attachments).toEqual([]);
      expect(quickIndex(message, readListFields(message))).not.toBeNull(); // the shape mail libraries send
    });
  }
});
