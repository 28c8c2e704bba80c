import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

/** The OpenAPI document made from the route schemas, the probes and the Prometheus metrics. */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

describe('OpenAPI document', () => {
  it('parses and lists every route with its methods', async () => {
    const res = await fetch(server.api('/api/v1/openapi.json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const doc = JSON.parse(await res.text()) as OpenApiDoc;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('devmail API');
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/v1/messages',
        'PUT /api/v1/messages',
        'DELETE /api/v1/messages',
        'GET /api/v1/search',
        'DELETE /api/v1/search',
        'GET /api/v1/message/{ID}',
        'GET /api/v1/message/{ID}/headers',
        'GET /api/v1/message/{ID}/raw',
        'GET /api/v1/message/{ID}/part/{PartID}',
        'POST /api/v1/send',
        'GET /api/v1/tags',
        'PUT /api/v1/tags',
        'PUT /api/v1/tags/{Tag}',
        'DELETE /api/v1/tags/{Tag}',
        'GET /api/v1/info',
        'GET /api/v1/webui',
        'GET /view/{ID}.html',
        'GET /view/{ID}.txt',
        'GET /api/events',
        'GET /livez',
        'GET /readyz',
        'GET /metrics',
      ]),
    );
    expect(routes.some((r) => r.includes('openapi.json'))).toBe(false);
    expect(doc.paths['/api/v1/messages'].get.summary).toBe('List messages');
    expect(Object.keys(doc.paths['/api/v1/message/{ID}'].get.responses ?? {})).toEqual(expect.arrayContaining(['200', '404']));
  });

  it('names the shared schemas as components with Mailpit field names', async () => {
    const doc = (await (await fetch(server.api('/api/v1/openapi.json'))).json()) as OpenApiDoc;
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Address', 'MessageSummary', 'Attachment', 'Error']));
    expect(Object.keys(doc.components.schemas.MessageSummary.properties ?? {})).toEqual(
      expect.arrayContaining(['ID', 'MessageID', 'Read', 'From', 'To', 'Subject', 'Created', 'Tags', 'Size', 'Attachments', 'Snippet']),
    );
  });
});

describe('probes and metrics', () => {
  it('answers livez and readyz with 200', async () => {
    for (const path of ['/livez', '/readyz']) {
      const res = await fetch(server.api(path));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('ok');
    }
  });

  it('counts received messages in the Prometheus metrics', async () => {
    const value = async (name: string) => {
      const text = await (await fetch(server.api('/metrics'))).text();
      const line = text.split('\n').find((l) => l.startsWith(`${name} `));
      return line ? Number(line.split(' ')[1]) : NaN;
    };
    const before = await value('devmail_messages_received_total');
    const res = await fetch(server.api('/api/v1/send'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ From: { Email: 'a@example.test' }, To: [{ Email: 'b@example.test' }], Subject: 'count me' }),
    });
    expect(res.status).toBe(200);
    // The counter is fed from the bus, which hears of the message once it is indexed.
    await new MailpitPoll(server).untilListed('count me');
    expect(await value('devmail_messages_received_total')).toBe(before + 1);
    const metrics = await (await fetch(server.api('/metrics'))).text();
    expect(metrics).toMatch(/^devmail_messages\{state="all"\} \d+$/m);
    expect(metrics).toMatch(/^devmail_http_requests_total\{method="POST",route="\/api\/v1\/send",status="200"\} 1$/m);
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });
});

/** Waits (by polling the API) until a message with `subject` is listed. */
class MailpitPoll {
  constructor(private readonly server: TestServer) {}
  async untilListed(subject: string): Promise<void> {
    for (;;) {
      const res = await fetch(this.server.api(`/api/v1/search?query=${encodeURIComponent(`subject:"${subject}"`)}`));
      if (((await res.json()) as { messages_count: number }).messages_count > 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
