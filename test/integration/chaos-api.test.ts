import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailpitClient } from 'mailpit-api';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferAfterEach } from '../support/cleanup.js';
import { startTestServer, type TestServer } from './harness.js';

const defer = deferAfterEach();

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'devmail-chaos-api-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function start(argv: string[] = []): Promise<TestServer> {
  const server = await startTestServer(argv);
  defer(() => server.close());
  return server;
}

async function call(server: TestServer, method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(server.api(path), {
    method,
    headers: body === undefined ? {} : { 'content-type': type },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // a text answer
  }
  return { status: res.status, text, json };
}

describe("Mailpit's /api/v1/chaos", () => {
  it('answers 400 "Chaos is not enabled" without --enable-chaos, as Mailpit does', async () => {
    const server = await start();
    const mailpit = new MailpitClient(server.urls.http);
    await expect(mailpit.getChaosTriggers()).rejects.toThrow(/400/);
    expect(await call(server, 'GET', '/api/v1/chaos')).toMatchObject({ status: 400, json: { Error: 'Chaos is not enabled' } });
    expect(await call(server, 'PUT', '/api/v1/chaos', { Sender: { ErrorCode: 451, Probability: 100 } })).toMatchObject({ status: 400 });
    expect((await mailpit.getConfiguration()).ChaosEnabled).toBe(false);
  });

  it('gets and sets the triggers through the mailpit-api client once enabled', async () => {
    const server = await start(['--enable-chaos']);
    const mailpit = new MailpitClient(server.urls.http);
    expect((await mailpit.getConfiguration()).ChaosEnabled).toBe(true);
    expect(await mailpit.getChaosTriggers()).toEqual({
      Sender: { ErrorCode: 451, Probability: 0 },
      Recipient: { ErrorCode: 451, Probability: 0 },
      Authentication: { ErrorCode: 535, Probability: 0 },
    });
    expect(await mailpit.setChaosTriggers({ Recipient: { ErrorCode: 550, Probability: 100 } })).toEqual({
      Sender: { ErrorCode: 451, Probability: 0 },
      Recipient: { ErrorCode: 550, Probability: 100 },
      Authentication: { ErrorCode: 535, Probability: 0 },
    });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.urls.smtp.port, secure: false, ignoreTLS: true });
    defer(() => transport.close());
    await expect(transport.sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'x' })).rejects.toMatchObject({ response: '550 Chaos recipient error' });
    // The trigger shows among the rules, and is changed only through its own route.
    const rules = (await call(server, 'GET', '/api/v1/chaos/rules')).json as { Rules: Array<{ ID: string; Source: string }> };
    expect(rules.Rules).toEqual([expect.objectContaining({ ID: 'mailpit-recipient', Source: 'mailpit' })]);
    expect(await call(server, 'DELETE', '/api/v1/chaos/rules/mailpit-recipient')).toMatchObject({
      status: 409,
      json: { Error: "rule mailpit-recipient stands for Mailpit's triggers; change it through PUT /api/v1/chaos" },
    });
    expect(await mailpit.setChaosTriggers()).toMatchObject({ Recipient: { ErrorCode: 451, Probability: 0 } });
    expect(((await call(server, 'GET', '/api/v1/chaos/rules')).json as { Rules: unknown[] }).Rules).toEqual([]);
  });

  it('refuses bad triggers with Mailpit-style messages', async () => {
    const server = await start(['--chaos-triggers', 'Authentication:454:10']);
    expect((await call(server, 'GET', '/api/v1/chaos')).json).toMatchObject({ Authentication: { ErrorCode: 454, Probability: 10 } });
    expect(await call(server, 'PUT', '/api/v1/chaos', { Sender: { ErrorCode: 200, Probability: 1 } })).toEqual({
      status: 400,
      text: expect.any(String),
      json: { Error: 'Sender: error code must be between 400 and 599 (Sender: 200)' },
    });
    expect((await call(server, 'PUT', '/api/v1/chaos', { Sender: { ErrorCode: 451, Probability: 101 } })).json).toEqual({
      Error: 'Sender: probability must be between 0 and 100 (Sender: 101)',
    });
  });

  it('stops start-up on bad --chaos-triggers, naming the flag', async () => {
    await expect(startTestServer(['--chaos-triggers', 'Sender:451'])).rejects.toThrow(
      '--chaos-triggers / DEVMAIL_CHAOS_TRIGGERS: "Sender:451" is not <trigger>:<error-code>:<probability>',
    );
  });
});

describe('/api/v1/chaos/rules', () => {
  it('adds, lists, gets and deletes rules', async () => {
    const server = await start(['--chaos-seed', '99']);
    const added = await call(server, 'POST', '/api/v1/chaos/rules', {
      Stage: 'rcpt',
      Match: { Recipient: '*@bounce.test' },
      Action: { Type: 'reply', Code: 550, EnhancedCode: '5.1.1', Text: 'No such user' },
      Probability: 0.5,
      Times: 3,
      Seed: 7,
      Description: 'bounces',
    });
    expect(added).toMatchObject({ status: 201 });
    expect(added.json).toEqual({
      ID: '1',
      Source: 'api',
      Stage: 'rcpt',
      Match: { Recipient: '*@bounce.test' },
      Action: { Type: 'reply', Code: 550, EnhancedCode: '5.1.1', Text: 'No such user', Disconnect: false },
      Probability: 0.5,
      Times: 3,
      Seed: 7,
      Description: 'bounces',
      Matched: 0,
      Fired: 0,
    });
    await call(server, 'POST', '/api/v1/chaos/rules', { Stage: 'connect', Action: { Type: 'delay', Ms: 10 } });
    const list = (await call(server, 'GET', '/api/v1/chaos/rules')).json as { Seed: number; Rules: Array<{ ID: string }> };
    expect(list.Seed).toBe(99);
    expect(list.Rules.map((r) => r.ID)).toEqual(['1', '2']);
    expect((await call(server, 'GET', '/api/v1/chaos/rules/2')).json).toMatchObject({ Stage: 'connect', Action: { Type: 'delay', Ms: 10 } });
    expect(await call(server, 'DELETE', '/api/v1/chaos/rules/2')).toMatchObject({ status: 200, text: 'ok' });
    expect(await call(server, 'GET', '/api/v1/chaos/rules/2')).toMatchObject({ status: 404, json: { Error: 'chaos rule not found' } });
    expect(await call(server, 'DELETE', '/api/v1/chaos/rules')).toMatchObject({ status: 200, text: 'ok' });
    expect(((await call(server, 'GET', '/api/v1/chaos/rules')).json as { Rules: unknown[] }).Rules).toEqual([]);
  });

  it.each([
    [{ Stage: 'rcpt', Action: { Type: 'reply', Code: 250 } }, 'Action.Code must be an SMTP reply code from 400 to 599; got 250'],
    [{ Stage: 'rcpt', Action: { Type: 'reply', Code: 451 }, Probability: 2 }, 'Probability must be a number from 0 to 1; got 2'],
    [{ Stage: 'rcpt', Action: { Type: 'reply', Code: 451 }, Chance: 1 }, 'unknown field Chance (expected Stage, Match, Action, Probability, Times, Seed, Description)'],
    [{ Stage: 'greeting', Action: { Type: 'drop' } }, 'Stage must be one of connect, ehlo, auth, mail, rcpt, data, after-data; got "greeting"'],
    [{ Stage: 'connect', Match: { Recipient: 'x' }, Action: { Type: 'drop' } }, 'Match.Recipient is not known at stage connect; it can be used at rcpt, data, after-data'],
    [[], 'body must be object'],
  ])('answers 400 with a precise message to %j', async (body, message) => {
    const server = await sharedServer();
    expect(await call(server, 'POST', '/api/v1/chaos/rules', body)).toMatchObject({ status: 400, json: { Error: message } });
  });

  it('answers 400 to bad JSON and 415 to a body that is not declared JSON', async () => {
    const server = await sharedServer();
    const bad = await call(server, 'POST', '/api/v1/chaos/rules', '{"Stage": ');
    expect(bad.status).toBe(400);
    expect((bad.json as { Error: string }).Error).toMatch(/^invalid JSON body/);
    expect((await call(server, 'POST', '/api/v1/chaos/rules', '{}', 'text/plain')).status).toBe(415);
    expect(((await call(server, 'GET', '/api/v1/chaos/rules')).json as { Rules: unknown[] }).Rules).toEqual([]);
  });

  it('loads --chaos-rules-file at start, and stops start-up on a bad one naming the rule', async () => {
    const good = join(dir, 'rules.json');
    await writeFile(good, JSON.stringify([{ Stage: 'mail', Action: { Type: 'reply', Code: 421 } }]));
    const server = await start(['--chaos-rules-file', good]);
    expect((await call(server, 'GET', '/api/v1/chaos/rules')).json).toMatchObject({ Rules: [{ ID: '1', Source: 'file', Stage: 'mail' }] });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ Rules: [{ Stage: 'mail', Action: { Type: 'drop' } }, { Stage: 'mail', Action: { Type: 'delay' } }] }));
    await expect(startTestServer(['--chaos-rules-file', bad])).rejects.toThrow(
      '--chaos-rules-file / DEVMAIL_CHAOS_RULES_FILE: rule 2: Action.Ms must be a whole number of milliseconds from 0 to 600000; got nothing',
    );
  });
});

let shared: TestServer | null = null;
async function sharedServer(): Promise<TestServer> {
  shared ??= await startTestServer();
  return shared;
}
afterAll(() => shared?.close());

describe("MailHog's /api/v2/jim", () => {
  it("follows MailHog's statuses and defaults and maps onto the engine", async () => {
    const server = await start();
    expect(await call(server, 'GET', '/api/v2/jim')).toMatchObject({ status: 404 });
    expect(await call(server, 'PUT', '/api/v2/jim', { AcceptChance: 1 })).toMatchObject({ status: 404 });
    expect(await call(server, 'DELETE', '/api/v2/jim')).toMatchObject({ status: 404 });
    expect(await call(server, 'POST', '/api/v2/jim')).toMatchObject({ status: 201, text: '' });
    expect((await call(server, 'GET', '/api/v2/jim')).json).toEqual({
      DisconnectChance: 0.005,
      AcceptChance: 0.99,
      LinkSpeedAffect: 0.1,
      LinkSpeedMin: 1024,
      LinkSpeedMax: 10240,
      RejectSenderChance: 0.05,
      RejectRecipientChance: 0.05,
      RejectAuthChance: 0.05,
    });
    expect(await call(server, 'POST', '/api/v2/jim')).toMatchObject({ status: 400, json: { Error: 'Jim is already invited' } });
    const jimRules = ((await call(server, 'GET', '/api/v1/chaos/rules')).json as { Rules: Array<{ ID: string }> }).Rules.map((r) => r.ID);
    expect(jimRules).toContain('jim-accept');
    expect(jimRules).toContain('jim-linkspeed');

    // As in MailHog, settings left out are 0: here every sender is refused and nothing else happens.
    expect(await call(server, 'PUT', '/api/v2/jim', { AcceptChance: 1, RejectSenderChance: 1 })).toMatchObject({ status: 200, text: '' });
    expect((await call(server, 'GET', '/api/v2/jim')).json).toMatchObject({ AcceptChance: 1, RejectSenderChance: 1, DisconnectChance: 0, LinkSpeedAffect: 0 });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.urls.smtp.port, secure: false, ignoreTLS: true });
    defer(() => transport.close());
    await expect(transport.sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'x' })).rejects.toMatchObject({ responseCode: 550, response: '550 5.1.7 Invalid sender' });

    expect(await call(server, 'PUT', '/api/v2/jim', { AcceptChance: 2 })).toMatchObject({ status: 400, json: { Error: 'AcceptChance is a chance and must be from 0 to 1' } });
    expect(await call(server, 'PUT', '/api/v2/jim', { Accept: 1 })).toMatchObject({ status: 400 });
    expect(await call(server, 'DELETE', '/api/v2/jim')).toMatchObject({ status: 200 });
    expect(await call(server, 'GET', '/api/v2/jim')).toMatchObject({ status: 404, json: { Error: 'Jim is not invited' } });
    expect(((await call(server, 'GET', '/api/v1/chaos/rules')).json as { Rules: unknown[] }).Rules).toEqual([]);
    await transport.sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'x' });
  });

  it('comes at start with --invite-jim, and refuses every connection with AcceptChance 0', async () => {
    const server = await start(['--invite-jim']);
    expect((await call(server, 'GET', '/api/v2/jim')).json).toMatchObject({ AcceptChance: 0.99 });
    expect(await call(server, 'PUT', '/api/v2/jim', { RejectAuthChance: 0 })).toMatchObject({ status: 200 });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.urls.smtp.port, secure: false, ignoreTLS: true });
    defer(() => transport.close());
    await expect(transport.sendMail({ from: 'a@x.test', to: 'b@x.test', text: 'x' })).rejects.toMatchObject({ code: 'ECONNECTION' });
  });
});
