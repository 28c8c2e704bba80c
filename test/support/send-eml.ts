import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import type { TestServer } from '../integration/harness.js';

/** A fixture's bytes, from test/fixtures/. */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
}

/**
 * Sends raw message bytes over real SMTP (nodemailer) with the given envelope and returns the
 * stored message's ID, read back from the API.
 */
export async function sendRaw(
  server: TestServer,
  raw: Buffer | string,
  envelope: { from: string; to: string[] },
  opts: { name?: string } = {},
): Promise<string> {
  const transport = nodemailer.createTransport({
    host: server.urls.smtp.host,
    port: server.urls.smtp.port,
    secure: false,
    name: opts.name ?? 'client.example.test',
    tls: { rejectUnauthorized: false },
  });
  try {
    const info = await transport.sendMail({ envelope, raw });
    const id = /queued as (\S+)/.exec(info.response)?.[1];
    if (!id) throw new Error(`no ID in the SMTP answer: ${info.response}`);
    return id;
  } finally {
    transport.close();
  }
}
