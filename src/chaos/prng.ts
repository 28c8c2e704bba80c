/** A source of numbers in [0, 1). */
export type Random = () => number;

/**
 * A small seeded generator (SplitMix32): the same seed gives the same sequence on every run,
 * which is what reproducible chaos tests need. Not for anything secret.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 0x1_0000_0000;
  };
}

/** A seed for when none is given. */
export function randomSeed(): number {
  return (Math.random() * 0x1_0000_0000) >>> 0;
}
