import { describe, expect, it } from 'vitest';
import { ChaosEngine } from './engine.js';
import { parseChaosRule } from './parse-rule.js';
import type { ChaosContext, ChaosStage } from './types.js';

const rule = (body: Record<string, unknown>) => parseChaosRule({ Stage: 'rcpt', Action: { Type: 'reply', Code: 451 }, ...body });

/** The reply codes (or 0 for none) of `n` evaluations. */
function codes(engine: ChaosEngine, n: number, stage: ChaosStage = 'rcpt', ctx: ChaosContext = { recipients: ['a@b.test'] }): number[] {
  return Array.from({ length: n }, () => engine.evaluate(stage, ctx).reply?.code ?? 0);
}

describe('ChaosEngine', () => {
  it('never fires a rule of probability 0 and always fires one of probability 1', () => {
    const never = new ChaosEngine({ seed: 1 });
    never.add(rule({ Probability: 0 }), 'api');
    expect(codes(never, 500)).toEqual(Array(500).fill(0));
    const always = new ChaosEngine({ seed: 1 });
    always.add(rule({ Probability: 1 }), 'api');
    expect(codes(always, 500)).toEqual(Array(500).fill(451));
  });

  it('fires only the first N times, then stands aside (fail twice, then accept)', () => {
    const engine = new ChaosEngine();
    const r = engine.add(rule({ Times: 2 }), 'api');
    expect(codes(engine, 5)).toEqual([451, 451, 0, 0, 0]);
    expect(r).toMatchObject({ matched: 5, fired: 2 });
  });

  it('draws the same sequence from the same seed, and another from another seed', () => {
    const run = (seed: number) => {
      const engine = new ChaosEngine({ seed });
      engine.add(rule({ Probability: 0.5 }), 'api');
      return codes(engine, 200);
    };
    const first = run(42);
    expect(run(42)).toEqual(first);
    expect(run(43)).not.toEqual(first);
    const fired = first.filter((c) => c === 451).length;
    expect(fired).toBeGreaterThan(60); // about half of 200
    expect(fired).toBeLessThan(140);
  });

  it('gives a rule with its own seed the same sequence whatever other rules draw', () => {
    const alone = new ChaosEngine({ seed: 1 });
    alone.add(rule({ Probability: 0.3, Seed: 7 }), 'api');
    const crowded = new ChaosEngine({ seed: 2 });
    crowded.add(parseChaosRule({ Stage: 'rcpt', Action: { Type: 'delay', Ms: 1 }, Probability: 0.5 }), 'api');
    crowded.add(rule({ Probability: 0.3, Seed: 7 }), 'api');
    expect(codes(crowded, 100)).toEqual(codes(alone, 100));
  });

  it('matches sender, recipient, user and inbox patterns, globs and regular expressions', () => {
    const engine = new ChaosEngine();
    engine.add(rule({ Match: { Recipient: '*@bounce.test', Sender: '/^app-\\d+@/' } }), 'api');
    engine.add(parseChaosRule({ Stage: 'mail', Match: { User: 'ci-?' }, Action: { Type: 'reply', Code: 550 } }), 'api');
    expect(engine.evaluate('rcpt', { sender: 'app-12@x.test', recipients: ['Someone@BOUNCE.test'] }).reply?.code).toBe(451);
    expect(engine.evaluate('rcpt', { sender: 'web@x.test', recipients: ['someone@bounce.test'] }).reply).toBeNull();
    expect(engine.evaluate('rcpt', { sender: 'app-1@x.test', recipients: ['someone@ok.test'] }).reply).toBeNull();
    expect(engine.evaluate('mail', { sender: 'a@x.test', user: 'ci-1' }).reply?.code).toBe(550);
    expect(engine.evaluate('mail', { sender: 'a@x.test', user: 'ci-12' }).reply).toBeNull();
    expect(engine.evaluate('mail', { sender: 'a@x.test', user: null }).reply).toBeNull();
  });

  it('adds delays up, keeps a throttle and stops at the first reply', () => {
    const engine = new ChaosEngine();
    engine.add(parseChaosRule({ Stage: 'data', Action: { Type: 'delay', Ms: 100 } }), 'api');
    engine.add(parseChaosRule({ Stage: 'data', Action: { Type: 'throttle', BytesPerSecond: 500 } }), 'api');
    engine.add(parseChaosRule({ Stage: 'data', Action: { Type: 'delay', Ms: 50 } }), 'api');
    engine.add(parseChaosRule({ Stage: 'data', Action: { Type: 'drop' } }), 'api');
    const last = engine.add(parseChaosRule({ Stage: 'data', Action: { Type: 'reply', Code: 554 } }), 'api');
    const v = engine.evaluate('data', {});
    expect(v).toMatchObject({ delayMs: 150, throttleBytesPerSecond: 500, reply: { code: 421, silent: true, disconnect: true } });
    expect(v.fired).toEqual(['1', '2', '3', '4']);
    expect(last.matched).toBe(0);
  });

  it('lets PerMinute matches through in any sliding minute and answers the code past that', () => {
    let now = 1_000_000;
    const engine = new ChaosEngine({ now: () => now });
    engine.add(parseChaosRule({ Stage: 'mail', Action: { Type: 'rate-limit', PerMinute: 2, Code: 451 } }), 'api');
    const ask = () => engine.evaluate('mail', { sender: 's@x.test' }).reply?.code ?? 0;
    expect([ask(), ask(), ask()]).toEqual([0, 0, 451]);
    now += 59_000;
    expect(ask()).toBe(451);
    now += 1_001; // the first two are a minute old
    expect([ask(), ask(), ask()]).toEqual([0, 0, 451]);
  });

  it('picks a throttle rate within the range, reproducibly', () => {
    const engine = new ChaosEngine({ seed: 5 });
    engine.add(parseChaosRule({ Stage: 'connect', Action: { Type: 'throttle', BytesPerSecond: 1000, MaxBytesPerSecond: 2000 } }), 'api');
    const rates = Array.from({ length: 50 }, () => engine.evaluate('connect', {}).throttleBytesPerSecond!);
    for (const r of rates) expect(r).toBeGreaterThanOrEqual(1000), expect(r).toBeLessThanOrEqual(2000);
    expect(new Set(rates).size).toBeGreaterThan(10);
    engine.reseed(5);
    expect(Array.from({ length: 50 }, () => engine.evaluate('connect', {}).throttleBytesPerSecond!)).toEqual(rates);
  });

  it('replaces the rules of one source and removes by id or source', () => {
    const engine = new ChaosEngine();
    engine.add(rule({}), 'api');
    engine.add(rule({}), 'file');
    engine.replaceSource('jim', [{ id: 'jim-x', spec: rule({}) }]);
    engine.replaceSource('jim', [{ id: 'jim-y', spec: rule({}) }]);
    expect(engine.list().map((r) => r.id)).toEqual(['1', '2', 'jim-y']);
    expect(engine.remove('1')).toBe(true);
    expect(engine.remove('1')).toBe(false);
    expect(engine.removeSources(['api', 'file'])).toBe(1);
    expect(engine.list(['jim']).map((r) => r.id)).toEqual(['jim-y']);
  });
});
