import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web UI's build: src/web → dist/web. Asset URLs are relative (`./assets/…`); the server
 * makes them absolute under its webroot when it serves the page, and chunks find each other
 * relative to their own URL, so one build works under any `--webroot`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The page's CSP allows no inline script or data: module; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  server: {
    // `npx vite --config src/web/vite.config.ts` against a devmail on :8025.
    proxy: { '/api': { target: 'http://127.0.0.1:8025', ws: true }, '/view/': 'http://127.0.0.1:8025' },
  },
});
