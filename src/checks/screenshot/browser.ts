import type { Browser } from 'playwright-core';
import { DevmailError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { engineFailed } from '../engine-errors.js';
import { findChromium } from './find-chromium.js';

/**
 * Chromium's flags for rendering captured mail headless: no GPU, and none of the browser's own
 * traffic (updates, sync, safe-browsing pings). The sandbox needs user namespaces that
 * containers and root seldom have; content is still confined by JavaScript being off, remote
 * requests being refused and each screenshot getting its own browser context.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * One headless Chromium shared by every screenshot, launched on first use and again if it
 * dies; `close()` ends it with devmail.
 */
export class SharedBrowser {
  private launching: Promise<Browser> | null = null;
  private closed = false;

  constructor(
    private readonly configuredPath: string | null,
    private readonly logger: Logger,
  ) {}

  /** The running browser, launching it if needed: 501 when there is none, 502 when it fails to start. */
  get(): Promise<Browser> {
    if (this.closed) return Promise.reject(new DevmailError('unavailable', 'devmail is shutting down'));
    this.launching ??= this.launch().catch((err) => {
      this.launching = null;
      throw err;
    });
    return this.launching;
  }

  /** Closes the browser, if one was launched. */
  async close(): Promise<void> {
    this.closed = true;
    const launching = this.launching;
    this.launching = null;
    const browser = await launching?.catch(() => null);
    await browser?.close().catch(() => undefined);
  }

  private async launch(): Promise<Browser> {
    const executablePath = findChromium(this.configuredPath);
    if (!executablePath) {
      throw new DevmailError(
        'not_implemented',
        this.configuredPath
          ? `screenshots need Chromium: --chromium-path ${this.configuredPath} is not an executable file`
          : 'screenshots need Chromium: none found (install chromium or set --chromium-path)',
      );
    }
    let browser: Browser;
    try {
      // Loaded on first use: playwright-core costs ~1.5 s and ~90 MB at import.
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
    } catch (err) {
      throw engineFailed(`Chromium (${executablePath})`, `did not start: ${(err as Error).message.split('\n')[0]}`, err);
    }
    this.logger.info({ executablePath, version: browser.version() }, 'screenshot browser started');
    browser.on('disconnected', () => {
      if (this.closed) return;
      this.logger.warn('screenshot browser exited; the next screenshot starts another');
      this.launching = null;
    });
    return browser;
  }
}
