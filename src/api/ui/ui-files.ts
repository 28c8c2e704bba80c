import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The built web UI (`npm run build` → dist/web): its folder and its page. The page is read
 * once; asset URLs Vite wrote relative (`./assets/…`) are made absolute under the webroot, so
 * the same page works at `/`, `/view/{ID}` and `/search` and under any `--webroot`.
 */
export interface UiFiles {
  /** Folder of the hashed assets (JS, CSS, icons). */
  assetsDir: string;
  /** index.html with asset URLs under the webroot. */
  page: string;
}

/**
 * dist/web of this package: `src/api/ui/` (tests) and `dist/api/ui/` (built) both sit three
 * levels below the package root.
 */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../../dist/web/', import.meta.url));

/** Reads the built UI from `dir`, or null when it has not been built. */
export function loadUiFiles(basePath: string, dir: string = DEFAULT_UI_DIR): UiFiles | null {
  const pagePath = `${dir}/index.html`;
  if (!existsSync(pagePath)) return null;
  const page = readFileSync(pagePath, 'utf8').replace(/(["'])\.\/assets\//g, `$1${basePath}/assets/`);
  return { assetsDir: `${dir}/assets`, page };
}
