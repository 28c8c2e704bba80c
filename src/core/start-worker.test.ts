import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './start-worker.js';

const run = promisify(execFile);

describe('workerExecArgv', () => {
  it('lets a worker inherit the process flags, V8 flags included', () => {
    expect(workerExecArgv(['--max-semi-space-size=4', '--enable-source-maps'])).toEqual({});
  });

  it('drops --input-type and the flags a worker refuses, keeping loaders', () => {
    expect(workerExecArgv(['--input-type=module', '--max-semi-space-size=4', '--import', 'tsx', '--no-warnings'])).toEqual({
      execArgv: ['--import', 'tsx', '--no-warnings'],
    });
  });
});

describe('startWorker', () => {
  // A process started with V8 flags (and with --input-type) must still start its threads.
  it.each([
    ['V8 flags', ['--max-semi-space-size=4', '--stack-trace-limit=20']],
    ['V8 flags and --input-type', ['--max-semi-space-size=4', '--input-type=module']],
  ])('starts a worker in a process run with %s', async (_name, flags) => {
    const source = new URL('./start-worker.ts', import.meta.url).href;
    const script = `
      import { startWorker } from ${JSON.stringify(source)};
      const w = startWorker(new URL('data:text/javascript,import { parentPort } from "node:worker_threads"; parentPort.postMessage("up")'));
      w.once('message', (m) => { console.log(m); process.exit(0); });
      w.once('error', (e) => { console.error(e.message); process.exit(1); });`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', ...flags, '--eval', script], { timeout: 20_000 });
    expect(stdout.trim()).toBe('up');
  });
});
