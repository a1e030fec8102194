// The fine-tuning head on its own: it learns a linear map exactly, deterministically given the seed.
import { describe, expect, it } from 'vitest';
import { applyHead, trainHead } from '../../src-main/ml/dense-head';
import { createRng } from '../../src-main/ml/rng';

describe('Dense(6) head', () => {
  const H = 12;
  const n = 64;
  const rng = createRng(4);
  const W = Array.from({ length: 6 * H }, () => rng.normal() * 0.3);
  const b = [0.5, 0, 1, 0, 2, 0];
  const x = new Float32Array(n * H).map(() => rng.normal());
  const y = new Float32Array(n * 6);
  for (let i = 0; i < n; i++) for (let o = 0; o < 6; o++) {
    let s = b[o];
    for (let h = 0; h < H; h++) s += W[o * H + h] * x[i * H + h];
    y[i * 6 + o] = s;
  }

  it('recovers a linear target (loss falls to ~0) and is seeded', () => {
    const a = trainHead(x, y, n, H, 6, { epochs: 400, lr: 0.02, batchSize: 16, seed: 1 });
    expect(a.history[0].loss).toBeGreaterThan(0.1);
    expect(a.history.at(-1)!.loss).toBeLessThan(1e-4);
    const pred = applyHead(a.head, x, n);
    let maxErr = 0;
    for (let i = 0; i < y.length; i++) maxErr = Math.max(maxErr, Math.abs(pred[i] - y[i]));
    expect(maxErr).toBeLessThan(0.05);
    const again = trainHead(x, y, n, H, 6, { epochs: 400, lr: 0.02, batchSize: 16, seed: 1 });
    expect(Array.from(again.head.weight)).toEqual(Array.from(a.head.weight));
    const other = trainHead(x, y, n, H, 6, { epochs: 1, lr: 0.02, batchSize: 16, seed: 2 });
    expect(Array.from(other.head.weight)).not.toEqual(Array.from(trainHead(x, y, n, H, 6, { epochs: 1, lr: 0.02, batchSize: 16, seed: 1 }).head.weight));
  });
});
