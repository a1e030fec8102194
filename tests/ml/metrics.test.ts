// Metrics on hand-computed cases (values worked out on paper in the comments).
import { describe, expect, it } from 'vitest';
import {
  bootstrapIntervals, columnMeans, computeMetrics, constantPredictions, evaluateWithReferences, roundIntensity, zeroPredictions,
} from '../../src-main/ml/metrics';

// 3 clips × (happy, sad, anger, surprise, disgust, fear)
const target = [
  0, 0, 0, 0, 0, 0,
  2, 0, 0, 0, 0, 0,
  3, 1, 0, 0, 0, 0,
];
const pred = [
  0.5, 0.4, 0, 0, 0, 0,
  1.49, 0, 0, 0, 0, 0,
  2.5, 3.7, 0, 0, 0, 0,
];

describe('roundIntensity', () => {
  it('rounds half up and clips to 0–3', () => {
    expect([0.5, 1.49, 1.5, 2.5, 3.7, 0.4999, -0.2, -0.6, 7, 0, 3].map(roundIntensity))
      .toEqual([1, 1, 2, 3, 3, 0, 0, 0, 3, 0, 3]);
    expect(roundIntensity(Number.NaN)).toBe(0);
  });
});

describe('computeMetrics', () => {
  const m = computeMetrics(pred, target);
  it('MAE overall and per emotion', () => {
    // happy |.5|+|.51|+|.5| = 1.51; sad .4 + 0 + 2.7 = 3.1; others 0
    expect(m.perEmotion.happy.mae).toBeCloseTo(1.51 / 3, 10);
    expect(m.perEmotion.sad.mae).toBeCloseTo(3.1 / 3, 10);
    expect(m.perEmotion.anger.mae).toBe(0);
    expect(m.mae).toBeCloseTo(4.61 / 18, 10);
    expect(m.perEmotion.sad.mse).toBeCloseTo((0.16 + 2.7 * 2.7) / 3, 6);
  });
  it('4-class accuracy with round-half-up', () => {
    // happy: rounded preds 1,1,3 vs 0,2,3 → 1/3; sad: 0,0,3 vs 0,0,1 → 2/3; others 3/3
    expect(m.perEmotion.happy.accuracy).toBeCloseTo(1 / 3, 12);
    expect(m.perEmotion.sad.accuracy).toBeCloseTo(2 / 3, 12);
    expect(m.accuracy).toBeCloseTo(15 / 18, 12);
  });
  it('confusion matrices [true][predicted]', () => {
    expect(m.perEmotion.happy.confusion).toEqual([[0, 1, 0, 0], [0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1]]);
    expect(m.perEmotion.fear.confusion).toEqual([[3, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
  });
  it('binary "present" F1 per emotion', () => {
    // happy: tp 2, fp 1, fn 0 → P 2/3, R 1, F1 0.8; sad: tp 1 → F1 1; fear: never present → undefined
    expect(m.perEmotion.happy.present.precision).toBeCloseTo(2 / 3, 12);
    expect(m.perEmotion.happy.present.recall).toBe(1);
    expect(m.perEmotion.happy.present.f1).toBeCloseTo(0.8, 12);
    expect(m.perEmotion.happy.present.support).toBe(2);
    expect(m.perEmotion.sad.present.f1).toBe(1);
    expect(m.perEmotion.fear.present.f1).toBeNull();
    expect(m.presentF1).toBeCloseTo(0.9, 12);
  });
  it('four-class macro-F1 over the classes that occur', () => {
    // happy: classes 0,1,2,3 occur; only class 3 is right (F1 1) → 1/4
    // sad: classes 0 (F1 1), 1 (F1 0), 3 (F1 0) occur → 1/3; other emotions: only class 0, F1 1
    expect(m.perEmotion.happy.macroF1).toBeCloseTo(0.25, 12);
    expect(m.perEmotion.sad.macroF1).toBeCloseTo(1 / 3, 12);
    expect(m.perEmotion.disgust.macroF1).toBe(1);
    expect(m.macroF1).toBeCloseTo((0.25 + 1 / 3 + 4) / 6, 12);
  });
  it('rejects mismatched shapes and empty sets', () => {
    expect(() => computeMetrics([0, 0, 0, 0, 0, 0], [0, 0, 0])).toThrow(/N × 6/);
    expect(() => computeMetrics([], [])).toThrow(/no clips/);
  });
});

describe('reference predictors', () => {
  it('all-zero and training-mean predictors', () => {
    const zero = computeMetrics(zeroPredictions(3), target);
    expect(zero.mae).toBeCloseTo(6 / 18, 12);
    expect(zero.accuracy).toBeCloseTo(15 / 18, 12); // every 0 target right, the 3 non-zero wrong
    expect(zero.perEmotion.happy.present.f1).toBe(0);
    const mean = columnMeans(target);
    expect(Array.from(mean)).toEqual([5 / 3, 1 / 3, 0, 0, 0, 0].map((v) => Math.fround(v)));
    const cm = computeMetrics(constantPredictions(3, [1, 0, 0, 0, 0, 0]), target);
    expect(cm.perEmotion.happy.mae).toBeCloseTo(4 / 3, 12);
  });
  it('evaluateWithReferences scores all three on the same clips', () => {
    const r = evaluateWithReferences(pred, target, [1, 0, 0, 0, 0, 0], { resamples: 50, seed: 3 });
    expect(r.model.n).toBe(3);
    expect(r.allZero.mae).toBeCloseTo(1 / 3, 12);
    expect(r.trainMean.perEmotion.happy.mae).toBeCloseTo(4 / 3, 12);
    expect(r.intervals?.model.mae.estimate).toBeCloseTo(r.model.mae, 12);
  });
});

describe('bootstrapIntervals', () => {
  it('is deterministic given the seed and brackets the estimate', () => {
    const a = bootstrapIntervals(pred, target, { resamples: 200, seed: 7 });
    const b = bootstrapIntervals(pred, target, { resamples: 200, seed: 7 });
    expect(a).toEqual(b);
    expect(a.mae.low).toBeLessThanOrEqual(a.mae.estimate);
    expect(a.mae.high).toBeGreaterThanOrEqual(a.mae.estimate);
    expect(a.mae.low).toBeGreaterThanOrEqual(0);
    expect(a.mae.high).toBeLessThanOrEqual(3.1 / 6); // the worst clip's MAE bounds any resample's
    const c = bootstrapIntervals(pred, target, { resamples: 200, seed: 8 });
    expect(c).not.toEqual(a);
  });
  it('collapses to a point when every resampling unit has the same error', () => {
    const t = [1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0];
    const p = [1.5, 0, 0, 0, 0, 0, 2.5, 0, 0, 0, 0, 0];
    const r = bootstrapIntervals(p, t, { resamples: 100, seed: 1 });
    expect(r.mae.low).toBeCloseTo(0.5 / 6, 12);
    expect(r.mae.high).toBeCloseTo(0.5 / 6, 12);
  });
  it('resamples whole groups when groups are given', () => {
    // Two speakers: A's clips are perfect, B's are all off by 1 in happy. Group resamples can only
    // contain 0, 1 or 2 copies of B out of 2 draws → clip-level MAE in {0, 1/12, 1/6} exactly.
    const t = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const p = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0];
    const r = bootstrapIntervals(p, t, { resamples: 300, seed: 2, groups: ['A', 'A', 'B', 'B'] });
    expect(r.mae.low).toBe(0);
    expect(r.mae.high).toBeCloseTo(1 / 6, 12);
  });
});
