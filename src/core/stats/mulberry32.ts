/**
 * A small seeded PRNG: uniform floats in [0, 1) from a 32-bit state, so that a bootstrap run with
 * the same seed gives the same interval in the page, the worker, the CLI and the tests
 * (Math.random cannot be seeded). Mulberry32 by Tommy Ettinger, public domain:
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c — period 2^32, plenty
 * for B·n draws of a bootstrap, not for cryptography.
 * The seed is taken modulo 2^32 (non-integers are truncated).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
