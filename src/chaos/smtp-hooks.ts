import type { Envelope } from '../core/types.js';
import type { PolicyResult, PolicyVerdict, SessionInfo, SmtpHandler, SmtpReply } from '../smtp/index.js';
import type { ChaosEngine } from './engine.js';
import type { ChaosContext, ChaosStage, ChaosVerdict } from './types.js';

/** What the hooks need besides the engine. */
export interface ChaosHookOptions {
  /** The inbox a recipient's mail goes to (rules may match on it). */
  inboxOf: (recipient: string) => string;
}

/**
 * SMTP policy hooks that ask the chaos engine at every stage, around the real `onData`. With no
 * delay to wait they answer at once, so a server without rules keeps its pipelined replies
 * batched. A delay is waited here (the engine keeps the session busy meanwhile); a reply or drop
 * is answered; a throttle is handed to the engine. After DATA, a refusal means the message is
 * not stored, and the client is told so. The inner handler's own hooks run after chaos passes.
 */
export function withChaos(engine: ChaosEngine, inner: SmtpHandler, opts: ChaosHookOptions): SmtpHandler {
  // The sender of each session's transaction, for rules at RCPT that match on it.
  const senders = new WeakMap<SessionInfo, string>();
  const inboxes = (recipients: readonly string[]) => [...new Set(recipients.map(opts.inboxOf))];

  function ask(stage: ChaosStage, ctx: ChaosContext, next: (() => PolicyVerdict) | undefined): PolicyVerdict {
    const verdict = engine.evaluate(stage, ctx);
    const then = (): PolicyVerdict => {
      const chaos = resultOf(verdict);
      if ((chaos && 'code' in chaos) || !next) return chaos;
      const own = next();
      return own instanceof Promise ? own.then((r) => r ?? chaos) : (own ?? chaos);
    };
    return verdict.delayMs > 0 ? sleep(verdict.delayMs).then(then) : then();
  }

  return {
    onConnect: (s) => ask('connect', {}, inner.onConnect && (() => inner.onConnect!(s))),
    onEhlo: (s, name) => ask('ehlo', {}, inner.onEhlo && (() => inner.onEhlo!(s, name))),
    onAuth: (s, user) => ask('auth', { user }, inner.onAuth && (() => inner.onAuth!(s, user))),
    onMailFrom: (s, address, params) => {
      senders.set(s, address);
      return ask('mail', { sender: address, user: s.authUser }, inner.onMailFrom && (() => inner.onMailFrom!(s, address, params)));
    },
    onRcptTo: (s, address, params) => {
      const ctx = { sender: senders.get(s), recipients: [address], user: s.authUser, inboxes: inboxes([address]) };
      return ask('rcpt', ctx, inner.onRcptTo && (() => inner.onRcptTo!(s, address, params)));
    },
    onDataStart: (s, envelope) => ask('data', contextOf(envelope, inboxes), inner.onDataStart && (() => inner.onDataStart!(s, envelope))),
    onData: async (s, envelope: Envelope, raw: Buffer): Promise<{ id: string } | SmtpReply> => {
      const verdict = engine.evaluate('after-data', contextOf(envelope, inboxes));
      if (verdict.delayMs > 0) await sleep(verdict.delayMs);
      if (verdict.reply) return verdict.reply;
      return inner.onData(s, envelope, raw);
    },
  };
}

function resultOf(verdict: ChaosVerdict): PolicyResult {
  if (verdict.reply) return verdict.reply;
  if (verdict.throttleBytesPerSecond !== null) return { throttleBytesPerSecond: verdict.throttleBytesPerSecond };
  return undefined;
}

function contextOf(envelope: Envelope, inboxes: (r: readonly string[]) => string[]): ChaosContext {
  return { sender: envelope.mailFrom, recipients: envelope.rcptTo, user: envelope.authUser ?? null, inboxes: inboxes(envelope.rcptTo) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
