// Harmonic peak picking on one analysis frame (COVAREP `spec_getsins_f0`, used by `sin_analysis` with
// fharmonic = true and peak picking): McAulay & Quatieri, IEEE TASSP 34(4), 1986.
//
// For f0 and a 4096-point delay-compensated spectrum S:
// - max_h = round((fs/2 − f0/2)/f0) harmonics, expected at bins h·step, step = dftlen·f0/fs;
// - spectral peaks of ln|S| (bins 0..dftlen/2) with quadratic interpolation (VOICEBOX `v_findpeaks(…, 'q')`,
//   plateaus centred); each harmonic takes the nearest peak if it is closer than step/2, else the bin
//   round(h·step) and its magnitude. Only the bins within step/2 + 1 of each harmonic are searched, on
//   |S|² (same peaks), with ln evaluated at the three bins of each candidate peak: the same choices and
//   values as peak picking the whole ln|S| (ADR 0039);
// - phase: linear interpolation of the unwrapped phase spectrum at the chosen frequency, wrapped (the
//   unwrapped difference of the two neighbouring bins is MATLAB unwrap's step, so only those two bins'
//   atan2 are evaluated; equal to unwrapping all bins up to rounding of the accumulated 2π offsets);
// - then frequencies are forced harmonic: mf0·(0..max_h) with mf0 the median spacing (sin_analysis).
// Column 0 is the DC (frequency 0, |S(0)|, ∠S(0)).
import { unwrapStep, wrap } from './dsp/phase';
import { median, roundHalfAway } from './dsp/stats';

export interface Harmonics {
  /** number of components including DC: K = 1 + max_h */
  count: number;
  /** Hz; scratch of the picker, valid until its next pick (entries 0..count−1) */
  freq: Float64Array;
  /** linear amplitudes; scratch of the picker like freq */
  amp: Float64Array;
  /** radians, wrapped; owned by the caller */
  phase: Float64Array;
}

/** Reusable buffers for one dftlen. */
export class HarmonicPicker {
  /** |S(k)|², bins 0..dftlen/2: the peaks of ln|S| are the peaks of |S|² (ln is monotonic). */
  private readonly pw: Float64Array;
  private diffs: Float64Array;
  /** cos, sin of 2πm/dftlen (the delay-compensation table of sin-frames.ts, same values). */
  private readonly cr: Float64Array;
  private readonly ci: Float64Array;
  private readonly peaks: Int32Array;
  private readonly plateau: Int32Array;
  private freq: Float64Array;
  private amp: Float64Array;
  constructor(readonly dftlen: number) {
    this.freq = new Float64Array(dftlen / 2 + 1);
    this.amp = new Float64Array(dftlen / 2 + 1);
    this.pw = new Float64Array(dftlen / 2 + 1);
    this.diffs = new Float64Array(dftlen / 2 + 1);
    this.peaks = new Int32Array(dftlen / 2 + 1);
    this.plateau = new Int32Array(dftlen / 2 + 1);
    this.cr = new Float64Array(dftlen);
    this.ci = new Float64Array(dftlen);
    for (let m = 0; m < dftlen; m++) { this.cr[m] = Math.cos((2 * Math.PI * m) / dftlen); this.ci[m] = Math.sin((2 * Math.PI * m) / dftlen); }
  }

  /** ln|S(k)|, computed as v_findpeaks' input was (ln of the magnitude). */
  private lm(k: number): number {
    return Math.log(Math.sqrt(this.pw[k]));
  }

  /**
   * The peaks v_findpeaks reports on ln|S| (here on |S|², same order relations): strict local maxima and
   * the centre floor((first + last)/2) of plateaus entered by a rise and left by a fall; bins 0 and
   * dftlen/2 never. One pass; peak bins go to `peaks` (ascending), fq − rs = first + last − 2·centre (0
   * for a strict peak) to `plateau`. Returns the count.
   */
  private findPeaks(): number {
    const p = this.pw, last = p.length - 1, peaks = this.peaks, plateau = this.plateau;
    let n = 0, i = 1;
    while (i < last) {
      const v = p[i];
      if (!(v > p[i - 1])) { i++; continue; }
      let e = i;
      while (e < last && p[e + 1] === v) e++;
      if (e < last && p[e + 1] < v) {
        const c = (i + e) >> 1;
        peaks[n] = c;
        plateau[n] = i + e - 2 * c;
        n++;
      }
      i = e + 1;
    }
    return n;
  }

  /** Phase of bin k after the window-delay compensation e^{+2πi·k·delay/dftlen} (sin-frames.ts). */
  private phaseOf(re: Float64Array, im: Float64Array, k: number, delay: number): number {
    const m = (k * delay) % this.dftlen;
    const c = this.cr[m], sn = this.ci[m], r = re[k], i = im[k];
    return Math.atan2(r * sn + i * c, r * c - i * sn);
  }

  /**
   * Pick harmonics of f0 in the half spectrum (re, im) of length dftlen/2 + 1, computed without the delay
   * compensation (it does not change magnitudes); `delay` = (winlen − 1)/2 is applied to the phases of
   * the bins used. logAmp receives ln of each amplitude (the value the peak interpolation gives, before
   * its exp), K = 1 + round((fs/2 − f0/2)/f0) entries (≤ fs/2 + 1 for f0 ≥ 1 Hz).
   */
  pick(re: Float64Array, im: Float64Array, fs: number, f0: number, delay: number, logAmp: Float64Array): Harmonics {
    const N = this.dftlen, H = N / 2;
    const maxH = roundHalfAway((fs / 2 - f0 / 2) / f0);
    const K = maxH + 1;
    if (this.freq.length < K) { // f0 ≈ 1 Hz frames (SRH next to digital silence) in long clips
      this.freq = new Float64Array(K); this.amp = new Float64Array(K); this.diffs = new Float64Array(K);
    }
    const freq = this.freq, amp = this.amp, phase = new Float64Array(K);
    const pw = this.pw, peaks = this.peaks, plateau = this.plateau;
    for (let k = 0; k <= H; k++) pw[k] = re[k] * re[k] + im[k] * im[k];
    const np = this.findPeaks();
    const step = (N * f0) / fs;
    const half = step / 2;
    let first = 0;
    for (let h = 1; h <= maxH; h++) {
      freq[h] = step * h;
      const b = roundHalfAway(step * h);
      amp[h] = Math.sqrt(pw[b]);
      logAmp[h] = NaN;
      // the nearest quadratic-interpolated peak (1-based position, as v_findpeaks) closer than step/2 to
      // the expected position t. A peak's position is within half a bin of its bin k, so only peaks with
      // |k − t| ≤ step/2 + 1 can qualify, and only those with |k − t| ≤ dmin + 1 (dmin: the nearest peak
      // bin) can be nearest: ln and the interpolation are evaluated for those only. Ascending order and
      // strict < keep the first of equal distances, as the search over all peaks does.
      const t = step * h;
      while (first < np && peaks[first] < t - half - 1) first++;
      let dmin = Infinity, end = first;
      for (; end < np && peaks[end] <= t + half + 1; end++) dmin = Math.min(dmin, Math.abs(peaks[end] - t));
      const target = 1 + t;
      let best = Infinity, bestPos = 0, bestVal = 0;
      for (let c = first; c < end; c++) {
        const k = peaks[c];
        if (Math.abs(k - t) > dmin + 1) continue;
        const x0 = this.lm(k - 1), x1 = this.lm(k), x2 = this.lm(k + 1);
        const bq = 0.5 * (x2 - x0);
        const a = x1 - bq - x0;
        let pos: number, val: number;
        if (a > 0) {
          val = x1 + (0.25 * bq * bq) / a;
          pos = k + 1 + (0.5 * bq) / a;
        } else {
          val = x1;
          pos = k + 1 + plateau[c] / 2;
        }
        const d = Math.abs(pos - target);
        if (d < best) { best = d; bestPos = pos; bestVal = val; }
      }
      if (best < half) {
        freq[h] = bestPos - 1;
        amp[h] = Math.exp(bestVal);
        logAmp[h] = bestVal;
      }
    }
    for (let h = 1; h <= maxH; h++) {
      freq[h] *= fs / N;
      if (Number.isNaN(logAmp[h])) logAmp[h] = Math.log(amp[h]);
    }
    // phase: linear interpolation of the unwrapped phase between the two bins around the frequency, i.e.
    // of the wrapped phase with MATLAB unwrap's step between them (only these atan2 are needed)
    const df = fs / N;
    for (let h = 1; h <= maxH; h++) {
      const pos = freq[h] / df;
      if (pos > H || pos < 0) { phase[h] = NaN; continue; }
      let i0 = Math.floor(pos);
      if (i0 >= H) i0 = H - 1;
      if (i0 < 0) i0 = 0;
      const g = pos - i0;
      const p0 = this.phaseOf(re, im, i0, delay), p1 = this.phaseOf(re, im, i0 + 1, delay);
      phase[h] = wrap(p0 + g * unwrapStep(p1 - p0));
    }
    freq[0] = 0;
    amp[0] = Math.sqrt(pw[0]);
    logAmp[0] = Math.log(amp[0]);
    phase[0] = this.phaseOf(re, im, 0, delay);
    // force harmonic frequencies: median spacing
    if (K > 1) {
      const d = this.diffs.subarray(0, K - 1);
      for (let h = 1; h < K; h++) d[h - 1] = freq[h] - freq[h - 1];
      const mf0 = median(d);
      for (let h = 0; h < K; h++) freq[h] = mf0 * h;
    }
    return { count: K, freq, amp, phase };
  }
}
