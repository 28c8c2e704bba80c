import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The built CLI that tests which spawn devmail (sendmail, kill -9, bench) run. */
export const builtCli = join(repoRoot, 'dist/cli/main.js');

/**
 * Builds dist/ when it is missing or older than any source file. Called once per test run
 * from the global set-up, before test files run in parallel.
 */
export function ensureBuilt(): void {
  const built = existsSync(builtCli) ? statSync(builtCli).mtimeMs : 0;
  if (newestSource(join(repoRoot, 'src')) <= built) return;
  const tsc = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: repoRoot, encoding: 'utf8' });
  // tsc still emits when some other module has a type error; only a missing CLI is fatal here.
  if (!existsSync(builtCli)) throw new Error(`the build produced no ${builtCli}:\n${tsc.stdout}${tsc.stderr}`);
}

/** The built web UI's page, which the server serves and the browser tests open. */
export const builtUiPage = join(repoRoot, 'dist/web/index.html');

/** Builds dist/web (Vite) when it is missing or older than any file under src/web. */
export function ensureUiBuilt(): void {
  const built = existsSync(builtUiPage) ? statSync(builtUiPage).mtimeMs : 0;
  if (newestSource(join(repoRoot, 'src/web'), /\.(tsx?|css|html|svg)$/) <= built) return;
  const vite = spawnSync(process.execPath, [join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: repoRoot,
    encoding: 'utf8',
    // The test runner sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (vite.status !== 0 || !existsSync(builtUiPage)) throw new Error(`the web UI build failed:\n${vite.stdout}${vite.stderr}`);
}

function newestSource(dir: string, pattern = /\.ts$/): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path, pattern));
    else if (pattern.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}
