import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, sendRaw } from '../support/send-eml.js';
import { hasService } from '../support/services.js';
import { closedPort } from '../support/silent-servers.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * The check tools of devmail's MCP server, driven by the SDK's own client: each answers what
 * its REST route answers, on real messages (the newsletter fixture, a mail linking to an HTTP
 * server on loopback, GTUBE for the real spamd).
 */

interface ToolAnswer {
  isError?: boolean;
  content: Array<{ type: string; text: string }>;
}

describe('MCP check tools', () => {
  let server: TestServer;
  let client: Client;
  let web: http.Server;
  let base = '';
  const spamd = hasService('spamassassin');

  beforeAll(async () => {
    web = http.createServer((req, res) => res.writeHead(req.url === '/ok' ? 200 : 404).end());
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
    server = await startTestServer([
      '--allow-internal-http-requests',
      '--dns-server', `127.0.0.1:${await closedPort()}`,
      ...(spamd ? ['--enable-spamassassin', '127.0.0.1:783'] : []),
    ]);
    client = new Client({ name: 'devmail-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.api('/mcp'))));
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await new Promise((resolve) => web?.close(resolve));
  });

  async function call(name: string, args: Record<string, unknown>): Promise<any> {
    const result = (await client.callTool({ name, arguments: args })) as ToolAnswer;
    const text = result.content[0]?.text ?? '';
    return result.isError ? { error: text } : JSON.parse(text);
  }

  async function rest(path: string): Promise<unknown> {
    return (await fetch(server.api(path))).json();
  }

  it('html_check, lint and auth_check answer what their routes answer', async () => {
    const id = await sendRaw(server, fixture('newsletter.eml'), { from: 'bounce-42@mailer.example.net', to: ['alice@example.test'] });
    const html = await call('html_check', { id });
    expect(html.Total.Nodes).toBeGreaterThan(900);
    expect(html).toEqual(await rest(`/api/v1/message/${id}/html-check`));
    const lint = await call('lint', { id: 'latest' });
    expect(lint.findings.map((f: { code: string }) => f.code)).toContain('html-gmail-clipping');
    expect(lint).toEqual(await rest(`/api/v1/message/${id}/lint`));
    const auth = await call('auth_check', { id });
    expect(auth.CannotVerify).toBe(true);
    expect(auth).toEqual(await rest(`/api/v1/message/${id}/auth-check`));
    expect((await call('lint', { id: 'no-such-id' })).error).toBe('message not found');
  });

  it('link_check reports each link of a message', async () => {
    const raw = ['From: shop@shop.test', 'To: a@example.test', 'Subject: Links', 'Content-Type: text/html', '', `<a href="${base}/ok">ok</a> <a href="${base}/gone">gone</a>`, ''].join('\r\n');
    const id = await sendRaw(server, raw, { from: 'shop@shop.test', to: ['a@example.test'] });
    const result = await call('link_check', { id, follow: true });
    expect(result.Errors).toBe(1);
    expect(result.Links.map((l: { URL: string; StatusCode: number }) => [l.URL, l.StatusCode])).toEqual([[`${base}/ok`, 200], [`${base}/gone`, 404]]);
  });

  it.skipIf(!spamd)('spam_check is offered with the engine configured and scores GTUBE as spam', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('spam_check');
    expect(tools.map((t) => t.name)).not.toContain('rspamd_check');
    const id = await sendRaw(server, fixture('spam-gtube.eml'), { from: 'deals@offers.example.test', to: ['victim@example.test'] });
    const result = await call('spam_check', { id });
    expect(result).toMatchObject({ IsSpam: true, Error: '' });
    expect(result.Rules.map((r: { Name: string }) => r.Name)).toContain('GTUBE');
  });
});
