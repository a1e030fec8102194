// F0 and voicing by Summation of Residual Harmonics (SRH).
// T. Drugman, A. Alwan, "Joint Robust Voicing Detection and Pitch Estimation Based on Residual
// Harmonics", Interspeech 2011, Florence.
//
// Parameters as COVAREP `pitch_srh` (v1.4.2) called by COVAREP_feature_extraction:
// - LP residual: 25 ms Hanning frames (401 samples), 5 ms shift, order round(0.75·fs/1000) = 12;
// - analysis frames of round(0.1·fs) − 2 = 1598 samples, hop 10 ms, centred at 1-based samples
//   800, 960, … ≤ N − 799; Blackman window, mean removed after windowing;
// - amplitude spectrum |FFT| with fs points (1 Hz bins), first fs/2 bins, normalised to unit L2 norm;
// - SRH(f) = Σ_{k=1..5} E(k·f) − Σ_{k=1..4} E(round((k+½)·f)) for integer f in [f0min, f0max], where E is
//   indexed like MATLAB's 1-based spectrum (E(i) is the bin at i − 1 Hz);
// - F0 = arg max; candidates below f0min score 0, so a frame whose scores are all ≤ 0 or NaN gets
//   F0 = 1 Hz and SRH = 0 (this is COVAREP's F0 = 1 in digital silence);
// - 2 iterations: after the first, if max SRH > 0.1, the range becomes [round(F0med/2), round(2·F0med)]
//   (each bound only if it narrows the range), F0med the median F0 of frames with SRH > 0.1;
// - voicing: SRH > 0.07, or > 0.085 when std(SRH) > 0.05.
import { realFftPlan } from './dsp/fft';
import { median, std, roundHalfAway } from './dsp/stats';
import { windowOf } from './dsp/windows';
import { lpResidual } from './lp-residual';
import type { SrhTrack } from './types';

export const SRH_F0_MIN = 50;
export const SRH_F0_MAX = 500;
const N_HARMONICS = 5;
const ITER_THRESH = 0.1;
const STD_THRESH = 0.05;
const VOICING_THRESH = 0.07;
const VOICING_THRESH2 = 0.085;

/** Shortest input with at least one SRH frame at 16 kHz (1598-sample frame plus the 800-sample offset). */
export const SRH_MIN_SAMPLES = 1599;

export function srhPitch(x: Float64Array, fs: number, hopMs = 10): SrhTrack {
  const n = x.length;
  const res = lpResidual(x, Math.round(0.025 * fs), Math.round(0.005 * fs), Math.round((0.75 * fs) / 1000));
  const frameLen = Math.round(0.1 * fs) - 2;
  const shift = Math.round((hopMs / 1000) * fs);
  const halfDur = Math.round(frameLen / 2);
  const centres: number[] = [];
  for (let t = halfDur + 1; t <= n - halfDur; t += shift) centres.push(t);
  const nFrames = centres.length;
  const half = fs / 2;
  // SRH(f) does not depend on the search range, so it is computed once for all f in [50, 500] and the
  // second iteration only re-runs the arg max over the narrowed range.
  const fLo = SRH_F0_MIN, fHi = SRH_F0_MAX, nF = fHi - fLo + 1;
  const srhMat = new Float64Array(nFrames * nF);
  const win = windowOf('blackman', frameLen);
  const frame = new Float64Array(frameLen);
  const plan = realFftPlan(fs);
  const re = new Float64Array(fs / 2 + 1), im = new Float64Array(fs / 2 + 1);
  const maxBin = N_HARMONICS * fHi; // highest 1-based index read
  const mag = new Float64Array(maxBin + 1);
  for (let j = 0; j < nFrames; j++) {
    const start = centres[j] - halfDur - 1; // 0-based
    let m = 0;
    for (let i = 0; i < frameLen; i++) { const v = res[start + i] * win[i]; frame[i] = v; m += v; }
    m /= frameLen;
    for (let i = 0; i < frameLen; i++) frame[i] -= m;
    plan.forward(frame, re, im);
    let ss = 0;
    for (let k = 0; k < half; k++) ss += re[k] * re[k] + im[k] * im[k];
    const norm = 1 / Math.sqrt(ss);
    // mag[i] = E(i), MATLAB 1-based: bin i − 1
    for (let i = 1; i <= maxBin; i++) { const k = i - 1; mag[i] = Math.sqrt(re[k] * re[k] + im[k] * im[k]) * norm; }
    const row = j * nF;
    for (let f = fLo; f <= fHi; f++) {
      let s = 0;
      for (let k = 1; k <= N_HARMONICS; k++) s += mag[k * f];
      for (let k = 1; k < N_HARMONICS; k++) s -= mag[roundHalfAway((k + 0.5) * f)];
      srhMat[row + f - fLo] = s;
    }
  }

  const f0 = new Float64Array(nFrames);
  const score = new Float64Array(nFrames);
  let f0min = SRH_F0_MIN, f0max = SRH_F0_MAX;
  const search = (lo: number, hi: number): void => {
    for (let j = 0; j < nFrames; j++) {
      const row = j * nF - fLo;
      let best = 0, bestF = 1; // rows 1..lo−1 of COVAREP's SRH matrix are 0; NaN never wins
      for (let f = lo; f <= hi; f++) {
        const s = srhMat[row + f];
        if (s > best) { best = s; bestF = f; }
      }
      f0[j] = bestF;
      score[j] = best;
    }
  };
  search(f0min, f0max);
  let maxScore = -Infinity;
  for (let j = 0; j < nFrames; j++) if (score[j] > maxScore) maxScore = score[j];
  if (maxScore > ITER_THRESH) {
    const sel: number[] = [];
    for (let j = 0; j < nFrames; j++) if (score[j] > ITER_THRESH) sel.push(f0[j]);
    const med = median(sel);
    let narrowed = false;
    if (roundHalfAway(0.5 * med) > f0min) { f0min = roundHalfAway(0.5 * med); narrowed = true; }
    if (roundHalfAway(2 * med) < f0max) { f0max = roundHalfAway(2 * med); narrowed = true; }
    if (narrowed) search(f0min, f0max);
  }

  const thr = std(score) > STD_THRESH ? VOICING_THRESH2 : VOICING_THRESH;
  const vuv = new Uint8Array(nFrames);
  const voicedF0: number[] = [];
  for (let j = 0; j < nFrames; j++) {
    if (score[j] > thr) {
      vuv[j] = 1;
      if (f0[j] > SRH_F0_MIN && f0[j] < SRH_F0_MAX) voicedF0.push(f0[j]);
    }
  }
  return {
    centres: Float64Array.from(centres), f0, vuv, score, f0Median: median(voicedF0), f0Min: f0min, f0Max: f0max,
  };
}
