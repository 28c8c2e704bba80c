import { SaslExchange, saslMechanism, type SaslStep } from './auth-sasl.js';
import { isRefusal, R, syntaxError } from './replies.js';
import type { Session } from './session.js';

/**
 * AUTH may be used here: with acceptAny anywhere (a sandbox that takes any password has
 * nothing to protect), else only under TLS unless allowInsecure (RFC 4954 §4: a server
 * should not take plain-text passwords in the clear). Not offered where it would be refused.
 */
export function authOffered(s: Session): boolean {
  const { tls, auth } = s.ctx.config;
  if (tls.requireStartTls && !s.info.tls) return false;
  return auth.acceptAny || s.info.tls !== null || auth.allowInsecure;
}

/** AUTH, RFC 4954 §4. Payloads are never logged (the session logs `*hidden*`). */
export async function auth(s: Session, arg: string): Promise<void> {
  if (!s.info.esmtp) return s.send(R.heloFirst);
  if (s.info.authUser !== null) return s.send(R.authAlready);
  if (s.tx) return s.send(R.authInTransaction);
  const cfg = s.ctx.config;
  if (cfg.tls.requireStartTls && !s.info.tls) return s.send(R.startTlsFirst);
  if (!authOffered(s)) return s.send(R.authNeedsTls);
  const parts = arg.trim().split(' ');
  if (parts[0] === '' || parts.length > 2) return s.send(syntaxError('Syntax: AUTH mechanism [initial-response]'));
  const mechanism = saslMechanism(parts[0], s.ctx.verifier.supportsCramMd5);
  if (!mechanism) return s.send(R.authUnknownMech);
  const exchange = new SaslExchange(mechanism, cfg.hostname);
  return advance(s, exchange, exchange.start(parts[1]));
}

/** A line sent in answer to a 334 challenge. */
export function continueAuth(s: Session, line: string): Promise<void> {
  const exchange = s.sasl!;
  return advance(s, exchange, exchange.next(line));
}

async function advance(s: Session, exchange: SaslExchange, step: SaslStep): Promise<void> {
  if (step.kind === 'challenge') {
    s.beginSasl(exchange);
    return s.send({ code: 334, text: step.text });
  }
  s.endSasl();
  if (step.kind === 'fail') return s.send(step.reply);
  const { verifier } = s.ctx;
  const ok =
    step.kind === 'password'
      ? await s.track(() => verifier.verifyPlain(step.user, step.password))
      : verifier.verifyCramMd5(step.user, step.challenge, step.digest);
  if (!ok) {
    s.log.info({ user: step.user, mechanism: exchange.mechanism }, 'authentication failed');
    s.transcript?.event(`authentication failed for user ${JSON.stringify(step.user)}`);
    return s.send(R.authFailed);
  }
  const hook = s.ctx.handler.onAuth;
  const verdict = hook ? await s.runHook('onAuth', () => hook.call(s.ctx.handler, s.info, step.user)) : null;
  if (verdict && isRefusal(verdict)) return s.send(verdict);
  s.info.authUser = step.user;
  s.transcript?.event(`authenticated as ${JSON.stringify(step.user)}`);
  s.log.debug({ user: step.user, mechanism: exchange.mechanism }, 'authenticated');
  s.send(verdict ?? R.authOk);
}
