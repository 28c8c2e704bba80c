import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../core/types.js';
import { canonicalHeaderName, toMailpitHeaders, toMailpitSummary } from './mailpit.js';

describe('toMailpitSummary', () => {
  it("maps a summary to Mailpit's PascalCase fields with RFC 3339 times", () => {
    const summary: MessageSummary = {
      id: 'abc',
      inbox: 'default',
      messageId: 'm@x',
      read: false,
      from: null,
      to: [{ name: 'Ann', address: 'ann@x.test' }],
      cc: [],
      bcc: [],
      replyTo: [],
      subject: 'Hi',
      created: new Date(Date.UTC(2024, 4, 1, 10, 0, 0, 123)),
      username: '',
      tags: ['a'],
      size: 10,
      attachments: 2,
      snippet: 'hello',
    };
    expect(toMailpitSummary(summary)).toEqual({
      ID: 'abc',
      MessageID: 'm@x',
      Read: false,
      From: null,
      To: [{ Name: 'Ann', Address: 'ann@x.test' }],
      Cc: [],
      Bcc: [],
      ReplyTo: [],
      Subject: 'Hi',
      Created: '2024-05-01T10:00:00.123Z',
      Username: '',
      Tags: ['a'],
      Size: 10,
      Attachments: 2,
      Snippet: 'hello',
    });
  });
});

describe('headers', () => {
  it("writes names as Go's textproto does", () => {
    expect(canonicalHeaderName('message-id')).toBe('Message-Id');
    expect(canonicalHeaderName('X-MAILER')).toBe('X-Mailer');
    expect(canonicalHeaderName('MIME-Version')).toBe('Mime-Version');
    expect(canonicalHeaderName('odd name')).toBe('odd name');
  });

  it('merges names that differ only in case, keeps value order and sorts the keys', () => {
    expect(toMailpitHeaders({ Subject: ['s'], received: ['r1'], Received: ['r2'], 'x-a': ['1'] })).toEqual({
      Received: ['r1', 'r2'],
      Subject: ['s'],
      'X-A': ['1'],
    });
    expect(Object.keys(toMailpitHeaders({ b: [], a: [] }))).toEqual(['A', 'B']);
  });
});
