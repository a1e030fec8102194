// Seeded pseudo-random numbers for reproducible orders (blind random queues, repeat planning).
// mulberry32 (one implementation, shared with the ML engine): 32-bit state, period 2^32 — plenty for
// shuffling a queue.
import { mulberry32 } from '../ml/engine/random';

export { mulberry32 };

/** Fisher–Yates shuffle of a copy, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
