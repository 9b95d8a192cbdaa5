/**
 * A small seeded PRNG (mulberry32): the same sequence for the same seed, so a failing suite run
 * can be repeated exactly and a generated fixture is the same on every machine.
 *
 * @example
 * const random = mulberry32(24);
 * random(); // a number in [0, 1), the same on every run
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
