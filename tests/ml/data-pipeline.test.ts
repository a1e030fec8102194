// Standardisation, batching, masking and splits on small hand-made matrices.
import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT } from '../../src-main/contract/feature-spec';
import { cropStart, lengthBatches, packBatch, validFrameWeights } from '../../src-main/ml/batching';
import { alignDelayed, applyMasks, delayReadout, drawMasks, interpolateMasked, maskedSquaredError, maskLossWeights, MASK_VALUE } from '../../src-main/ml/masking';
import { createRng } from '../../src-main/ml/rng';
import { assertSpeakerIndependent, drawSample, splitBySpeaker } from '../../src-main/ml/splits';
import { fitStandardization, standardize } from '../../src-main/ml/standardize';

function matrix(frames: number, f: (t: number, c: number) => number): Float32Array {
  const m = new Float32Array(frames * FEATURE_COUNT);
  for (let t = 0; t < frames; t++) for (let c = 0; c < FEATURE_COUNT; c++) m[t * FEATURE_COUNT + c] = f(t, c);
  return m;
}

describe('standardisation', () => {
  it('fits mean/std per column on the given clips, ignoring non-finite values and absent columns', () => {
    const a = matrix(2, (t, c) => (c === 0 ? [100, 200][t] : c === 1 ? 5 : c === 2 ? [Infinity, 4][t] : t));
    const present = new Array(FEATURE_COUNT).fill(true);
    present[3] = false;
    const b = { data: matrix(2, (t, c) => (c === 0 ? 300 : c === 2 ? [NaN, 8][t] : c === 3 ? 999 : t)), frames: 2, present };
    const s = fitStandardization([{ data: a, frames: 2 }, b]);
    // column 0: 100, 200, 300, 300 → mean 225, population std sqrt(((125²)+(25²)+75²+75²)/4)
    expect(s.mean[0]).toBeCloseTo(225, 10);
    expect(s.std[0]).toBeCloseTo(Math.sqrt((125 ** 2 + 25 ** 2 + 75 ** 2 + 75 ** 2) / 4), 10);
    // column 1 is constant 5 in a, 0 in b → not constant; column 2: only 4 and 8 are finite
    expect(s.mean[2]).toBeCloseTo(6, 10);
    expect(s.std[2]).toBeCloseTo(2, 10);
    expect(s.counts[2]).toBe(2);
    // column 3: absent in b, so only a's values (0, 1)
    expect(s.mean[3]).toBeCloseTo(0.5, 10);
    expect(s.filledColumns).toEqual([]);

    const z = standardize(s, b);
    expect(z[0]).toBeCloseTo(75 / s.std[0], 5);
    expect(z[2]).toBe(0); // NaN → 0
    expect(z[3]).toBe(0); // absent → 0, not (999 − 0.5)/0.5
    const za = standardize(s, { data: a, frames: 2 });
    expect(za[2]).toBe(0); // +Inf → 0
  });

  it('guards zero spread, fills columns absent everywhere, and clamps outliers', () => {
    const present = new Array(FEATURE_COUNT).fill(true);
    present[10] = false; // e.g. creak not computed by this extractor build
    const clips = [0, 1, 2].map((k) => ({ data: matrix(3, (t, c) => (c === 5 ? 7 : t + k)), frames: 3, present }));
    const s = fitStandardization(clips, { clamp: 10 });
    expect(s.std[5]).toBe(1); // constant column
    expect(s.filledColumns).toEqual(['creak']);
    // an evaluation clip with an outlier far outside the training range
    const z = standardize(s, { data: matrix(3, (t, c) => (c === 5 ? 7 : c === 6 && t === 2 ? 1e6 : t)), frames: 3, present });
    expect(z[2 * FEATURE_COUNT + 5]).toBe(0);
    expect(z[2 * FEATURE_COUNT + 6]).toBe(10); // clamped
    for (let t = 0; t < 3; t++) expect(z[t * FEATURE_COUNT + 10]).toBe(0);
    expect(() => standardize(s, { data: new Float32Array(5), frames: 1 })).toThrow(/expected 1 frames × 74/);
  });
});

describe('batching', () => {
  it('groups clips of similar length, deterministically given the seed', () => {
    const lengths = [50, 300, 52, 310, 49, 305, 51, 299];
    const a = lengthBatches(lengths, 4, createRng(5));
    const b = lengthBatches(lengths, 4, createRng(5));
    expect(a).toEqual(b);
    const groups = a.map((g) => g.map((i) => lengths[i]).sort((x, y) => x - y));
    expect(groups).toContainEqual([49, 50, 51, 52]);
    expect(groups).toContainEqual([299, 300, 305, 310]);
    expect(lengthBatches(lengths, 3)).toEqual([[4, 0, 6], [2, 7, 1], [5, 3]]);
  });

  it('pads after the valid frames, crops long clips, and weights padding 0', () => {
    const clips = [
      { data: matrix(3, (t) => t + 1), frames: 3 },
      { data: matrix(5, (t) => 10 + t), frames: 5 },
    ];
    const batch = packBatch(clips, [0, 1], { maxFrames: 4, mode: 'centre' });
    expect(batch.T).toBe(4);
    expect(Array.from(batch.lengths)).toEqual([3, 4]);
    expect(batch.x[2 * FEATURE_COUNT]).toBe(3);
    expect(batch.x[3 * FEATURE_COUNT]).toBe(0); // padding
    // clip 1 has 5 frames, window of 4 from the centre: floor(1/2) = 0 → frames 0..3
    expect(batch.x[(4 + 0) * FEATURE_COUNT]).toBe(10);
    expect(Array.from(validFrameWeights(batch))).toEqual([1, 1, 1, 0, 1, 1, 1, 1]);
    expect(cropStart(11, 4, 'centre')).toBe(3);
    const starts = new Set(Array.from({ length: 200 }, () => cropStart(11, 4, 'random', createRng(Math.random() * 1e9))));
    expect([...starts].every((s) => s >= 0 && s <= 7)).toBe(true);
    expect(starts.size).toBeGreaterThan(4);
  });
});

describe('masking', () => {
  it('masks 30 consecutive frames of every column with −30 inside the clip', () => {
    const lengths = new Int32Array([100, 40, 20]);
    const T = 100;
    const x = new Float32Array(3 * T * FEATURE_COUNT).fill(1);
    const spans = drawMasks(lengths, createRng(3));
    expect(Array.from(spans.length)).toEqual([30, 30, 19]);
    for (let b = 0; b < 3; b++) expect(spans.start[b] + spans.length[b]).toBeLessThanOrEqual(lengths[b]);
    const masked = applyMasks(x, T, spans);
    let count = 0;
    for (const v of masked) if (v === MASK_VALUE) count++;
    expect(count).toBe((30 + 30 + 19) * FEATURE_COUNT);
    const wAll = maskLossWeights(lengths, T, spans, 'all');
    const wMasked = maskLossWeights(lengths, T, spans, 'masked');
    expect(wAll.reduce((a, v) => a + v, 0)).toBe(160);
    expect(wMasked.reduce((a, v) => a + v, 0)).toBe(79);
  });

  it('copy-neighbour interpolation is exact on a linear ramp and copies at clip ends', () => {
    const T = 10;
    const lengths = new Int32Array([10, 10]);
    const x = new Float32Array(2 * T * FEATURE_COUNT);
    for (let b = 0; b < 2; b++) for (let t = 0; t < T; t++) for (let c = 0; c < FEATURE_COUNT; c++) x[(b * T + t) * FEATURE_COUNT + c] = t * (c + 1);
    const spans = { start: new Int32Array([3, 7]), length: new Int32Array([4, 3]) };
    const masked = applyMasks(x, T, spans);
    const guess = interpolateMasked(masked, T, lengths, spans);
    const errRow0 = maskedSquaredError(guess, x, T, { start: spans.start.subarray(0, 1), length: spans.length.subarray(0, 1) });
    expect(errRow0.sum).toBeCloseTo(0, 6);
    expect(errRow0.count).toBe(4 * FEATURE_COUNT);
    // row 1: span at the end → frame 6 copied into 7, 8, 9
    expect(guess[(T + 9) * FEATURE_COUNT + 1]).toBe(6 * 2);
  });

  it('delayed readout: input extended by D mask-value frames, target and weights shifted by D, output re-aligned', () => {
    const T = 5;
    const D = 3;
    const lengths = new Int32Array([5, 2]);
    const x = new Float32Array(2 * T * FEATURE_COUNT);
    for (let i = 0; i < x.length; i++) x[i] = i + 1;
    const w = new Float32Array([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    const d = delayReadout(x, x, w, T, lengths, D);
    const T2 = T + D;
    expect(d.T).toBe(T2);
    expect(Array.from(d.lengths)).toEqual([5 + D, 2 + D]);
    const at = (a: Float32Array, b: number, t: number) => a[(b * T2 + t) * FEATURE_COUNT];
    // input: the row's valid frames, then D frames of the mask value, then zero padding
    expect(at(d.x, 1, 1)).toBe(x[(T + 1) * FEATURE_COUNT]);
    expect([2, 3, 4].map((t) => at(d.x, 1, t))).toEqual([MASK_VALUE, MASK_VALUE, MASK_VALUE]);
    expect(at(d.x, 1, 5)).toBe(0);
    // step t + D is scored against frame t; the first D steps and the padding not at all
    expect(at(d.target, 0, D + 4)).toBe(x[4 * FEATURE_COUNT]);
    expect(Array.from(d.weight.subarray(0, T2))).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    expect(Array.from(d.weight.subarray(T2))).toEqual([0, 0, 0, 1, 1, 0, 0, 0]);
    // a network that echoed its target would be re-aligned onto x's frames exactly
    const back = alignDelayed(d.target, 2, T, D);
    expect(back.subarray(0, T * FEATURE_COUNT)).toEqual(x.subarray(0, T * FEATURE_COUNT));
    expect(back.subarray(T * FEATURE_COUNT, (T + 2) * FEATURE_COUNT)).toEqual(x.subarray(T * FEATURE_COUNT, (T + 2) * FEATURE_COUNT));
    expect(delayReadout(x, x, w, T, lengths, 0).x).toBe(x);
    expect(() => delayReadout(x, x, w, T, lengths, -1)).toThrow(/look-ahead/);
  });
});

describe('speaker-independent splits', () => {
  const speakers = Array.from({ length: 100 }, (_, i) => `s${i % 10}`);
  it('never puts a speaker on both sides and is seeded', () => {
    const a = splitBySpeaker(speakers, { seed: 4 });
    expect(a.testSpeakers.length).toBe(2);
    expect(a.train.length + a.test.length).toBe(100);
    expect(() => assertSpeakerIndependent(speakers, a.train, a.test)).not.toThrow();
    expect(splitBySpeaker(speakers, { seed: 4 })).toEqual(a);
    const fixed = splitBySpeaker(speakers, { testSpeakers: ['s1'] });
    expect(fixed.test.every((i) => speakers[i] === 's1')).toBe(true);
    expect(() => assertSpeakerIndependent(speakers, [0, 1], [10])).toThrow(/speaker leak: s0/);
    expect(() => splitBySpeaker(['a', 'a'])).toThrow(/at least 2 speakers/);
  });
  it('draws labelled samples from the training side', () => {
    const a = drawSample([1, 2, 3, 4, 5, 6], 3, 1);
    expect(new Set(a).size).toBe(3);
    expect(drawSample([1, 2, 3, 4, 5, 6], 3, 1)).toEqual(a);
    expect(() => drawSample([1], 2, 1)).toThrow(/cannot draw 2/);
  });
});
