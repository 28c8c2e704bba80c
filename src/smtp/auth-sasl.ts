import { randomBytes } from 'node:crypto';
import { R, syntaxError } from './replies.js';
import type { SmtpReply } from './types.js';

/** SASL mechanisms the engine speaks (RFC 4954 with RFC 4616 PLAIN, LOGIN, RFC 2195 CRAM-MD5). */
export type SaslMechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5';

/** One step of an AUTH exchange: ask the client, check what it gave, or fail. */
export type SaslStep =
  | { kind: 'challenge'; text: string }
  | { kind: 'password'; user: string; password: string }
  | { kind: 'cram-md5'; user: string; challenge: string; digest: string }
  | { kind: 'fail'; reply: SmtpReply };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const USERNAME_PROMPT = Buffer.from('Username:').toString('base64');
const PASSWORD_PROMPT = Buffer.from('Password:').toString('base64');

/** Decodes a client response; `*` cancels (RFC 4954 §4), bad base64 is a 501. */
function decode(line: string): string | { kind: 'fail'; reply: SmtpReply } {
  if (line === '*') return { kind: 'fail', reply: R.authCancelled };
  if (!BASE64.test(line)) return { kind: 'fail', reply: R.authBadBase64 };
  return Buffer.from(line, 'base64').toString('utf8');
}

/** The state of one AUTH command across its 334 continuations. */
export class SaslExchange {
  private loginUser: string | null = null;
  private cramChallenge = '';

  constructor(
    readonly mechanism: SaslMechanism,
    private readonly hostname: string,
  ) {}

  /** Starts the exchange with the optional initial response (RFC 4954 §4; "=" is an empty one). */
  start(initial: string | undefined): SaslStep {
    if (this.mechanism === 'CRAM-MD5') {
      if (initial !== undefined) return { kind: 'fail', reply: syntaxError('CRAM-MD5 takes no initial response') };
      // RFC 2195 §2: a msg-id-like challenge, unique per exchange.
      this.cramChallenge = `<${randomBytes(8).toString('hex')}.${Date.now()}@${this.hostname}>`;
      return { kind: 'challenge', text: Buffer.from(this.cramChallenge).toString('base64') };
    }
    if (initial === undefined) {
      return { kind: 'challenge', text: this.mechanism === 'PLAIN' ? '' : USERNAME_PROMPT };
    }
    return this.next(initial === '=' ? '' : initial);
  }

  /** Takes the client's next response line. */
  next(line: string): SaslStep {
    const text = decode(line);
    if (typeof text !== 'string') return text;
    switch (this.mechanism) {
      case 'PLAIN': {
        // RFC 4616 §2: [authzid] NUL authcid NUL passwd. Acting as another user is not offered.
        const parts = text.split('\0');
        if (parts.length !== 3 || parts[1] === '') return { kind: 'fail', reply: syntaxError('Bad PLAIN response') };
        if (parts[0] !== '' && parts[0] !== parts[1]) return { kind: 'fail', reply: R.authFailed };
        return { kind: 'password', user: parts[1], password: parts[2] };
      }
      case 'LOGIN':
        if (this.loginUser === null) {
          this.loginUser = text;
          return { kind: 'challenge', text: PASSWORD_PROMPT };
        }
        return { kind: 'password', user: this.loginUser, password: text };
      default: {
        const sp = text.lastIndexOf(' ');
        if (sp <= 0) return { kind: 'fail', reply: syntaxError('Bad CRAM-MD5 response') };
        return { kind: 'cram-md5', user: text.slice(0, sp), challenge: this.cramChallenge, digest: text.slice(sp + 1) };
      }
    }
  }
}

/** Reads the mechanism name of an AUTH command, or null when we do not offer it. */
export function saslMechanism(name: string, cramMd5: boolean): SaslMechanism | null {
  const upper = name.toUpperCase();
  if (upper === 'PLAIN' || upper === 'LOGIN') return upper;
  if (upper === 'CRAM-MD5' && cramMd5) return upper;
  return null;
}
