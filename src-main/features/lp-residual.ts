// Linear-prediction residual by overlap-add of inverse-filtered frames, as used by SRH pitch tracking
// and RESKEW polarity detection (Drugman & Alwan, Interspeech 2011; Drugman, IEEE SPL 2013; COVAREP
// `lpcresidual`): frames of L+1 samples (L = 25 ms) every `shift` samples (5 ms), MATLAB `hanning`
// window, LPC (autocorrelation, Levinson) of the windowed frame, FIR inverse filter applied to the windowed
// frame from zero state, the frame residual rescaled to the frame's energy, overlap-added, and the
// whole residual normalised by its largest magnitude. Frames continue while the last sample index stays
// below N (COVAREP's `while stop < length(x)`).
//
// A frame of exact zeros has NaN LPC coefficients (MATLAB `lpc`), so its residual is NaN; the NaN is kept
// on purpose: COVAREP's SRH turns it into F0 = 1 Hz, VUV = 0 near digital silence.
import { autocorr, levinson } from './dsp/lpc';
import { windowOf } from './dsp/windows';
import { featureWasmEnabled, wasmHeap, WASM_MAX_SAMPLES } from './dsp/wasm-fft';

/**
 * @param x        signal used for the inverse filter
 * @param lpcFrom  signal whose frames give the LPC coefficients (x itself, or a filtered copy for RESKEW)
 */
export function lpResidual(x: Float64Array, L: number, shift: number, order: number, lpcFrom: Float64Array = x): Float64Array {
  const n = x.length;
  const res = new Float64Array(n);
  const len = L + 1;
  const win = windowOf('hanning', len);
  if (featureWasmEnabled() && n <= WASM_MAX_SAMPLES) {
    // the frame loop in WebAssembly (native/fft-kernels.c lp_residual; same operations, bit-identical);
    // longer clips (> 4.4 min at 16 kHz) take the TypeScript loop below to bound the module's memory
    const heap = wasmHeap();
    const px = heap.allocTemp(7, n), pl = lpcFrom === x ? px : heap.allocTemp(8, n), pr = heap.allocTemp(9, n);
    const pw = heap.allocTemp(10, len), pk = heap.allocTemp(11, 2 * len + 3 * (order + 1));
    const v = heap.f64;
    v.set(x, px / 8);
    if (pl !== px) v.set(lpcFrom.subarray(0, n), pl / 8);
    v.set(win, pw / 8);
    heap.ex.lp_residual(px, pl, n, L, shift, order, pw, pr, pk);
    res.set(heap.f64.subarray(pr / 8, pr / 8 + n));
    return normalise(res);
  }
  const seg = new Float64Array(len);
  const seg2 = lpcFrom === x ? seg : new Float64Array(len);
  const inv = new Float64Array(len);
  const r = new Float64Array(order + 1);
  const a = new Float64Array(order + 1);
  const tmp = new Float64Array(order + 1);
  for (let start = 0; start + L < n - 1; start += shift) {
    // 1-based stop = start+L+1 < n  ⇔  0-based start + L < n − 1
    let e = 0;
    for (let i = 0; i < len; i++) { const v = x[start + i] * win[i]; seg[i] = v; e += v * v; }
    if (seg2 !== seg) for (let i = 0; i < len; i++) seg2[i] = lpcFrom[start + i] * win[i];
    autocorr(seg2, 0, len, order, r);
    levinson(r, order, a, tmp);
    let ei = 0;
    for (let i = 0; i < len; i++) {
      let acc = 0;
      const kmax = order < i ? order : i;
      for (let k = 0; k <= kmax; k++) acc += a[k] * seg[i - k];
      inv[i] = acc;
      ei += acc * acc;
    }
    const g = Math.sqrt(e / ei);
    for (let i = 0; i < len; i++) res[start + i] += inv[i] * g;
  }
  return normalise(res);
}

/** Scaled to a maximum absolute value of 1. */
function normalise(res: Float64Array): Float64Array {
  const n = res.length;
  let mx = 0;
  for (let i = 0; i < n; i++) { const v = Math.abs(res[i]); if (v > mx) mx = v; } // NaN ignored, as MATLAB max
  const s = 1 / mx;
  for (let i = 0; i < n; i++) res[i] *= s;
  return res;
}
