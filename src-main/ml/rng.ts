// Seeded pseudo-random numbers for everything the pipeline draws (mask starts, batch order, splits,
// bootstrap resamples, head initialisation). Mulberry32 (Tommy Ettinger, public domain): one uint32 of
// state, so a checkpoint stores the exact position of the stream and a resumed run draws the same numbers
// as an uninterrupted one. Not cryptographic — it only has to be reproducible and well mixed.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller, one value per call: simple and stateless beyond `state`). */
  normal(): number;
  /** In-place Fisher–Yates shuffle; returns the array. */
  shuffle<T>(items: T[]): T[];
  /** The generator's position, to store in a checkpoint. */
  state: number;
}

export function createRng(seed: number): Rng {
  // Mix the seed once so that seeds 0, 1, 2 … do not start from correlated states.
  let s = (Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = 1 - next(); // (0, 1]: log(0) never happens
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i];
        items[i] = items[j];
        items[j] = tmp;
      }
      return items;
    },
    get state() { return s; },
    set state(v: number) { s = v >>> 0; },
  };
  return rng;
}

/** A child seed derived from a parent seed and a label, so independent streams do not overlap. */
export function deriveSeed(seed: number, label: string): number {
  let h = (seed >>> 0) ^ 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}
