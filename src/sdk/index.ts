/**
 * devmail's client for test suites (`import { DevmailClient } from 'devmail/sdk'`): wait for
 * the email your app sent, then read its links, codes, bodies and attachments.
 */
export { DevmailClient, toSearch } from './client.js';
export { DevmailMessage, type MessageAttachment } from './message.js';
export { DevmailApiError } from './http.js';
export { extractLinks, type MessageLink } from './links.js';
export { findCodes, type CodeOptions } from './codes.js';
export type {
  ApiAddress,
  ApiList,
  ApiMessage,
  ApiPart,
  ApiSummary,
  AuthCheckResult,
  CalendarResult,
  DevmailClientOptions,
  HtmlCheckResult,
  LinkCheckResult,
  LintResult,
  MessagePage,
  PageOptions,
  RspamdCheckResult,
  SpamCheckResult,
  WaitForCriteria,
} from './types.js';
