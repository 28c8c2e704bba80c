export { startSmtpServer } from './server.js';
export { errorToReply } from './replies.js';
export { buildProxyV2Header } from './proxy-protocol.js';
export type {
  SmtpReply,
  SessionInfo,
  SmtpHandler,
  SmtpServer,
  PolicyResult,
  StartSmtpServerOptions,
} from './types.js';
