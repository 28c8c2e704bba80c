import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli } from '../support/built-cli.js';
import { startTestServer, type TestServer } from './harness.js';

const run = promisify(execFile);

/** `devmail load` against a real devmail: what it reports is what the server stored. */
describe('devmail load', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const stored = async () => ((await (await fetch(server.api('/api/v1/messages?limit=1'))).json()) as { total: number }).total;
  const target = () => `${server.urls.smtp.host}:${server.urls.smtp.port}`;

  it('sends over new connections and prints a summary: rate, latency percentiles, replies by code', async () => {
    const before = await stored();
    const { stdout } = await run(process.execPath, [builtCli, 'load', '--to', target(), '--messages', '40', '--sessions', '4', '--size', '3K']);
    expect(stdout).toMatch(/messages\s+40 sent, 40 accepted, 0 failed/);
    expect(stdout).toMatch(/throughput\s+\d+ messages\/s/);
    expect(stdout).toMatch(/latency\s+p50 [\d.]+ ms\s+p95 [\d.]+ ms\s+p99 [\d.]+ ms/);
    expect(stdout).toMatch(/250: 40/);
    expect(await stored()).toBe(before + 40);
  });

  it('reuses connections and reports JSON', async () => {
    const before = await stored();
    const { stdout } = await run(process.execPath, [builtCli, 'load', '--to', target(), '--messages', '60', '--sessions', '3', '--reuse', '--pipelining', '--json']);
    const { result } = JSON.parse(stdout) as { result: { messages: number; accepted: number; failed: number; replies: Record<string, number> } };
    expect(result).toMatchObject({ messages: 60, accepted: 60, failed: 0, replies: { 250: 60 } });
    expect(await stored()).toBe(before + 60);
  });

  it('counts refusals by code and exits non-zero when nothing was accepted', async () => {
    const refusing = await startTestServer(['--smtp-allowed-recipients', '^nobody@nowhere\\.test$']);
    try {
      const failure = await run(process.execPath, [builtCli, 'load', '--to', `${refusing.urls.smtp.host}:${refusing.urls.smtp.port}`, '--messages', '5', '--sessions', '1', '--json']).then(
        () => null,
        (err: { code: number; stdout: string }) => err,
      );
      expect(failure?.code).not.toBe(0);
      const { result } = JSON.parse(failure!.stdout) as { result: { accepted: number; failed: number; replies: Record<string, number> } };
      expect(result.accepted).toBe(0);
      expect(result.failed).toBe(5);
      expect(result.replies[550]).toBe(5);
    } finally {
      await refusing.close();
    }
  });
});
