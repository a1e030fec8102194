// peakSlope: J. Kane & C. Gobl, "Identifying regions of non-modal phonation using features of the
// wavelet transform", Proc. Interspeech 2011, pp. 177–180 (log10 variant of COVAREP, 2012).
// Parameters (COVAREP `peakslope`): the speech signal is decomposed by the wavelet bank at scales 2^0..2^6
// (8 kHz … 125 Hz); in 40 ms frames every 10 ms the maximum |y| of each band is taken, log10, ordered
// from the lowest band to the highest, and the slope of a least-squares line through the 7 points is the
// value. Frame m covers 0-based samples [160m, 160m + 640) and is placed at 1-based sample 320 + 160m.
// A band that is exactly 0 in a frame (digital silence) gives log10(0) = −Infinity and an infinite slope,
// as in COVAREP; a NaN slope (all bands 0) becomes 0.
import { filterBank } from './wavelet.js';

const FRAME = 640;
const HOP = 160;

export interface PeakSlopeResult { pos1: Float64Array; value: Float64Array }

export function peakSlope(x: Float64Array): PeakSlopeResult {
  const n = x.length;
  const frames = n >= FRAME ? Math.floor((n - FRAME) / HOP) + 1 : 0;
  const pos1 = new Float64Array(frames);
  const value = new Float64Array(frames);
  if (frames === 0) return { pos1, value };
  const blocks = Math.ceil(n / HOP);
  const bandMax = new Float64Array(7 * blocks);
  // Band maxima per 160-sample block, taken from the bank's outputs as they stream by (no N-sample arrays).
  filterBank(x, [1, 2, 4, 8, 16, 32, 64], (i, from, y) => {
    const row = i * blocks;
    for (let j = 0; j < y.length;) {
      const b = Math.floor((from + j) / HOP);
      const end = Math.min(y.length, (b + 1) * HOP - from);
      let mx = bandMax[row + b];
      for (; j < end; j++) { const v = Math.abs(y[j]); if (v > mx) mx = v; }
      bandMax[row + b] = mx;
    }
  });
  const logs = new Float64Array(7);
  for (let f = 0; f < frames; f++) {
    for (let i = 0; i < 7; i++) {
      let mx = 0;
      for (let b = f; b < f + 4; b++) { const v = bandMax[i * blocks + b]; if (v > mx) mx = v; }
      // Reverse order: t = 1 is the lowest band (scale 2^6).
      logs[6 - i] = Math.log10(mx);
    }
    // Σ(t − t̄) = 0, so the slope needs no mean: an infinite log then yields ±Infinity, not NaN.
    let num = 0;
    for (let t = 0; t < 7; t++) num += (t - 3) * logs[t];
    const slope = num / 28;
    value[f] = Number.isNaN(slope) ? 0 : slope;
    pos1[f] = 320 + HOP * f;
  }
  return { pos1, value };
}
