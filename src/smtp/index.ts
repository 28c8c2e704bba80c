export { startSmtpServer } from './server.js';
export { errorToReply } from './replies.js';
export { buildProxyV2Header } from './proxy-protocol.js';
export { SessionLog } from './session-log.js';
export type { Transcript, TranscriptLine, TranscriptSource } from './transcript.js';
export type {
  SmtpReply,
  SessionInfo,
  SmtpHandler,
  SmtpServer,
  PolicyResult,
  ThrottleDirective,
  PolicyVerdict,
  StartSmtpServerOptions,
} from './types.js';
