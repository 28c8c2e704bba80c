import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { loadConfig, type Config } from '../../src/config/index.js';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { startDevmail, type RunningDevmail } from '../../src/devmail.js';

/**
 * Starts a whole devmail on loopback with free ports and a throw-away database — the one way
 * tests start a server. `argv` takes the same flags as `devmail serve`; `opts.logger` lets a
 * test read the server's log (else it is silent).
 */
export async function startTestServer(argv: string[] = [], env: Record<string, string> = {}, opts: { logger?: Logger } = {}): Promise<TestServer> {
  const config = loadConfig({
    argv: ['--smtp', '127.0.0.1:0', '--listen', '127.0.0.1:0', '--database', ':temp:', ...argv],
    env,
  });
  const devmail = await startDevmail(config, { logger: opts.logger ?? (process.env.DEVMAIL_TEST_LOGS ? undefined : silentLogger()) });
  return Object.assign(devmail, {
    api: (path: string) => new URL(path.replace(/^\//, ''), devmail.urls.http).toString(),
  });
}

/** A running test server plus a helper that resolves API paths against its base URL. */
export type TestServer = RunningDevmail & {
  /** `api('/api/v1/messages')` → the absolute URL under the server's webroot. */
  api(path: string): string;
};

export type { Config };

/**
 * Sends one message to a test server over SMTP with nodemailer, as an app would (STARTTLS when
 * offered, the generated certificate accepted), on a connection of its own.
 */
export async function sendWithNodemailer(server: TestServer, message: Mail.Options): Promise<void> {
  const transport = nodemailer.createTransport({
    host: server.urls.smtp.host,
    port: server.urls.smtp.port,
    secure: false,
    tls: { rejectUnauthorized: false },
  });
  try {
    await transport.sendMail(message);
  } finally {
    transport.close();
  }
}
