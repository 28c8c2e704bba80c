import type { CheckEnginesConfig } from '../config/types.js';
import type { EventBus } from '../core/bus.js';
import { DevmailError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { StoredMessage } from '../core/types.js';
import { parseWithParts } from '../mime/index.js';
import { checkAuthentication, type AuthCheckResult } from './auth/auth-check.js';
import { CheckResultCache } from './result-cache.js';
import { SharedBrowser } from './screenshot/browser.js';
import { ConcurrencyLimit } from './screenshot/concurrency-limit.js';
import { renderScreenshot, type ScreenshotWidth } from './screenshot/render-screenshot.js';
import { checkWithRspamd, type RspamdResult } from './spam/rspamd-client.js';
import { checkWithSpamAssassin, type SpamAssassinResult } from './spam/sa-check.js';
import { makeThumbnail } from './thumbs/thumbnail.js';

/** Screenshots rendered at once: each holds a browser page (~30–60 MB) and a core while it paints. */
const MAX_CONCURRENT_SCREENSHOTS = 2;

/**
 * Screenshots kept. A full-page PNG of a 100 KB newsletter is 1–1.5 MB, so they get their own
 * small cache rather than a share of the per-message one (2,000 of them would be gigabytes).
 */
const MAX_CACHED_SCREENSHOTS = 24;

/** A part's thumbnail and the name to offer it under. */
export interface Thumbnail {
  jpeg: Buffer;
  fileName: string;
}

/**
 * The checks that need an engine outside devmail's own code — spamd, Rspamd, DNS, Chromium,
 * libvips — run on demand, each result cached per message. An engine that is off answers 404
 * (as Mailpit's sa-check does when disabled); one that is down, slow or broken answers 503,
 * 504 or 502 within the configured timeout (see engine-errors).
 */
export interface EngineChecks {
  /** Which spam engines are configured (their checks answer not_found otherwise). */
  readonly enabled: { spamAssassin: boolean; rspamd: boolean };
  /** SpamAssassin's verdict in Mailpit's shape. */
  spamAssassin(message: StoredMessage): Promise<SpamAssassinResult>;
  /** Rspamd's verdict. */
  rspamd(message: StoredMessage): Promise<RspamdResult>;
  /** DKIM, SPF, DMARC and ARC results. */
  authentication(message: StoredMessage): Promise<AuthCheckResult>;
  /** A PNG of the message rendered at `width`. */
  screenshot(message: StoredMessage, width: ScreenshotWidth): Promise<Buffer>;
  /** A 180×120 JPEG of a part, or null when the message has no such part. */
  thumbnail(message: StoredMessage, partId: string): Promise<Thumbnail | null>;
  /** Ends the browser, if one was started. */
  close(): Promise<void>;
}

/** What the engine checks need: their config slice, the shared result cache, the bus, a logger, our host name. */
export interface EngineChecksDeps {
  config: CheckEnginesConfig;
  cache: CheckResultCache;
  /** Screenshots leave their own cache when their message goes. */
  bus: EventBus;
  logger: Logger;
  /** Names devmail in the Authentication-Results it writes. */
  hostname: string;
}

/** Makes the engine checks; nothing is contacted or launched until a check is asked for. */
export function createEngineChecks({ config, cache, bus, logger, hostname }: EngineChecksDeps): EngineChecks {
  const browser = new SharedBrowser(config.chromiumPath, logger);
  const screenshots = new ConcurrencyLimit(MAX_CONCURRENT_SCREENSHOTS);
  const screenshotCache = new CheckResultCache({ maxEntries: MAX_CACHED_SCREENSHOTS });
  const stopFollowing = screenshotCache.followDeletions(bus);
  const timeoutMs = config.timeoutMs;
  return {
    enabled: { spamAssassin: config.spamassassin !== null, rspamd: config.rspamd !== null },
    spamAssassin(message) {
      const address = config.spamassassin ?? notEnabled('SpamAssassin', '--enable-spamassassin');
      return cache.get(message.summary.id, 'sa-check', '', () => checkWithSpamAssassin(address, message.raw, timeoutMs));
    },
    rspamd(message) {
      const url = config.rspamd ?? notEnabled('Rspamd', '--enable-rspamd');
      return cache.get(message.summary.id, 'rspamd-check', '', () => checkWithRspamd(url, message.raw, message.envelope, timeoutMs));
    },
    authentication(message) {
      return cache.get(message.summary.id, 'auth-check', '', () =>
        checkAuthentication(message.raw, message.envelope, { dnsServer: config.dnsServer, timeoutMs, hostname, source: message.source }),
      );
    },
    screenshot(message, width) {
      return screenshotCache.get(message.summary.id, 'screenshot', String(width), async () => {
        const { parsed, parts } = await parseWithParts(message.raw);
        const input = { html: parsed.html, text: parsed.text, parts };
        return screenshots.run(() => renderScreenshot(browser, input, { width, allowRemote: config.screenshotRemoteContent, allowInternal: config.allowInternalHttpRequests, timeoutMs }));
      });
    },
    thumbnail(message, partId) {
      return cache.get(message.summary.id, 'thumb', partId, async () => {
        const { parts } = await parseWithParts(message.raw);
        const found = parts.find((p) => p.part.partId === partId);
        if (!found) return null;
        const jpeg = await makeThumbnail(found.content, found.part.contentType);
        return { jpeg, fileName: found.part.fileName || found.part.contentId };
      });
    },
    close: () => {
      stopFollowing();
      return browser.close();
    },
  };
}

function notEnabled(engine: string, flag: string): never {
  throw new DevmailError('not_found', `${engine} is not enabled (start devmail with ${flag})`);
}
