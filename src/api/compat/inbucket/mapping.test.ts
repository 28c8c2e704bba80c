import { describe, expect, it } from 'vitest';
import type { MessageSummary, ParsedMessage } from '../../../core/types.js';
import { formatInbucketAddress, toInbucketMessage, toInbucketPreview } from './mapping.js';
import { isInMailbox, mailboxOf } from './mailbox.js';

const summary: MessageSummary = {
  id: 'm1',
  inbox: 'default',
  read: true,
  created: new Date('2024-05-01T10:00:00.250Z'),
  username: '',
  tags: [],
  size: 321,
  attachments: 1,
  snippet: '',
  messageId: '<x@y>',
  from: { name: 'Shop "Best"', address: 'shop@example.test' },
  to: [{ name: '', address: 'Alice+news@Example.test' }],
  cc: [{ name: 'Carol', address: 'carol@example.test' }],
  bcc: [{ name: '', address: 'audit@example.test' }],
  replyTo: [],
  subject: 'Hi',
};

describe('Inbucket mailboxes', () => {
  it('names a mailbox by the lowercased local part without +extension', () => {
    expect(mailboxOf('Alice+news@Example.test')).toBe('alice');
    expect(mailboxOf('bob')).toBe('bob');
    expect(mailboxOf('"odd@local"@example.test')).toBe('"odd@local"');
  });

  it('counts To, Cc and Bcc recipients, not the sender', () => {
    expect(isInMailbox(summary, 'alice')).toBe(true);
    expect(isInMailbox(summary, 'carol')).toBe(true);
    expect(isInMailbox(summary, 'audit')).toBe(true);
    expect(isInMailbox(summary, 'shop')).toBe(false);
  });
});

describe('Inbucket mapping', () => {
  it("writes addresses as Go's mail.Address does", () => {
    expect(formatInbucketAddress({ name: '', address: 'a@b.test' })).toBe('<a@b.test>');
    expect(formatInbucketAddress({ name: 'Shop "Best"', address: 'a@b.test' })).toBe('"Shop \\"Best\\"" <a@b.test>');
  });

  it('maps a summary to a preview row', () => {
    expect(toInbucketPreview('alice', summary)).toEqual({
      mailbox: 'alice',
      id: 'm1',
      from: '"Shop \\"Best\\"" <shop@example.test>',
      to: ['<Alice+news@Example.test>'],
      subject: 'Hi',
      date: '2024-05-01T10:00:00.250Z',
      'posix-millis': 1714557600250,
      size: 321,
      seen: true,
    });
  });

  it('maps a message with bodies, canonical headers and attachment links', () => {
    const part = {
      partId: '1',
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      contentId: '',
      size: 3,
      checksums: { md5: 'abc', sha1: '', sha256: '' },
    };
    const parsed = { text: 'T', html: '<p>H</p>', attachments: [part], inline: [] } as unknown as ParsedMessage;
    const message = toInbucketMessage('alice', summary, parsed, { subject: ['Hi'], 'x-a': ['1', '2'] }, (p) => `http://h/part/${p.partId}`);
    expect(message.body).toEqual({ text: 'T', html: '<p>H</p>' });
    expect(message.header).toEqual({ Subject: ['Hi'], 'X-A': ['1', '2'] });
    expect(message.attachments).toEqual([
      { filename: 'a.pdf', 'content-type': 'application/pdf', 'download-link': 'http://h/part/1', 'view-link': 'http://h/part/1', md5: 'abc' },
    ]);
  });
});
