// Linear-prediction residual by frame-wise LPC inverse filtering with overlap-add, the excitation
// estimate SEDREAMS, MDQ and the creak detector analyse (Drugman et al., IEEE TASL 2012, sec. III;
// COVAREP `lpcresidual`).
// Parameters as COVAREP calls it at 16 kHz: Hanning window of 25 ms + 1 sample (401), 5 ms shift (80),
// order fs/1000 + 2 = 18; each frame's inverse-filtered output is rescaled to the frame's energy;
// the sum is normalised to a peak of 1.
// Frames of exact digital silence have no LPC solution: MATLAB yields NaN there, and downstream
// COVAREP code depends on that (e.g. the creak resonators go NaN after a silent gap), so NaN is kept
// and each caller decides.
import { cachedWindow, lpc } from './dsp-basic.js';

export function lpResidual(x: Float64Array, winLen = 400, shift = 80, order = 18): Float64Array {
  const n = x.length;
  const res = new Float64Array(n);
  const L = winLen + 1;
  if (n <= L) return res;
  const win = cachedWindow('hanning', L);
  const seg = new Float64Array(L);
  const inv = new Float64Array(L);
  const a = new Float64Array(order + 1);
  const work = new Float64Array(2 * order + 2);
  for (let start = 0; start + winLen < n - 1; start += shift) {
    let e = 0;
    for (let i = 0; i < L; i++) { const v = x[start + i] * win[i]; seg[i] = v; e += v * v; }
    lpc(seg, 0, L, order, a, work);
    let ei = 0;
    for (let i = 0; i < L; i++) {
      let s = seg[i];
      const kmax = i < order ? i : order;
      for (let k = 1; k <= kmax; k++) s += a[k] * seg[i - k];
      inv[i] = s;
      ei += s * s;
    }
    const g = Math.sqrt(e / ei);
    for (let i = 0; i < L; i++) res[start + i] += inv[i] * g;
  }
  let peak = 0;
  for (let i = 0; i < n; i++) { const v = Math.abs(res[i]); if (v > peak) peak = v; }
  if (peak > 0) for (let i = 0; i < n; i++) res[i] /= peak;
  return res;
}
