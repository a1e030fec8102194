// Harmonic peak picking on one analysis frame (COVAREP `spec_getsins_f0`, used by `sin_analysis` with
// fharmonic = true and peak picking): McAulay & Quatieri, IEEE TASSP 34(4), 1986.
//
// For f0 and a 4096-point delay-compensated spectrum S:
// - max_h = round((fs/2 − f0/2)/f0) harmonics, expected at bins h·step, step = dftlen·f0/fs;
// - spectral peaks of ln|S| (bins 0..dftlen/2) with quadratic interpolation (VOICEBOX `v_findpeaks(…, 'q')`,
//   plateaus centred); each harmonic takes the nearest peak if it is closer than step/2, else the bin
//   round(h·step) and its magnitude;
// - phase: linear interpolation of the unwrapped phase spectrum at the chosen frequency, wrapped;
// - then frequencies are forced harmonic: mf0·(0..max_h) with mf0 the median spacing (sin_analysis).
// Column 0 is the DC (frequency 0, |S(0)|, ∠S(0)).
import { wrap, unwrapInPlace } from './dsp/phase';
import { median, roundHalfAway } from './dsp/stats';

export interface Harmonics {
  /** number of components including DC: K = 1 + max_h */
  count: number;
  freq: Float64Array;
  amp: Float64Array;
  phase: Float64Array;
}

/** Reusable buffers for one dftlen. */
export class HarmonicPicker {
  private readonly logMag: Float64Array;
  private readonly uphase: Float64Array;
  private readonly pk: Float64Array;
  private readonly pv: Float64Array;
  private readonly rs: Float64Array;
  private readonly fq: Float64Array;
  private readonly rq: Float64Array;
  private readonly fsince: Float64Array;
  private readonly cand: Int32Array;
  constructor(readonly dftlen: number) {
    const h1 = dftlen / 2 + 1;
    this.logMag = new Float64Array(h1);
    this.uphase = new Float64Array(h1);
    this.pk = new Float64Array(h1);
    this.pv = new Float64Array(h1);
    this.rs = new Float64Array(h1);
    this.fq = new Float64Array(h1);
    this.rq = new Float64Array(h1);
    this.fsince = new Float64Array(h1);
    this.cand = new Int32Array(h1);
  }

  /** VOICEBOX v_findpeaks(x, 'q') on logMag; positions 1-based (fractional). Returns the count. */
  private findPeaks(): number {
    const x = this.logMag, nx = x.length, rs = this.rs, fq = this.fq;
    // rs: samples since the last rise; fq: samples to the next fall (as the cumsum construction does)
    let lastRise = -1;
    for (let i = 0; i < nx; i++) {
      if (i > 0 && x[i] - x[i - 1] > 0) lastRise = i;
      rs[i] = lastRise < 0 ? i : i - lastRise;
    }
    // time since last rise is defined from index 0 as i (rc(1) = 0, ones after) until the first rise
    let nextFall = -1;
    for (let i = nx - 1; i >= 0; i--) {
      if (i < nx - 1 && x[i + 1] - x[i] < 0) nextFall = i;
      fq[i] = nextFall < 0 ? nx - 1 - i : nextFall - i;
    }
    // rq (time to next rise) and fs (time since last fall), needed for the peak test
    let count = 0;
    let hasRise = false, hasFall = false;
    for (let i = 1; i < nx; i++) { const d = x[i] - x[i - 1]; if (d > 0) hasRise = true; else if (d < 0) hasFall = true; }
    if (!hasRise || !hasFall) return 0;
    let lastFall = -1;
    const fsArr = this.fsince; // samples since the last fall
    for (let i = 0; i < nx; i++) {
      if (i > 0 && x[i] - x[i - 1] < 0) lastFall = i;
      fsArr[i] = lastFall < 0 ? i : i - lastFall;
    }
    let nextRise = -1;
    const rq = this.rq; // samples to the next rise
    for (let i = nx - 1; i >= 0; i--) {
      if (i < nx - 1 && x[i + 1] - x[i] > 0) nextRise = i;
      rq[i] = nextRise < 0 ? nx - 1 - i : nextRise - i;
    }
    const out = this.cand;
    let nc = 0;
    for (let i = 0; i < nx; i++) {
      if (rs[i] < fsArr[i] && fq[i] < rq[i] && Math.floor((fq[i] - rs[i]) / 2) === 0) out[nc++] = i;
    }
    for (let ci = 0; ci < nc; ci++) {
      const k = out[ci];
      const b = 0.5 * (x[k + 1] - x[k - 1]);
      const a = x[k] - b - x[k - 1];
      let pos = k + 1, val = x[k];
      if (a > 0) {
        val = x[k] + (0.25 * b * b) / a;
        pos = k + 1 + (0.5 * b) / a;
      } else {
        pos = k + 1 + (fq[k] - rs[k]) / 2;
      }
      this.pk[count] = pos;
      this.pv[count] = val;
      count++;
    }
    return count;
  }

  /** Pick harmonics of f0 in the half spectrum (re, im) of length dftlen/2 + 1. */
  pick(re: Float64Array, im: Float64Array, fs: number, f0: number): Harmonics {
    const N = this.dftlen, H = N / 2;
    const maxH = roundHalfAway((fs / 2 - f0 / 2) / f0);
    const K = maxH + 1;
    const freq = new Float64Array(K), amp = new Float64Array(K), phase = new Float64Array(K);
    const lm = this.logMag, up = this.uphase;
    for (let k = 0; k <= H; k++) {
      lm[k] = Math.log(Math.sqrt(re[k] * re[k] + im[k] * im[k]));
      up[k] = Math.atan2(im[k], re[k]);
    }
    const step = (N * f0) / fs;
    for (let h = 1; h <= maxH; h++) {
      freq[h] = step * h;
      const b = roundHalfAway(step * h);
      amp[h] = Math.sqrt(re[b] * re[b] + im[b] * im[b]);
    }
    const np = this.findPeaks();
    if (np > 0) {
      const pk = this.pk, pv = this.pv;
      for (let h = 1; h <= maxH; h++) {
        const target = 1 + step * h;
        let best = Infinity, bi = -1;
        for (let p = 0; p < np; p++) {
          const d = Math.abs(pk[p] - target);
          if (d < best) { best = d; bi = p; }
        }
        if (best < step / 2) {
          freq[h] = pk[bi] - 1;
          amp[h] = Math.exp(pv[bi]);
        }
      }
    }
    for (let h = 1; h <= maxH; h++) freq[h] *= fs / N;
    unwrapInPlace(up, H + 1);
    const df = fs / N;
    for (let h = 1; h <= maxH; h++) {
      const pos = freq[h] / df;
      let i0 = Math.floor(pos);
      if (i0 >= H) i0 = H - 1;
      if (i0 < 0) i0 = 0;
      const g = pos - i0;
      phase[h] = pos > H || pos < 0 ? NaN : wrap(up[i0] + g * (up[i0 + 1] - up[i0]));
    }
    freq[0] = 0;
    amp[0] = Math.sqrt(re[0] * re[0] + im[0] * im[0]);
    phase[0] = Math.atan2(im[0], re[0]);
    // force harmonic frequencies: median spacing
    if (K > 1) {
      const d = new Float64Array(K - 1);
      for (let h = 1; h < K; h++) d[h - 1] = freq[h] - freq[h - 1];
      const mf0 = median(d);
      for (let h = 0; h < K; h++) freq[h] = mf0 * h;
    }
    return { count: K, freq, amp, phase };
  }
}
