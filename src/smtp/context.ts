import type { Logger } from '../core/logger.js';
import type { SmtpConfig } from '../config/types.js';
import type { CredentialVerifier } from '../auth/credentials.js';
import type { TlsMaterial } from './tls.js';
import type { SessionInfo, SmtpHandler } from './types.js';
import type { MessageBuffer } from './message-buffer.js';
import type { SessionLog } from './session-log.js';

/** What every session of one server shares. */
export interface ServerContext {
  readonly config: SmtpConfig;
  readonly handler: SmtpHandler;
  readonly logger: Logger;
  /** Null when no certificate could be made: STARTTLS then answers 454 and is not offered. */
  readonly tls: TlsMaterial | null;
  readonly verifier: CredentialVerifier;
  /** Where session transcripts are kept, if anywhere. */
  readonly sessionLog: SessionLog | null;
  /** The server is shutting down: sessions close as soon as they are idle. */
  closing: boolean;
}

/** SessionInfo as the engine writes it. */
export type MutableSessionInfo = { -readonly [K in keyof SessionInfo]: SessionInfo[K] };

/** The mail transaction in progress (RFC 5321 §3.3), from MAIL to the end of the message. */
export interface Transaction {
  /** Reverse-path; '' for the null sender. */
  mailFrom: string;
  mailParams: Record<string, string>;
  rcptTo: string[];
  smtpUtf8: boolean;
  /** BODY=BINARYMIME: only BDAT may carry it (RFC 3030 §3). */
  binaryMime: boolean;
  /** The message so far when BDAT is in use, else null. */
  bdat: MessageBuffer | null;
  /** `<session>.<n>`, in log lines about this transaction. */
  logId: string;
}
