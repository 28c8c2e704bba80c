export { runLoad, type LoadOptions, type LoadProgress, type LoadResult } from './generator.js';
export { buildLoadTemplate, SUBJECT_WORDS, SENDER_COUNT, LOAD_DOMAIN, type LoadMessageTemplate } from './message-template.js';
export { isLoopbackAddress, resolvesToLoopback } from './loopback.js';
export {
  SmtpConnection,
  SmtpClientError,
  sendTransaction,
  encodeDataBody,
  queuedId,
  replyText,
  type SmtpReply,
  type Transaction,
  type TransactionOutcome,
} from './smtp-client.js';
export { percentile, LatencyRecorder, Tally, type LatencySummary } from './stats.js';
