import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/checks/screenshot/browser.js';
import { repoRoot } from './built-cli.js';

/** Debian's Chromium, which scripts/test-services.sh installs. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Starts headless Chromium for one test file. Each launch gets a fresh temporary profile (what
 * playwright-core's launch does), and nothing phones out: no background networking, component
 * updates or sync (the flags screenshots use).
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Where screenshots go: test-artifacts/ (gitignored), kept after the run. */
export function artifactPath(name: string): string {
  const dir = join(repoRoot, 'test-artifacts', 'ui');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/** Device widths the UI is checked at, from a small phone to a 4K screen. */
export const WIDTHS = [
  { name: 'phone', width: 360, height: 740 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'desktop', width: 1280, height: 800 },
  { name: '4k', width: 3840, height: 2160 },
] as const;

/** Collects what a page (and every frame in it) did that a test may need to refute. */
export function watchPage(page: Page): { errors: string[]; dialogs: string[]; requests: Array<{ method: string; url: string }> } {
  const seen = { errors: [] as string[], dialogs: [] as string[], requests: [] as Array<{ method: string; url: string }> };
  page.on('pageerror', (err) => seen.errors.push(err.message));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => seen.requests.push({ method: request.method(), url: request.url() }));
  return seen;
}
