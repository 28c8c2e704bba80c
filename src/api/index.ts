/** devmail's HTTP API: build the Fastify app (the caller listens). */
export { buildHttpApp } from './app.js';
export type { ApiDeps, SmtpInfo } from './context.js';
export {
  MESSAGE_HTML_CSP,
  EMBEDDED_HTML_CSP,
  CAPTURED_FILE_CSP,
} from './http/security-headers.js';
