import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';

/** devmail's MCP server at /mcp, driven by the SDK's own client over streamable HTTP. */

async function send(server: TestServer, mail: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.urls.smtp.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: 'App <app@example.com>', to: 'dev@example.com', ...mail });
  } finally {
    transport.close();
  }
}

async function connect(server: TestServer, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'devmail-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.api('/mcp')), { requestInit: { headers } }));
  return client;
}

interface ToolAnswer {
  isError?: boolean;
  content: Array<{ type: string; text: string }>;
}

/** Calls a tool and parses its JSON text (or returns the error text). */
async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<any> {
  const result = (await client.callTool({ name, arguments: args })) as ToolAnswer;
  const text = result.content[0]?.text ?? '';
  return result.isError ? { error: text } : JSON.parse(text);
}

describe('MCP server', () => {
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    server = await startTestServer();
    client = await connect(server);
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('offers its tools', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'auth_check', 'delete_messages', 'get_codes', 'get_links', 'get_message', 'html_check', 'link_check', 'lint', 'list_messages', 'search_messages', 'wait_for_message',
    ]); // no spam_check or rspamd_check: no spam engine is configured
    const wait = tools.find((t) => t.name === 'wait_for_message');
    expect(Object.keys(wait?.inputSchema.properties ?? {}).sort()).toEqual(['query', 'since', 'timeoutMs']);
  });

  it('lists, searches and reads messages, and finds their links and codes', async () => {
    await send(server, {
      subject: 'Confirm your account',
      text: 'Your code is 482913. Confirm at https://app.example/confirm?t=abc or call 555-0100.',
      html: '<p>Code <b>482913</b>. <a href="https://app.example/confirm?t=abc&amp;x=1">Confirm account</a> <a href="javascript:alert(1)">x</a></p>',
    });
    await send(server, { subject: 'Weekly news', text: 'Nothing to see' });

    const list = await call(client, 'list_messages', { limit: 10 });
    expect(list.total).toBe(2);
    expect(list.messages.map((m: any) => m.Subject)).toEqual(['Weekly news', 'Confirm your account']);

    const found = await call(client, 'search_messages', { query: 'subject:confirm' });
    expect(found.messages).toHaveLength(1);
    const id = found.messages[0].ID as string;

    const message = await call(client, 'get_message', { id });
    expect(message).toMatchObject({ ID: id, Subject: 'Confirm your account', From: { Name: 'App', Address: 'app@example.com' } });
    expect(message.Text).toContain('482913');
    expect((await call(client, 'list_messages')).unread).toBe(2); // reading through MCP leaves read state alone

    const links = await call(client, 'get_links', { id });
    expect(links.Links).toEqual([
      { URL: 'https://app.example/confirm?t=abc&x=1', Text: 'Confirm account' },
      { URL: 'https://app.example/confirm?t=abc', Text: '' },
    ]);
    expect((await call(client, 'get_codes', { id })).Codes).toEqual(['482913']);
    expect((await call(client, 'get_codes', { id: 'latest', pattern: 'Nothing (\\w+)' })).Codes).toEqual(['to']);
    expect((await call(client, 'get_codes', { id, pattern: '(' })).error).toMatch(/not a valid regular expression/);
    expect((await call(client, 'get_message', { id: 'no-such-id' })).error).toBe('message not found');
  });

  it('waits on new mail for a matching message, and times out with Found false', async () => {
    const waiting = call(client, 'wait_for_message', { query: 'subject:"password reset"', timeoutMs: 60_000 });
    await send(server, { subject: 'Something else' });
    await send(server, { subject: 'Your password reset' });
    const result = await waiting;
    expect(result).toMatchObject({ Found: true, Message: { Subject: 'Your password reset' } });

    const since = new Date(Date.now() - 60_000).toISOString();
    expect(await call(client, 'wait_for_message', { query: 'subject:"password reset"', since, timeoutMs: 60_000 })).toMatchObject({ Found: true });
    expect(await call(client, 'wait_for_message', { query: 'subject:"never sent"', timeoutMs: 300 })).toEqual({ Found: false });
  });

  it('deletes by IDs, by search, or all, and asks for exactly one of them', async () => {
    await send(server, { subject: 'delete me one' });
    await send(server, { subject: 'delete me two' });
    const [one] = (await call(client, 'search_messages', { query: 'subject:"delete me one"' })).messages;
    expect(await call(client, 'delete_messages', { ids: [one.ID] })).toEqual({ Deleted: 1, IDs: [one.ID] });
    expect((await call(client, 'delete_messages', { query: 'subject:"delete me"' })).Deleted).toBe(1);
    expect((await call(client, 'delete_messages', {})).error).toMatch(/exactly one/);
    expect((await call(client, 'delete_messages', { ids: ['x'], all: true })).error).toMatch(/exactly one/);
    const before = (await call(client, 'list_messages')).total;
    expect(before).toBeGreaterThan(0);
    expect(await call(client, 'delete_messages', { all: true })).toEqual({ Deleted: before });
    expect((await call(client, 'list_messages')).total).toBe(0);
  });

  it('refuses cross-origin browser requests and answers GET with 405', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const cross = await fetch(server.api('/mcp'), { method: 'POST', headers: { ...headers, origin: 'http://evil.example' }, body });
    expect(cross.status).toBe(403);
    expect((await fetch(server.api('/mcp'))).status).toBe(405);
  });
});

describe('MCP server behind basic auth', () => {
  let dir: string;
  let server: TestServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'devmail-mcp-'));
    const file = join(dir, 'users');
    writeFileSync(file, 'mcp-user:s3cret\n');
    server = await startTestServer(['--ui-auth-file', file]);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs the same credentials as the API', async () => {
    await expect(connect(server)).rejects.toMatchObject({ code: 401, message: expect.stringMatching(/unauthorized/) });
    await expect(connect(server, { authorization: `Basic ${Buffer.from('mcp-user:wrong').toString('base64')}` })).rejects.toMatchObject({ code: 401 });
    const client = await connect(server, { authorization: `Basic ${Buffer.from('mcp-user:s3cret').toString('base64')}` });
    expect((await call(client, 'list_messages')).total).toBe(0);
    await client.close();
  });
});
