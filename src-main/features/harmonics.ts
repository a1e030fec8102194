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
import { windowOf } from './dsp/windows';
import { wasmHeap, wasmRealPlan, type WasmRealPlan } from './dsp/wasm-fft';
import type { SinFrame } from './sin-frames';
import { medianInPlace, roundHalfAway } from './dsp/stats';

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

interface PickerExports {
  rfft(plan: number, x: number, xlen: number, outRe: number, outIm: number): void;
  hmpd_power_peaks(re: number, im: number, H: number, pw: number, peaks: number, plateau: number): number;
}

/** Components including DC that pick() returns for f0: 1 + max_h, max_h = round((fs/2 − f0/2)/f0). */
export function harmonicCount(fs: number, f0: number): number {
  return roundHalfAway((fs / 2 - f0 / 2) / f0) + 1;
}

/** Reusable buffers for one dftlen; the spectrum, |S|² and the peak list live in WebAssembly memory. */
export class HarmonicPicker {
  private diffs: Float64Array;
  /** cos, sin of 2πm/dftlen (the delay-compensation table of sin-frames.ts, same values). */
  private readonly cr: Float64Array;
  private readonly ci: Float64Array;
  private freq: Float64Array;
  private amp: Float64Array;
  private readonly plan: WasmRealPlan;
  /** byte offsets in wasm memory: |S|², peak bins, plateau offsets */
  private readonly pwP: number;
  private readonly peaksP: number;
  private readonly plateauP: number;
  // views of the current frame (refreshed per frame: memory growth detaches them)
  private re = new Float64Array(0);
  private im = new Float64Array(0);
  private pw = new Float64Array(0);
  private peaks = new Int32Array(0);
  private plateau = new Int32Array(0);
  constructor(readonly dftlen: number) {
    const H = dftlen / 2;
    this.freq = new Float64Array(H + 1);
    this.amp = new Float64Array(H + 1);
    this.diffs = new Float64Array(H + 1);
    this.cr = new Float64Array(dftlen);
    this.ci = new Float64Array(dftlen);
    for (let m = 0; m < dftlen; m++) { this.cr[m] = Math.cos((2 * Math.PI * m) / dftlen); this.ci[m] = Math.sin((2 * Math.PI * m) / dftlen); }
    const plan = wasmRealPlan(dftlen, true);
    if (!plan) throw new Error(`HarmonicPicker: no WebAssembly FFT plan for ${dftlen} points`);
    this.plan = plan;
    const heap = wasmHeap();
    this.pwP = heap.allocF64(H + 1);
    this.peaksP = heap.alloc(4 * (H + 1));
    this.plateauP = heap.alloc(4 * (H + 1));
  }

  /** ln|S(k)|, computed as v_findpeaks' input was (ln of the magnitude). */
  private lm(k: number): number {
    return Math.log(Math.sqrt(this.pw[k]));
  }

  /**
   * The sin_analysis frame of `fr` (Blackman window of winlen samples centred on fr.centre, normalised by
   * its sum; the same frame as sin-frames.ts frameSpectrum, written straight into the FFT's WebAssembly
   * input), its dftlen-point spectrum, |S|² and the peaks (native/hmpd-kernels.c hmpd_power_peaks).
   * Returns the number of peaks.
   */
  private analyse(x: Float64Array, fr: SinFrame): number {
    const heap = wasmHeap(), ex = heap.ex as unknown as PickerExports, p = this.plan, H = this.dftlen / 2;
    const win = windowOf('blackman', fr.winlen);
    let sw = 0;
    for (let i = 0; i < fr.winlen; i++) sw += win[i];
    const s = 1 / sw, start = fr.centre - (fr.winlen - 1) / 2;
    const v = heap.f64, xo = p.x / 8, len = Math.min(fr.winlen, this.dftlen);
    for (let i = 0; i < len; i++) v[xo + i] = x[start + i] * (win[i] * s);
    ex.rfft(p.plan, p.x, len, p.outRe, p.outIm);
    const np = ex.hmpd_power_peaks(p.outRe, p.outIm, H, this.pwP, this.peaksP, this.plateauP);
    const buf = heap.ex.memory.buffer;
    if (this.pw.buffer !== buf) {
      this.re = new Float64Array(buf, p.outRe, H + 1);
      this.im = new Float64Array(buf, p.outIm, H + 1);
      this.pw = new Float64Array(buf, this.pwP, H + 1);
      this.peaks = new Int32Array(buf, this.peaksP, H + 1);
      this.plateau = new Int32Array(buf, this.plateauP, H + 1);
    }
    return np;
  }

  /** Phase of bin k after the window-delay compensation e^{+2πi·k·delay/dftlen} (sin-frames.ts). */
  private phaseOf(k: number, delay: number): number {
    const m = (k * delay) % this.dftlen;
    const c = this.cr[m], sn = this.ci[m], r = this.re[k], i = this.im[k];
    return Math.atan2(r * sn + i * c, r * c - i * sn);
  }

  /**
   * Harmonics of the analysis frame `fr` of signal x (f0 = fr.f0). The spectrum is not delay-compensated
   * (that does not change magnitudes); the compensation e^{+2πi·k·(winlen−1)/2 / dftlen} is applied to the
   * bins whose phase is read. logAmp receives ln of each amplitude (the value the peak interpolation
   * gives, before its exp), K = harmonicCount(fs, f0) entries (≤ fs/2 + 1 for f0 ≥ 1 Hz); `phase` (the
   * returned phases, owned by the caller, e.g. a view of one array for all frames) K entries.
   */
  pick(x: Float64Array, fr: SinFrame, fs: number, logAmp: Float64Array, phase: Float64Array): Harmonics {
    const N = this.dftlen, H = N / 2, f0 = fr.f0, delay = (fr.winlen - 1) / 2;
    const K = harmonicCount(fs, f0), maxH = K - 1;
    if (this.freq.length < K) { // f0 ≈ 1 Hz frames (SRH next to digital silence) in long clips
      this.freq = new Float64Array(K); this.amp = new Float64Array(K); this.diffs = new Float64Array(K);
    }
    if (phase.length < K) throw new Error(`HarmonicPicker.pick: phase holds ${phase.length} values, ${K} needed`);
    const freq = this.freq, amp = this.amp;
    const np = this.analyse(x, fr);
    const pw = this.pw, peaks = this.peaks, plateau = this.plateau;
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
      const p0 = this.phaseOf(i0, delay), p1 = this.phaseOf(i0 + 1, delay);
      phase[h] = wrap(p0 + g * unwrapStep(p1 - p0));
    }
    freq[0] = 0;
    amp[0] = Math.sqrt(pw[0]);
    logAmp[0] = Math.log(amp[0]);
    phase[0] = this.phaseOf(0, delay);
    // force harmonic frequencies: median spacing
    if (K > 1) {
      const d = this.diffs.subarray(0, K - 1);
      for (let h = 1; h < K; h++) d[h - 1] = freq[h] - freq[h - 1];
      const mf0 = medianInPlace(d); // d is scratch
      for (let h = 0; h < K; h++) freq[h] = mf0 * h;
    }
    return { count: K, freq, amp, phase };
  }
}
