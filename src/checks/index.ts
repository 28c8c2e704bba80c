/**
 * On-demand checks of captured messages: each runs when asked, cached per message. The content
 * checks' code (HTML scan, CSS parse, lint, links, calendars) runs in the check thread and is
 * not exported here, so the server's thread never loads htmlparser2 or postcss.
 */
export { CheckResultCache } from './result-cache.js';
export { createEngineChecks, type EngineChecks, type EngineChecksDeps, type Thumbnail } from './engine-checks.js';
export { SCREENSHOT_WIDTHS, type ScreenshotWidth } from './screenshot/render-screenshot.js';
export type { SpamAssassinResult } from './spam/sa-check.js';
export type { RspamdResult } from './spam/rspamd-client.js';
export type { AuthCheckResult } from './auth/auth-check.js';
export type { HtmlCheckResponse, HtmlCheckWarning, HtmlCheckResult } from './html-compat/html-check-types.js';
export { LinkChecker, type LinkCheckerOptions } from './links/link-checker.js';
export type { LinkCheckResponse, LinkResult } from './links/link-check-types.js';
export type { LintReport } from './lint/lint-message.js';
export type { LintFinding, LintLocation, LintSeverity } from './lint/lint-types.js';
export type { CalendarInvitation, CalendarEvent } from './parts/calendar.js';
export { createCheckThread, type CheckThread } from './check-thread.js';
export type { ContentCheckName, ContentCheckResult } from './content-checks.js';
