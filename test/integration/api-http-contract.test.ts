import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The HTTP contract with plain fetch: status codes, content types, `ok` bodies, the one
 * `{"Error": …}` shape, `latest` and `latest?query=`, and the webroot.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  await fetch(server.api('/api/v1/messages'), { method: 'DELETE' });
});

function request(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, ...rest } = init;
  if (json === undefined) return fetch(server.api(path), rest);
  return fetch(server.api(path), {
    ...rest,
    headers: { 'content-type': 'application/json', ...rest.headers },
    body: JSON.stringify(json),
  });
}

async function send(subject: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await request('/api/v1/send', {
    method: 'POST',
    json: { From: { Email: 'app@example.test' }, To: [{ Email: 'user@example.test' }], Subject: subject, Text: `Body of ${subject}`, ...extra },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { ID: string }).ID;
}

/** Sends raw bytes over SMTP, for messages the send API cannot shape; returns the new ID. */
async function sendRaw(raw: string): Promise<string> {
  const transport = nodemailer.createTransport({ ...server.urls.smtp, secure: false, tls: { rejectUnauthorized: false } });
  try {
    await transport.sendMail({ envelope: { from: 'raw@example.test', to: ['user@example.test'] }, raw: raw.replace(/\n/g, '\r\n') });
  } finally {
    transport.close();
  }
  const list = (await (await request('/api/v1/messages?limit=1')).json()) as { messages: Array<{ ID: string }> };
  return list.messages[0].ID;
}

async function expectError(res: Response, status: number, message?: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { Error: string };
  expect(Object.keys(body)).toEqual(['Error']);
  if (message) expect(body.Error).toMatch(message);
}

describe('status codes and error bodies', () => {
  it('answers 404 with a JSON Error for an unknown message ID on every message route', async () => {
    for (const path of [
      '/api/v1/message/no-such-id',
      '/api/v1/message/no-such-id/headers',
      '/api/v1/message/no-such-id/raw',
      '/api/v1/message/no-such-id/part/1',
      '/view/no-such-id.html',
      '/view/no-such-id.txt',
    ]) {
      await expectError(await request(path), 404, /message not found/);
    }
  });

  it('answers 404 for latest when the mailbox is empty, and for an unknown part', async () => {
    await expectError(await request('/api/v1/message/latest'), 404);
    const id = await send('only text');
    await expectError(await request(`/api/v1/message/${id}/part/9`), 404, /part not found/);
  });

  it('answers 404 on the HTML view of a message that has no HTML part', async () => {
    const id = await send('plain only');
    await expectError(await request(`/view/${id}.html`), 404, /HTML part not found/);
    const text = await request(`/view/${id}.txt`);
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toContain('Body of plain only');
  });

  it('answers 404 with a JSON Error for a route that does not exist', async () => {
    await expectError(await request('/api/v1/nothing-here'), 404, /no route/);
  });

  it('refuses a search without a query with 400', async () => {
    await expectError(await request('/api/v1/search'), 400, /no search query/);
    await expectError(await request('/api/v1/search?query=%20%20'), 400, /no search query/);
    await expectError(await request('/api/v1/search', { method: 'DELETE' }), 400, /no search query/);
  });

  it('refuses setting read state by IDs and search at once, as Mailpit does', async () => {
    const res = await request('/api/v1/messages', { method: 'PUT', json: { IDs: ['x'], Search: 'subject:a', Read: true } });
    await expectError(res, 400, /either IDs or a search/);
  });

  it('answers 400 naming the field when a body or query breaks the schema', async () => {
    await expectError(await request('/api/v1/messages', { method: 'PUT', json: { Read: 'perhaps' } }), 400, /Read must be boolean/);
    await expectError(await request('/api/v1/messages?limit=-1'), 400, /limit must be >= 0/);
    await expectError(await request('/api/v1/tags', { method: 'PUT', json: { IDs: 'x', Tags: { a: 1 } } }), 400, /Tags must be array/);
    await expectError(await request('/api/v1/send', { method: 'POST', json: { To: [{ Email: 'a@b.test' }] } }), 400, /must have required property 'From'/);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await request('/api/v1/messages', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"Read": tru' });
    await expectError(res, 400, /invalid JSON body/);
  });

  it('answers 400 naming prototype poisoning for a JSON body with a __proto__ key, and stores nothing', async () => {
    const before = ((await (await request('/api/v1/messages')).json()) as { total: number }).total;
    const body = '{"From":{"Email":"a@example.test"},"To":[{"Email":"b@example.test"}],"Headers":{"__proto__":"x"}}';
    const res = await request('/api/v1/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await expectError(res, 400, /"__proto__" key.*\(prototype poisoning\)/);
    const nested = '{"Read":true,"x":{"constructor":{"prototype":{"polluted":1}}}}';
    await expectError(await request('/api/v1/messages', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: nested }), 400, /prototype poisoning/);
    expect(((await (await request('/api/v1/messages')).json()) as { total: number }).total).toBe(before);
  });

  it('refuses bad send requests with 400 and a message naming the problem', async () => {
    const base = { From: { Email: 'a@example.test' }, To: [{ Email: 'b@example.test' }] };
    const post = (json: unknown) => request('/api/v1/send', { method: 'POST', json });
    await expectError(await post({ ...base, To: [{ Email: 'not an address' }] }), 400, /invalid To address: not an address/);
    await expectError(await post({ ...base, Bcc: ['nope'] }), 400, /invalid Bcc address/);
    await expectError(await post({ ...base, From: { Email: '' } }), 400, /invalid From address/);
    await expectError(await post({ ...base, Headers: { Subject: 'x' } }), 400, /cannot overwrite header: "Subject"/);
    await expectError(await post({ ...base, Headers: { 'X-Evil': 'a\r\nBcc: victim@example.test' } }), 400, /line breaks/);
    await expectError(await post({ ...base, Attachments: [{ Filename: 'a.bin', Content: '!!not base64!!' }] }), 400, /base64 attachment "a.bin"/);
    expect((await request('/api/v1/messages').then((r) => r.json())) as { total: number }).toMatchObject({ total: 0 });
  });

  it('answers GET /api/events without an upgrade with 426', async () => {
    await expectError(await request('/api/events'), 426, /WebSocket/);
  });
});

describe('successful answers', () => {
  it('answers mutations with the plain text ok', async () => {
    const id = await send('to mutate');
    const calls: Array<[string, RequestInit & { json?: unknown }]> = [
      ['/api/v1/messages', { method: 'PUT', json: { IDs: [id], Read: true } }],
      ['/api/v1/tags', { method: 'PUT', json: { IDs: [id], Tags: ['a'] } }],
      ['/api/v1/tags/a', { method: 'PUT', json: { Name: 'b' } }],
      ['/api/v1/tags/b', { method: 'DELETE' }],
      ['/api/v1/search?query=subject:nothing', { method: 'DELETE' }],
      ['/api/v1/messages', { method: 'DELETE', json: { IDs: [id] } }],
    ];
    for (const [path, init] of calls) {
      const res = await request(path, init);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('ok');
    }
  });

  it('deletes every message on DELETE without a body, and reads a JSON body whatever its content type', async () => {
    const keep = await send('keep');
    const drop = await send('drop');
    // curl -X DELETE -d '{"IDs":[…]}' sends application/x-www-form-urlencoded.
    const res = await request('/api/v1/messages', {
      method: 'DELETE',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ IDs: [drop] }),
    });
    expect(await res.text()).toBe('ok');
    const after = (await (await request('/api/v1/messages')).json()) as { messages: Array<{ ID: string }> };
    expect(after.messages.map((m) => m.ID)).toEqual([keep]);
    expect(await (await request('/api/v1/messages', { method: 'DELETE' })).text()).toBe('ok');
    expect(((await (await request('/api/v1/messages')).json()) as { total: number }).total).toBe(0);
  });

  it('resolves latest?query= to the newest message matching the search on every message route', async () => {
    const alpha = await send('alpha report');
    await send('beta report');
    const message = (await (await request('/api/v1/message/latest?query=subject:alpha')).json()) as { ID: string };
    expect(message.ID).toBe(alpha);
    expect(await (await request('/api/v1/message/latest/raw?query=subject:alpha')).text()).toContain('Subject: alpha report');
    expect(await (await request('/view/latest.txt?query=subject:alpha')).text()).toContain('Body of alpha report');
    const headers = (await (await request('/api/v1/message/latest/headers?query=subject:beta')).json()) as Record<string, string[]>;
    expect(headers.Subject).toEqual(['beta report']);
    await expectError(await request('/api/v1/message/latest?query=subject:gamma'), 404);
  });

  it('offers the raw source as a download named after the ID with dl=1', async () => {
    const id = await send('download me');
    const res = await request(`/api/v1/message/${id}/raw?dl=1`);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.eml"`);
    expect((await request(`/api/v1/message/${id}/raw`)).headers.get('content-disposition')).toBeNull();
  });

  it('maps a message without From or recipients to From null and empty arrays, never null', async () => {
    const id = await sendRaw('Subject: nobody\nDate: Tue, 01 Oct 2024 10:00:00 +0000\n\nno addresses here\n');
    const list = (await (await request('/api/v1/messages')).json()) as { messages: Array<Record<string, unknown>> };
    expect(list.messages[0]).toMatchObject({ ID: id, From: null, To: [], Cc: [], ReplyTo: [], Tags: [] });
    const message = (await (await request(`/api/v1/message/${id}`)).json()) as Record<string, unknown>;
    expect(message).toMatchObject({ From: null, To: [], Cc: [], ReplyTo: [], Attachments: [], Inline: [], Date: '2024-10-01T10:00:00.000Z' });
  });

  it('answers list and search with every Mailpit wrapper key', async () => {
    await send('first');
    for (const path of ['/api/v1/messages', '/api/v1/search?query=first']) {
      const body = (await (await request(path)).json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['count', 'messages', 'messages_count', 'messages_unread', 'start', 'tags', 'total', 'unread']);
    }
  });
});

describe('webroot', () => {
  it('serves every route below --webroot and nothing at the root', async () => {
    const rooted = await startTestServer(['--webroot', '/mail/']);
    try {
      expect(rooted.urls.http).toMatch(/\/mail\/$/);
      const send = await fetch(rooted.api('/api/v1/send'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ From: { Email: 'a@example.test' }, To: [{ Email: 'b@example.test' }], HTML: '<img src="cid:x">' }),
      });
      const { ID } = (await send.json()) as { ID: string };
      expect((await fetch(rooted.api('/api/v1/messages'))).status).toBe(200);
      expect((await fetch(rooted.api(`/view/${ID}.html`))).status).toBe(200);
      expect((await fetch(rooted.api('/livez'))).status).toBe(200);
      const outside = new URL('/api/v1/messages', rooted.urls.http).toString();
      expect((await fetch(outside)).status).toBe(404);
    } finally {
      await rooted.close();
    }
  });
});
