import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { Agent, get, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { installGracefulClose } from './graceful-close.js';

/** A promise to hold an answer on, and one that says it is being held. */
function gate(): { open: () => void; opened: Promise<void>; reached: () => void; held: Promise<void> } {
  let open!: () => void;
  let reached!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const held = new Promise<void>((resolve) => (reached = resolve));
  return { open, opened, reached, held };
}

/**
 * A bare Fastify app with the close policy and two held routes: `/sent` is held after the app's
 * onSend has run (its headers are decided, as a browser's favicon answer sometimes is when
 * close() begins), `/slow` in its handler. Real sockets, Node's keep-alive client.
 */
async function startApp(graceMs: number) {
  const app: FastifyInstance = Fastify();
  installGracefulClose(app, { onClosing: () => undefined, graceMs });
  const sent = gate();
  const slow = gate();
  app.get('/sent', {
    onSend: async (_request, _reply, payload) => {
      sent.reached();
      await sent.opened;
      return payload;
    },
  }, async () => 'sent answer');
  app.get('/slow', async () => {
    slow.reached();
    await slow.opened;
    return 'slow answer';
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, sent, slow };
}

function fetchOver(agent: Agent, url: string): Promise<{ res: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ res, body }));
    }).on('error', reject);
  });
}

/** 'closed' if `closing` settles within `ms`, else 'still open' (without the policy: 72 s). */
function within(ms: number, closing: Promise<unknown>): Promise<'closed' | 'still open'> {
  return Promise.race([closing.then(() => 'closed' as const), delay(ms).then(() => 'still open' as const)]);
}

const agents: Agent[] = [];
afterEach(() => {
  for (const agent of agents.splice(0)) agent.destroy();
});

/** A keep-alive client, destroyed after the test. */
function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAlive: true });
  agents.push(agent);
  return agent;
}

/** Begins close() while `held` holds an answer, then lets the answer go once close() has ended the idle sockets. */
async function closeWhileHeld(app: FastifyInstance, held: ReturnType<typeof gate>): Promise<{ closing: Promise<void> }> {
  await held.held;
  const closing = app.close();
  await delay(100);
  held.open();
  return { closing };
}

describe('installGracefulClose', () => {
  it('ends a keep-alive socket whose answer was decided before close() began, once it is sent', async () => {
    const { app, url, sent } = await startApp(60_000);
    const answer = fetchOver(keepAliveAgent(), `${url}/sent`);
    const { closing } = await closeWhileHeld(app, sent);
    const { res, body } = await answer;
    expect(body).toBe('sent answer');
    expect(res.headers.connection).not.toBe('close'); // decided before close began
    expect(await within(2_000, closing)).toBe('closed'); // not the 72 s keep-alive timeout, nor the grace
  });

  it('says connection: close on an answer made while closing', async () => {
    const { app, url, slow } = await startApp(60_000);
    const answer = fetchOver(keepAliveAgent(), `${url}/slow`);
    const { closing } = await closeWhileHeld(app, slow);
    const { res, body } = await answer;
    expect(body).toBe('slow answer');
    expect(res.headers.connection).toBe('close');
    expect(await within(2_000, closing)).toBe('closed');
  });

  it('cuts a connection still busy after the grace period', async () => {
    const { app, url, slow } = await startApp(300);
    const answer = fetchOver(keepAliveAgent(), `${url}/slow`).catch((err: Error) => err);
    await slow.held;
    const started = Date.now();
    await app.close(); // the answer is never released
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await answer).toBeInstanceOf(Error); // socket hang up
  });

  it('cuts a WebSocket whose client never answers the close frame after the grace period', async () => {
    const app: FastifyInstance = Fastify();
    installGracefulClose(app, { onClosing: () => undefined, graceMs: 300 });
    await app.register(websocket);
    app.get('/ws', { websocket: true }, () => undefined);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const socket = await silentWebSocketClient((app.server.address() as AddressInfo).port);
    try {
      const started = Date.now();
      // Without the cut, ws waits 30 s for the client's close frame.
      expect(await within(5_000, app.close())).toBe('closed');
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      socket.destroy();
    }
  });
});

/** A WebSocket client over a raw socket: it upgrades, then never writes again (no close frame). */
async function silentWebSocketClient(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  const upgraded = new Promise<void>((resolve, reject) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (head.startsWith('HTTP/1.1 101')) resolve();
      else if (head.includes('\r\n')) reject(new Error(`no upgrade: ${head.split('\r\n')[0]}`));
    });
    socket.once('error', reject);
  });
  socket.write(
    'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await upgraded;
  return socket;
}
