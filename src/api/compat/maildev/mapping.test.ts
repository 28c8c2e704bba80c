import { describe, expect, it } from 'vitest';
import type { ParsedMessage, StoredMessage } from '../../../core/types.js';
import { formatSize, matchesMailDevFilter, toMailDevEmail, toMailDevHeaders, toMailDevSummary } from './mapping.js';

const stored: StoredMessage = {
  summary: {
    id: 'm1',
    inbox: 'default',
    read: false,
    created: new Date('2024-05-01T10:00:00.000Z'),
    username: '',
    tags: [],
    size: 2048,
    attachments: 1,
    snippet: '',
    messageId: 'abc@shop.test',
    from: { name: 'Shop', address: 'shop@example.test' },
    to: [{ name: 'Alice', address: 'alice@example.test' }],
    cc: [],
    bcc: [{ name: '', address: 'hidden@example.test' }],
    replyTo: [],
    subject: 'Hello',
  },
  envelope: {
    mailFrom: 'bounce@shop.test',
    rcptTo: ['alice@example.test', 'hidden@example.test'],
    heloName: 'app.local',
    clientAddress: '127.0.0.1',
  },
  source: 'smtp',
  raw: Buffer.from(''),
};

const parsed = {
  date: new Date('2024-05-01T09:59:00.000Z'),
  text: '  Hello   Alice,\n welcome  ',
  html: '<p>Hello</p>',
  attachments: [
    { partId: '1', fileName: 'a.pdf', contentType: 'application/pdf', contentId: '', size: 3, checksums: { md5: 'm', sha1: '', sha256: '' } },
  ],
  inline: [
    { partId: '2', fileName: '', contentType: 'image/png', contentId: 'logo', size: 5, checksums: { md5: 'n', sha1: '', sha256: '' } },
  ],
} as unknown as ParsedMessage;

describe('MailDev mapping', () => {
  it('maps a message to MailDev’s email', () => {
    const email = toMailDevEmail(stored, parsed, { Subject: ['Hello'], 'X-Priority': ['1 (Highest)'] });
    expect(email).toMatchObject({
      id: 'm1',
      time: '2024-05-01T10:00:00.000Z',
      read: false,
      subject: 'Hello',
      messageId: 'abc@shop.test',
      priority: 'high',
      from: [{ address: 'shop@example.test', name: 'Shop' }],
      to: [{ address: 'alice@example.test', name: 'Alice' }],
      bcc: [{ address: 'hidden@example.test', name: '' }],
      calculatedBcc: [{ address: 'hidden@example.test', name: '' }],
      date: '2024-05-01T09:59:00.000Z',
      headers: { subject: 'Hello', 'x-priority': '1 (Highest)' },
      html: '<p>Hello</p>',
      envelope: {
        from: { address: 'bounce@shop.test', args: false },
        to: [
          { address: 'alice@example.test', args: false },
          { address: 'hidden@example.test', args: false },
        ],
        host: 'app.local',
        remoteAddress: '127.0.0.1',
      },
      size: 2048,
      sizeHuman: '2 KB',
    });
    expect(email).not.toHaveProperty('cc');
    expect(email.attachments).toEqual([
      { filename: 'a.pdf', generatedFileName: 'a.pdf', contentType: 'application/pdf', contentDisposition: 'attachment', size: 3, checksum: 'm' },
      { filename: '', generatedFileName: 'logo', contentType: 'image/png', contentId: 'logo', contentDisposition: 'inline', size: 5, checksum: 'n' },
    ]);
    expect(toMailDevSummary(email)).toMatchObject({ attachmentCount: 2, preview: 'Hello Alice, welcome' });
  });

  it('lowercases header names, arrays only for repeated headers', () => {
    expect(toMailDevHeaders({ Received: ['a', 'b'], received: ['c'], To: ['x'] })).toEqual({ received: ['a', 'b', 'c'], to: 'x' });
  });

  it('writes sizes as MailDev does', () => {
    expect([0, 512, 1536, 2359296].map(formatSize)).toEqual(['0 Bytes', '512 Bytes', '1.5 KB', '2.25 MB']);
  });

  it('filters by dotted paths, through arrays, on own fields only', () => {
    const email = toMailDevEmail(stored, parsed, {});
    expect(matchesMailDevFilter(email, { 'to.address': 'alice@example.test' })).toBe(true);
    expect(matchesMailDevFilter(email, { 'to.address': 'bob@example.test' })).toBe(false);
    expect(matchesMailDevFilter(email, { subject: 'Hello', read: 'false' })).toBe(true);
    expect(matchesMailDevFilter(email, { 'envelope.from.address': 'bounce@shop.test' })).toBe(true);
    expect(matchesMailDevFilter(email, { constructor: '[object Object]' })).toBe(false);
    expect(matchesMailDevFilter(email, { 'cc.address': 'x' })).toBe(false);
  });
});
