import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWithNodemailer, startTestServer, type TestServer } from './harness.js';

/**
 * Header names that are also names on Object.prototype. Assigned to a plain `{}`, `__proto__`
 * replaces the prototype (and JSON.stringify drops it), and an own `hasOwnProperty` breaks code
 * that calls it: every route that shows headers must list them as ordinary keys.
 */

let server: TestServer;
let id: string;

const raw = [
  'From: sender@example.test',
  'To: rcpt@example.test',
  'Subject: prototype names',
  '__proto__: polluted',
  'constructor: ctor-value',
  'toString: to-string-value',
  'hasOwnProperty: own-value',
  'X-After: still here',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'body',
  '',
].join('\r\n');

beforeAll(async () => {
  server = await startTestServer();
  await sendWithNodemailer(server, { envelope: { from: 'sender@example.test', to: ['rcpt@example.test'] }, raw });
  const list = (await (await fetch(server.api('/api/v1/messages'))).json()) as { messages: Array<{ ID: string }> };
  id = list.messages[0].ID;
});
afterAll(async () => {
  await server.close();
});

async function getJson(path: string, accept = 'application/json'): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(server.api(path), { headers: { Accept: accept } });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

/** Own keys as JSON carries them: JSON.parse keeps `__proto__` as an own property. */
function own(obj: unknown, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

describe('headers named like Object.prototype members', () => {
  it('GET /api/v1/message/{ID}/headers lists them with their values', async () => {
    const { status, body } = await getJson(`/api/v1/message/${id}/headers`);
    expect(status).toBe(200);
    expect(own(body, '__proto__')).toEqual(['polluted']);
    expect(own(body, 'Constructor')).toEqual(['ctor-value']);
    expect(own(body, 'Tostring')).toEqual(['to-string-value']);
    expect(own(body, 'Hasownproperty')).toEqual(['own-value']);
    expect(own(body, 'X-After')).toEqual(['still here']);
    expect(own(body, 'Subject')).toEqual(['prototype names']);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('GET /api/v1/message/{ID} answers the message', async () => {
    const { status, body } = await getJson(`/api/v1/message/${id}`);
    expect(status).toBe(200);
    expect(body.Subject).toBe('prototype names');
    expect(body.Text).toContain('body');
  });

  it('MailHog GET /api/v1/messages/{id} and /api/v2/messages show them in Content.Headers', async () => {
    const one = await getJson(`/api/v1/messages/${id}`, '*/*');
    expect(one.status).toBe(200);
    const headers = (one.body.Content as { Headers: unknown }).Headers;
    expect(own(headers, '__proto__')).toEqual(['polluted']);
    expect(own(headers, 'hasOwnProperty')).toEqual(['own-value']);
    expect(own(headers, 'X-After')).toEqual(['still here']);
    const list = await getJson('/api/v2/messages', '*/*');
    const item = (list.body.items as Array<{ Content: { Headers: unknown } }>)[0];
    expect(own(item.Content.Headers, '__proto__')).toEqual(['polluted']);
    expect(own(item.Content.Headers, 'constructor')).toEqual(['ctor-value']);
  });

  it('MailDev GET /email/{id} (2.x and 3.x) and GET /email show them in headers', async () => {
    for (const path of [`/email/${id}`, `/api/email/${id}`]) {
      const { status, body } = await getJson(path);
      expect(status).toBe(200);
      expect(own(body.headers, '__proto__')).toBe('polluted');
      expect(own(body.headers, 'constructor')).toBe('ctor-value');
      expect(own(body.headers, 'tostring')).toBe('to-string-value');
      expect(own(body.headers, 'hasownproperty')).toBe('own-value');
      expect(own(body.headers, 'x-after')).toBe('still here');
    }
    const res = await fetch(server.api('/email'), { headers: { Accept: 'application/json' } });
    const all = JSON.parse(await res.text()) as Array<{ headers: unknown }>;
    expect(own(all[0].headers, '__proto__')).toBe('polluted');
  });

  it('Inbucket GET /api/v1/mailbox/{name}/{id} shows them in header', async () => {
    const { status, body } = await getJson(`/api/v1/mailbox/rcpt/${id}`);
    expect(status).toBe(200);
    expect(own(body.header, '__proto__')).toEqual(['polluted']);
    expect(own(body.header, 'Constructor')).toEqual(['ctor-value']);
    expect(own(body.header, 'Hasownproperty')).toEqual(['own-value']);
    expect(own(body.header, 'X-After')).toEqual(['still here']);
  });
});
