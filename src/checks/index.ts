/** On-demand checks of a captured message; engine-backed ones through `createEngineChecks`. */
export { CheckResultCache } from './result-cache.js';
export { createEngineChecks, type EngineChecks, type EngineChecksDeps, type Thumbnail } from './engine-checks.js';
export { SCREENSHOT_WIDTHS, type ScreenshotWidth } from './screenshot/render-screenshot.js';
export type { SpamAssassinResult } from './spam/sa-check.js';
export type { RspamdResult } from './spam/rspamd-client.js';
export type { AuthCheckResult } from './auth/auth-check.js';
