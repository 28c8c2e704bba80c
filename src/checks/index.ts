/** On-demand checks of captured messages: each runs when asked, cached per message. */
export { CheckResultCache } from './result-cache.js';
export { createEngineChecks, type EngineChecks, type EngineChecksDeps, type Thumbnail } from './engine-checks.js';
export { SCREENSHOT_WIDTHS, type ScreenshotWidth } from './screenshot/render-screenshot.js';
export type { SpamAssassinResult } from './spam/sa-check.js';
export type { RspamdResult } from './spam/rspamd-client.js';
export type { AuthCheckResult } from './auth/auth-check.js';
export { runHtmlCheck } from './html-compat/html-check.js';
export type { HtmlCheckResponse, HtmlCheckWarning, HtmlCheckResult } from './html-compat/html-check-types.js';
export { extractLinks, LinkChecker, internalAddressReason, type LinkCheckerOptions, type LinkCheckResponse, type LinkResult } from './links/index.js';
export { lintMessage, type LintReport } from './lint/lint-message.js';
export type { LintFinding, LintLocation, LintSeverity } from './lint/lint-types.js';
export { summariseCalendars, parseCalendar, type CalendarInvitation, type CalendarEvent } from './parts/calendar.js';
export { createCheckThread, type CheckThread } from './check-thread.js';
export type { ContentCheckName, ContentCheckResult } from './content-checks.js';
