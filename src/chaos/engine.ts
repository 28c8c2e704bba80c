import { compilePattern, type Matcher } from './pattern.js';
import { randomSeed, seededRandom, type Random } from './prng.js';
import type { ChaosContext, ChaosReply, ChaosRule, ChaosRuleSource, ChaosRuleSpec, ChaosStage, ChaosVerdict } from './types.js';

/** The sliding window of a rate-limit action. */
const RATE_WINDOW_MS = 60_000;

/** A rule with what evaluating it needs: compiled patterns, its random source, its window. */
interface LiveRule {
  rule: ChaosRule;
  matchers: { sender?: Matcher; recipient?: Matcher; user?: Matcher; inbox?: Matcher };
  random: Random | null;
  /** Times of the matches a rate-limit let through in the last minute. */
  window: number[];
}

/** Options of a ChaosEngine. */
export interface ChaosEngineOptions {
  /** Seed of the random sequence rules without their own seed share (default: random). */
  seed?: number | null;
  /** Clock for rate limits (tests). */
  now?: () => number;
}

/**
 * The failure-injection rules and their evaluation: pure, with no knowledge of sockets. At each
 * stage, `evaluate` walks the rules of that stage in order; a matching rule fires with its
 * probability, at most `times` times. Delays add up and a throttle is remembered while the walk
 * goes on; the first reply, drop or exceeded rate limit ends it.
 */
export class ChaosEngine {
  private readonly rules: LiveRule[] = [];
  private nextId = 1;
  private random: Random;
  private readonly now: () => number;
  /** The seed in use for rules without their own. */
  seed: number;

  constructor(opts: ChaosEngineOptions = {}) {
    this.seed = opts.seed ?? randomSeed();
    this.random = seededRandom(this.seed);
    this.now = opts.now ?? Date.now;
  }

  /** Restarts the shared random sequence (and each seeded rule's) from a seed. */
  reseed(seed: number): void {
    this.seed = seed >>> 0;
    this.random = seededRandom(this.seed);
    for (const live of this.rules) if (live.rule.seed !== null) live.random = seededRandom(live.rule.seed);
  }

  /** Adds a rule at the end; `id` is given for rules that keep a fixed one (Mailpit, Jim). */
  add(spec: ChaosRuleSpec, source: ChaosRuleSource, id?: string): ChaosRule {
    const rule: ChaosRule = { ...spec, match: { ...spec.match }, id: id ?? String(this.nextId++), source, matched: 0, fired: 0 };
    const m = spec.match;
    this.rules.push({
      rule,
      matchers: {
        sender: m.sender ? compilePattern(m.sender) : undefined,
        recipient: m.recipient ? compilePattern(m.recipient) : undefined,
        user: m.user ? compilePattern(m.user) : undefined,
        inbox: m.inbox ? compilePattern(m.inbox) : undefined,
      },
      random: spec.seed !== null ? seededRandom(spec.seed) : null,
      window: [],
    });
    return rule;
  }

  /** Every rule, in evaluation order, optionally of some sources only. */
  list(sources?: readonly ChaosRuleSource[]): ChaosRule[] {
    return this.rules.filter((l) => !sources || sources.includes(l.rule.source)).map((l) => l.rule);
  }

  /** One rule by id. */
  get(id: string): ChaosRule | undefined {
    return this.rules.find((l) => l.rule.id === id)?.rule;
  }

  /** Removes one rule; false when there is none with that id. */
  remove(id: string): boolean {
    const at = this.rules.findIndex((l) => l.rule.id === id);
    if (at < 0) return false;
    this.rules.splice(at, 1);
    return true;
  }

  /** Removes every rule of the given sources; returns how many. */
  removeSources(sources: readonly ChaosRuleSource[]): number {
    let removed = 0;
    for (let i = this.rules.length - 1; i >= 0; i--) {
      if (sources.includes(this.rules[i].rule.source)) {
        this.rules.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  /** Replaces the rules of one source (Mailpit's triggers, Jim) with these, keeping their place at the end. */
  replaceSource(source: ChaosRuleSource, specs: ReadonlyArray<{ id: string; spec: ChaosRuleSpec }>): void {
    this.removeSources([source]);
    for (const { id, spec } of specs) this.add(spec, source, id);
  }

  /** What the rules do at `stage` given what the session knows. */
  evaluate(stage: ChaosStage, ctx: ChaosContext): ChaosVerdict {
    const verdict: ChaosVerdict = { delayMs: 0, throttleBytesPerSecond: null, reply: null, fired: [] };
    for (const live of this.rules) {
      const rule = live.rule;
      if (rule.stage !== stage || !matches(live, ctx)) continue;
      rule.matched++;
      const action = rule.action;
      if (action.type === 'rate-limit') {
        const now = this.now();
        while (live.window.length > 0 && live.window[0] <= now - RATE_WINDOW_MS) live.window.shift();
        if (live.window.length < action.perMinute) {
          live.window.push(now);
          continue;
        }
        rule.fired++;
        verdict.fired.push(rule.id);
        verdict.reply = {
          code: action.code,
          enhanced: action.code === 421 ? '4.7.0' : '4.7.1',
          text: action.text ?? `Rate limit of ${action.perMinute} per minute exceeded, try again later`,
          disconnect: action.code === 421,
        };
        return verdict;
      }
      if (rule.times !== null && rule.fired >= rule.times) continue;
      if (!this.roll(live)) continue;
      rule.fired++;
      verdict.fired.push(rule.id);
      switch (action.type) {
        case 'delay':
          verdict.delayMs += action.ms;
          break;
        case 'throttle': {
          const max = action.maxBytesPerSecond ?? action.bytesPerSecond;
          const pick = max > action.bytesPerSecond ? this.draw(live) : 0;
          verdict.throttleBytesPerSecond = Math.round(action.bytesPerSecond + (max - action.bytesPerSecond) * pick);
          break;
        }
        case 'drop':
          verdict.reply = { code: 421, text: '', disconnect: true, silent: true };
          return verdict;
        case 'reply':
          verdict.reply = replyOf(rule, action, stage);
          return verdict;
      }
    }
    return verdict;
  }

  /** Whether a rule fires this time: never at 0, always at 1 (no draw), else a draw from its sequence. */
  private roll(live: LiveRule): boolean {
    const p = live.rule.probability;
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.draw(live) < p;
  }

  private draw(live: LiveRule): number {
    return (live.random ?? this.random)();
  }
}

function matches(live: LiveRule, ctx: ChaosContext): boolean {
  const m = live.matchers;
  if (m.sender && (ctx.sender === undefined || !m.sender(ctx.sender))) return false;
  if (m.recipient && !(ctx.recipients ?? []).some(m.recipient)) return false;
  if (m.user && (ctx.user == null || !m.user(ctx.user))) return false;
  if (m.inbox && !(ctx.inboxes ?? []).some(m.inbox)) return false;
  return true;
}

function replyOf(rule: ChaosRule, action: Extract<ChaosRule['action'], { type: 'reply' }>, stage: ChaosStage): ChaosReply {
  return {
    code: action.code,
    enhanced: action.enhanced,
    text: action.text ?? `Chaos: ${stage} refused by rule ${rule.id}`,
    disconnect: action.disconnect || undefined,
  };
}
