import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The UI's initial JavaScript: what the page loads before it can show anything. */
export interface BundleFigures {
  files: string[];
  bytes: number;
  gzipBytes: number;
}

/**
 * Sizes the scripts dist/web/index.html loads at once (its module script and modulepreloads),
 * raw and gzipped at level 9, as a server or CDN in front would send them.
 */
export function measureInitialJs(webDir: string): BundleFigures {
  const page = readFileSync(join(webDir, 'index.html'), 'utf8');
  const files = [...page.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\.\/([^"]+\.js)"/g)].map((m) => m[1]);
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(join(webDir, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files, bytes, gzipBytes };
}
