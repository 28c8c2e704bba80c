import { generateKeyPairSync } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { dkimSign, sealMessage } from 'mailauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestDnsServer, type TestDnsServer } from '../support/dns-server.js';
import { sendRaw } from '../support/send-eml.js';
import { startTestServer, type TestServer } from './harness.js';

/**
 * GET /api/v1/message/{ID}/auth-check: a message DKIM-signed here with a fresh test key,
 * verified through --dns-server pointing at a DNS server on 127.0.0.1 that publishes the key,
 * SPF and DMARC; and the same message with no DNS to ask ("cannot verify", not a failure).
 */

interface Verdict {
  Result: string;
  Comment: string;
}
interface AuthResult {
  DKIM: Array<Verdict & { Domain: string; Selector: string; Aligned: boolean }>;
  SPF: Verdict & { Domain: string; ClientIP: string };
  DMARC: Verdict & { Domain: string; Policy: string };
  ARC: Verdict;
  AuthenticationResults: string;
  CannotVerify: boolean;
}

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const envelope = { from: 'news@shop.test', to: ['alice@example.test'] };
const unsigned = [
  'From: "Shop News" <news@shop.test>',
  'To: alice@example.test',
  'Subject: Your order has shipped',
  'Date: Sat, 28 Nov 2026 12:00:00 +0000',
  'Message-ID: <order-42-shipped@shop.test>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Order 42 left our warehouse today.',
  '',
].join('\r\n');

async function signedMessage(): Promise<string> {
  const key = { signingDomain: 'shop.test', selector: 'test2026', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) };
  // mailauth's types want the key at the top; at run time it signs with each of signatureData.
  const { signatures, errors } = await dkimSign(unsigned, { ...key, canonicalization: 'relaxed/relaxed', signatureData: [key] });
  expect(errors).toEqual([]);
  return signatures + unsigned;
}

let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startTestDnsServer({
    'test2026._domainkey.shop.test': { TXT: [`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`] },
    'shop.test': { TXT: ['v=spf1 ip4:127.0.0.1 -all'] },
    '_dmarc.shop.test': { TXT: ['v=DMARC1; p=reject; adkim=s'] },
    'arc2026._domainkey.relay.test': { TXT: [`v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`] },
  });
});
afterAll(() => dns.close());

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function authCheck(id: string): Promise<{ status: number; body: AuthResult }> {
  const res = await fetch(server!.api(`/api/v1/message/${id}/auth-check`));
  return { status: res.status, body: (await res.json()) as AuthResult };
}

describe('auth-check through a DNS server that publishes the test key', () => {
  it('verifies the DKIM signature, and passes SPF for 127.0.0.1 and DMARC for shop.test', async () => {
    server = await startTestServer(['--dns-server', dns.address]);
    const id = await sendRaw(server, await signedMessage(), envelope);
    const { status, body } = await authCheck(id);
    expect(status).toBe(200);
    expect(body.DKIM).toEqual([
      expect.objectContaining({ Result: 'pass', Domain: 'shop.test', Selector: 'test2026', Aligned: true }),
    ]);
    expect(body.SPF).toMatchObject({ Result: 'pass', Domain: 'shop.test', ClientIP: '127.0.0.1' });
    expect(body.DMARC).toMatchObject({ Result: 'pass', Domain: 'shop.test', Policy: 'reject' });
    expect(body.ARC.Result).toBe('none');
    expect(body.CannotVerify).toBe(false);
    expect(body.AuthenticationResults).toMatch(/dkim=pass .*header\.d=shop\.test/);
    expect(body.AuthenticationResults).toMatch(/spf=pass/);
    expect(dns.queries).toContain('test2026._domainkey.shop.test TXT');
  });

  /** The first ARC set a forwarder (relay.test) adds: its seal over what it received. */
  async function arcSealed(message: string): Promise<string> {
    // cv, i and authResults are what a sealer's own checks found; mailauth's types leave them out.
    const seal = { signingDomain: 'relay.test', selector: 'arc2026', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) };
    const headers = await sealMessage(message, { ...seal, cv: 'none', i: 1, authResults: 'relay.test; dkim=pass header.d=shop.test' } as typeof seal);
    expect(headers.toString()).toMatch(/^ARC-Seal:/m);
    return headers.toString() + message;
  }

  it('verifies the ARC set a forwarding server sealed the message with', async () => {
    server = await startTestServer(['--dns-server', dns.address]);
    const id = await sendRaw(server, await arcSealed(await signedMessage()), envelope);
    const { body } = await authCheck(id);
    expect(body.ARC.Result).toBe('pass');
    expect(body.DKIM[0].Result).toBe('pass');
    expect(body.AuthenticationResults).toMatch(/arc=pass/);
  });

  it('does not pass ARC when the sealed message was changed afterwards', async () => {
    server = await startTestServer(['--dns-server', dns.address]);
    const sealed = await arcSealed(await signedMessage());
    const id = await sendRaw(server, sealed.replace('Your order has shipped', 'Your order was cancelled'), envelope);
    const { body } = await authCheck(id);
    expect(body.ARC.Result).toBe('fail');
  });

  it('does not pass DKIM for a body changed after signing', async () => {
    server = await startTestServer(['--dns-server', dns.address]);
    const tampered = (await signedMessage()).replace('Order 42 left', 'Order 43 left');
    const id = await sendRaw(server, tampered, envelope);
    const { body } = await authCheck(id);
    // mailauth reports a body hash mismatch as neutral (RFC 6376 §3.9 leaves the word open).
    expect(body.DKIM[0].Result).toBe('neutral');
    expect(body.DKIM[0].Comment).toMatch(/body hash did not verify/i);
    expect(body.DMARC.Result).toBe('pass'); // SPF still passes and aligns
  });

  it('fails SPF for an envelope sender whose domain does not allow 127.0.0.1', async () => {
    const strict = await startTestDnsServer({ 'elsewhere.test': { TXT: ['v=spf1 ip4:192.0.2.1 -all'] } });
    try {
      server = await startTestServer(['--dns-server', strict.address]);
      const id = await sendRaw(server, unsigned, { from: 'bounce@elsewhere.test', to: ['alice@example.test'] });
      const { body } = await authCheck(id);
      expect(body.SPF).toMatchObject({ Result: 'fail', Domain: 'elsewhere.test' });
      expect(body.DKIM[0].Result).toBe('none');
    } finally {
      await strict.close();
    }
  });

  it('answers SPF "none" for a message sent through the API, which has no SMTP client IP', async () => {
    server = await startTestServer(['--dns-server', dns.address]);
    const res = await fetch(server.api('/api/v1/send'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ From: { Email: 'news@shop.test' }, To: [{ Email: 'alice@example.test' }], Subject: 'Hi', Text: 'Hello' }),
    });
    const { ID } = (await res.json()) as { ID: string };
    const { status, body } = await authCheck(ID);
    expect(status).toBe(200);
    expect(body.SPF).toMatchObject({ Result: 'none', ClientIP: '' });
    expect(body.SPF.Comment).toMatch(/not received over SMTP/);
  });
});

describe('auth-check with no DNS to ask', () => {
  it('answers "cannot verify" (temperror with the reason) when the DNS server refuses', async () => {
    // A UDP port with nobody on it: queries get ICMP port-unreachable at once.
    const probe = createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const port = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    server = await startTestServer(['--dns-server', `127.0.0.1:${port}`]);
    const id = await sendRaw(server, await signedMessage(), envelope);
    const { status, body } = await authCheck(id);
    expect(status).toBe(200);
    expect(body.CannotVerify).toBe(true);
    expect(body.DKIM[0].Result).toBe('temperror');
    expect(body.SPF.Result).toBe('temperror');
    expect(body.SPF.Comment).toMatch(/ECONNREFUSED/);
  });

  it('answers "cannot verify" within the timeout when the DNS server never answers', async () => {
    const silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      server = await startTestServer(['--dns-server', `127.0.0.1:${silent.address().port}`, '--check-timeout', '1s']);
      const id = await sendRaw(server, await signedMessage(), envelope);
      const { status, body } = await authCheck(id);
      expect(status).toBe(200);
      expect(body.CannotVerify).toBe(true);
      expect(body.DKIM[0].Result).toBe('temperror');
      expect(body.SPF.Result).toBe('temperror');
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
