// Glottal closure instants by SEDREAMS: T. Drugman, M. Thomas, J. Gudnason, P. Naylor, T. Dutoit,
// "Detection of Glottal Closure Instants from Speech Signals: a Quantitative Review", IEEE TASL 20(3),
// 2012 (and Drugman & Dutoit, Interspeech 2009).
// Parameters (COVAREP `gci_sedreams` at 16 kHz):
// - mean-based signal: moving average weighted by a Blackman window of 2·round(1.7·T0/2)+1 samples,
//   T0 = round(fs / F0mean), F0mean the median SRH F0 of voiced frames; ends (half a window) set to 0;
// - low-frequency removal: elliptic high-pass (passband 50 Hz, stopband 30 Hz, 3 dB ripple, 60 dB
//   attenuation) applied forward-backward, then normalised to a peak of 1;
// - intervals of presence: from each minimum of the mean-based signal to the next maximum; the GCI is the
//   maximum of the LP residual inside [ratio − 0.35, ratio + 0.35] of that interval, ratio being the
//   median relative position of residual samples above 0.4 (the residual peaks) within their intervals.
// Returns 0-based sample indices, ascending (GCIs in unvoiced parts included; the caller masks them).
import { filtfilt, findPeaksMatlab } from './dsp-basic.js';
import { windowOf } from '../dsp/windows.js';
import { SEDREAMS_HP_A, SEDREAMS_HP_B } from './filter-coefficients.js';
import { filterEvenFft } from './wavelet.js';

/** MATLAB round: half away from zero. */
export const roundM = (v: number): number => (v < 0 ? -Math.round(-v) : Math.round(v));

export interface SedreamsResult { gci: Int32Array; meanBased: Float64Array }

export function gciSedreams(x: Float64Array, res: Float64Array, f0mean: number, fs = 16000): SedreamsResult {
  const n = x.length;
  const empty = { gci: new Int32Array(0), meanBased: new Float64Array(n) };
  if (!(f0mean > 0) || !Number.isFinite(f0mean)) return empty;
  const t0 = roundM(fs / f0mean);
  const halfL = roundM((1.7 * t0) / 2);
  const wlen = 2 * halfL + 1;
  if (n < wlen + 30) return empty;
  const win = windowOf('blackman', wlen);
  // Moving weighted average (the window is symmetric, so this is a zero-phase filtering), by FFT.
  const [mbs] = filterEvenFft(x, [win]);
  for (let i = 0; i < n; i++) mbs[i] = i < halfL || i >= n - halfL ? 0 : mbs[i] / wlen;
  const hp = filtfilt(SEDREAMS_HP_B, SEDREAMS_HP_A, mbs);
  let peak = 0;
  for (let i = 0; i < n; i++) { const v = Math.abs(hp[i]); if (v > peak) peak = v; }
  if (!(peak > 0)) return { gci: new Int32Array(0), meanBased: hp };
  for (let i = 0; i < n; i++) hp[i] /= peak;

  let maxis = findPeaksMatlab(hp);
  const neg = new Float64Array(n);
  for (let i = 0; i < n; i++) neg[i] = -hp[i];
  let minis = findPeaksMatlab(neg);
  if (maxis.length === 0 || minis.length === 0) return { gci: new Int32Array(0), meanBased: hp };
  let mStart = 0;
  while (mStart < maxis.length && maxis[mStart] < minis[0]) mStart++;
  maxis = maxis.slice(mStart);
  if (maxis.length === 0) return { gci: new Int32Array(0), meanBased: hp };
  let mEnd = minis.length;
  while (mEnd > 0 && minis[mEnd - 1] > maxis[maxis.length - 1]) mEnd--;
  minis = minis.slice(0, mEnd);
  const count = Math.min(minis.length, maxis.length);
  if (count === 0) return { gci: new Int32Array(0), meanBased: hp };

  // Median relative position of residual peaks inside their minimum→maximum interval.
  let rpeak = 0;
  for (let i = 0; i < n; i++) { const v = Math.abs(res[i]); if (v > rpeak) rpeak = v; }
  const rel: number[] = [];
  if (rpeak > 0) {
    let j = 0;
    for (let i = 0; i < n; i++) {
      if (res[i] / rpeak > 0.4) {
        while (j + 1 < count && Math.abs(minis[j + 1] - i) < Math.abs(minis[j] - i)) j++;
        while (j > 0 && Math.abs(minis[j - 1] - i) <= Math.abs(minis[j] - i)) j--;
        const interv = maxis[j] - minis[j];
        rel.push((i - minis[j]) / interv);
      }
    }
  }
  rel.sort((a, b) => a - b);
  const ratio = rel.length === 0 ? 0 : rel.length % 2 ? rel[(rel.length - 1) / 2] : (rel[rel.length / 2 - 1] + rel[rel.length / 2]) / 2;

  const gci = new Int32Array(count);
  let m = 0;
  for (let k = 0; k < count; k++) {
    const interv = maxis[k] - minis[k];
    let start = minis[k] + roundM((ratio - 0.35) * interv);
    let stop = minis[k] + roundM((ratio + 0.35) * interv);
    if (start < 0) start = 0;
    else if (start > n - 1) break;
    if (stop > n - 1) stop = n - 1;
    if (stop > 0) {
      let best = start;
      for (let i = start + 1; i <= stop; i++) if (res[i] > res[best]) best = i;
      gci[m++] = best;
    }
  }
  return { gci: gci.slice(0, m), meanBased: hp };
}
