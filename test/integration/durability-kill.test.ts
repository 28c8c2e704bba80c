import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevmailProcess, type DevmailProcess } from '../../src/bench/server-process.js';
import { buildLoadTemplate, runLoad, type LoadMessageTemplate } from '../../src/load/index.js';
import { builtCli } from '../support/built-cli.js';

const cli = builtCli;

let work: string;
const servers: DevmailProcess[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'devmail-durability-test-'));
}, 240_000);

afterAll(async () => {
  for (const server of servers) await server.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** An acknowledged message: which template and number it was sent as, and the ID in its 250. */
interface Ack {
  template: LoadMessageTemplate;
  seq: number;
  id: string;
}

describe('durability', () => {
  it('keeps every message answered 250 when the server is killed with SIGKILL under load', async () => {
    const database = join(work, 'durable.db');
    const first = await startDevmailProcess({ database, cliPath: cli, args: ['--max', '0'], startTimeoutMs: 60_000 });
    servers.push(first);

    // 2,000 messages over 20 sessions: half on reused connections, half a connection each,
    // both pipelined. The kill comes from inside the ack callback, with hundreds still to go.
    const killAfterAcks = 300;
    const acks: Ack[] = [];
    let killed: Promise<void> | null = null;
    const onAck = (template: LoadMessageTemplate) => (seq: number, id: string) => {
      acks.push({ template, seq, id });
      if (acks.length === killAfterAcks) killed = first.kill();
    };
    const reused = buildLoadTemplate({ sizeBytes: 4096, runId: 'reused' });
    const fresh = buildLoadTemplate({ sizeBytes: 4096, runId: 'fresh' });
    const common = { ...first.smtp, messages: 1000, sessions: 10, sizeBytes: 4096, pipelining: true, timeoutMs: 10_000 };
    const [a, b] = await Promise.all([
      runLoad({ ...common, template: reused, reuse: true, onAccepted: onAck(reused) }),
      runLoad({ ...common, template: fresh, reuse: false, onAccepted: onAck(fresh) }),
    ]);
    expect(killed, 'the server was killed during the load').not.toBeNull();
    await killed;
    // The load went on after the kill and failed: the crash really happened mid-load.
    expect(a.failed + b.failed).toBeGreaterThan(0);
    expect(acks.length).toBeGreaterThanOrEqual(killAfterAcks);
    expect(acks.length).toBeLessThan(2000);
    expect(acks.every((ack) => ack.id.length > 0)).toBe(true);

    const second = await startDevmailProcess({ database, cliPath: cli, args: ['--max', '0'], startTimeoutMs: 60_000 });
    servers.push(second);
    // A bounded wait per request: a hung server fails with a message, not a test timeout.
    const get = (path: string) => fetch(new URL(path, second.http), { signal: AbortSignal.timeout(15_000) });

    const missing: string[] = [];
    const different: string[] = [];
    for (const ack of acks) {
      const res = await get(`api/v1/message/${ack.id}`);
      await res.arrayBuffer();
      if (res.status !== 200) {
        missing.push(`${ack.id} (${ack.template.markerFor(ack.seq)}): ${res.status}`);
        continue;
      }
      const raw = Buffer.from(await (await get(`api/v1/message/${ack.id}/raw`)).arrayBuffer());
      // Stored = devmail's added headers + exactly the bytes sent (marker line included).
      const sent = ack.template.messageFor(ack.seq);
      if (!raw.subarray(raw.length - sent.length).equals(sent)) different.push(`${ack.id} (${ack.template.markerFor(ack.seq)})`);
    }
    expect(missing, 'acknowledged messages missing after the restart').toEqual([]);
    expect(different, 'acknowledged messages whose bytes differ from what was sent').toEqual([]);

    // A message can be committed and its 250 lost with the process; never the other way round.
    const list = (await (await get('api/v1/messages?limit=1')).json()) as { total: number };
    expect(list.total).toBeGreaterThanOrEqual(acks.length);
    await second.stop();
  }, 120_000);
});
