import { describe, expect, it } from 'vitest';
import { isDevmailError } from '../../core/errors.js';
import { parseMessage } from '../../mime/index.js';
import { composeSendRequest } from './send-request.js';

describe('composeSendRequest', () => {
  it('builds a MIME message with every field and the envelope from the JSON', async () => {
    const { raw, envelope } = await composeSendRequest({
      From: { Email: 'a@x.test', Name: 'Ann' },
      To: [{ Email: 'b@x.test', Name: 'Bob' }],
      Cc: [{ Email: 'c@x.test' }],
      Bcc: ['d@x.test'],
      ReplyTo: [{ Email: 'r@x.test' }],
      Subject: 'Hello',
      Text: 'plain',
      HTML: '<p>rich <img src="cid:pic"></p>',
      Headers: { 'X-Thing': 'yes' },
      Tags: ['one', 'two'],
      Attachments: [
        { Content: Buffer.from('file').toString('base64'), Filename: 'f.txt', ContentType: 'text/plain' },
        { Content: `data:image/png;base64,${Buffer.from('png').toString('base64')}`, Filename: 'p.png', ContentID: 'pic' },
      ],
    });
    expect(envelope).toEqual({ mailFrom: 'a@x.test', rcptTo: ['b@x.test', 'c@x.test', 'd@x.test'] });
    const text = raw.toString();
    expect(text).toMatch(/^X-Thing: yes$/m);
    expect(text).toMatch(/^X-Tags: one, two$/m);
    expect(text).toMatch(/^Bcc: d@x.test$/m);
    const parsed = await parseMessage(raw);
    expect(parsed).toMatchObject({
      from: { name: 'Ann', address: 'a@x.test' },
      to: [{ name: 'Bob', address: 'b@x.test' }],
      replyTo: [{ name: '', address: 'r@x.test' }],
      subject: 'Hello',
    });
    expect(parsed.text.trim()).toBe('plain');
    expect(parsed.attachments.map((a) => a.fileName)).toEqual(['f.txt']);
    expect(parsed.inline.map((a) => a.contentId)).toEqual(['pic']);
  });

  it('refuses what would break or forge the message, naming the problem', async () => {
    const base = { From: { Email: 'a@x.test' } };
    const refusal = async (body: Parameters<typeof composeSendRequest>[0]) => {
      try {
        await composeSendRequest(body);
      } catch (err) {
        if (isDevmailError(err, 'bad_request')) return err.message;
        throw err;
      }
      throw new Error('accepted');
    };
    expect(await refusal({ From: { Email: 'nope' } })).toBe('invalid From address: nope');
    expect(await refusal({ ...base, To: [{ Email: 'a@b@c' }] })).toBe('invalid To address: a@b@c');
    expect(await refusal({ ...base, ReplyTo: [{ Email: 'x@y.test', Name: 'a\nBcc: z@y.test' }] })).toMatch(/line breaks/);
    expect(await refusal({ ...base, Headers: { 'content-type': 'text/html' } })).toBe('cannot overwrite header: "content-type"');
    expect(await refusal({ ...base, Tags: ['a'], Headers: { 'X-Tags': 'b' } })).toBe('cannot overwrite header: "X-Tags"');
    expect(await refusal({ ...base, Headers: { 'Bad Name': 'x' } })).toBe('invalid header name: "Bad Name"');
    expect(await refusal({ ...base, Attachments: [{ Filename: 'a', Content: 'a' }] })).toBe('error decoding base64 attachment "a"');
  });
});
