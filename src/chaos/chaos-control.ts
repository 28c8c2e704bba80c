import { ChaosEngine, type ChaosEngineOptions } from './engine.js';
import { jimRules, type JimSettings } from './jim.js';
import { defaultMailpitTriggers, mailpitTriggerRules, type MailpitTriggers } from './mailpit-triggers.js';
import type { ChaosRuleSpec } from './types.js';

/** How chaos starts: what the flags said. */
export interface ChaosStartOptions extends ChaosEngineOptions {
  /** Mailpit's `--enable-chaos` (or triggers given): `/api/v1/chaos` answers only then. */
  mailpitEnabled: boolean;
  /** Mailpit triggers to start with (default: Mailpit's, never triggered). */
  mailpitTriggers?: MailpitTriggers;
  /** Rules from the rules file. */
  rules?: ChaosRuleSpec[];
  /** Jim invited at start with these settings, or null. */
  jim?: JimSettings | null;
}

/**
 * The chaos state the API changes and the SMTP hooks read: one engine holding devmail's own
 * rules, Mailpit's triggers and MailHog's Jim, each kept as rules of its own source.
 */
export class ChaosControl {
  readonly engine: ChaosEngine;
  /** Mailpit's chaos switch: off, `/api/v1/chaos` refuses as Mailpit does. */
  readonly mailpitEnabled: boolean;
  private triggers: MailpitTriggers;
  private jimSettings: JimSettings | null = null;

  constructor(opts: ChaosStartOptions) {
    this.engine = new ChaosEngine(opts);
    this.mailpitEnabled = opts.mailpitEnabled;
    for (const spec of opts.rules ?? []) this.engine.add(spec, 'file');
    this.triggers = defaultMailpitTriggers();
    this.setMailpitTriggers(opts.mailpitTriggers ?? this.triggers);
    this.setJim(opts.jim ?? null);
  }

  /** Mailpit's triggers as last set. */
  get mailpitTriggers(): MailpitTriggers {
    return structuredClone(this.triggers);
  }

  /** Replaces Mailpit's triggers. */
  setMailpitTriggers(triggers: MailpitTriggers): void {
    this.triggers = structuredClone(triggers);
    this.engine.replaceSource('mailpit', mailpitTriggerRules(this.triggers));
  }

  /** Jim's settings, or null when he is not invited. */
  get jim(): JimSettings | null {
    return this.jimSettings ? { ...this.jimSettings } : null;
  }

  /** Invites Jim with these settings, or sends him home with null. */
  setJim(settings: JimSettings | null): void {
    this.jimSettings = settings ? { ...settings } : null;
    this.engine.replaceSource('jim', settings ? jimRules(settings) : []);
  }
}
