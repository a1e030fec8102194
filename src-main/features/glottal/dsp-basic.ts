// DSP pieces of the glottal-source modules with MATLAB's definitions that features/dsp/ does not have.
// Windows, `lpc`, `median`, `interp1` and `medfilt1` come from features/dsp/ (bit-identical on the
// reference clips to the local copies they replaced). Kept here, because no shared equivalent exists:
// - `filtfilt` for IIR filters (MATLAB's odd reflection + steady-state initial conditions; the recursion
//   runs in WebAssembly, native/glottal-kernels.c glottal_iir): dsp/phase.ts
//   `filtfiltFir` is FIR-only and dsp/filter.ts `iirFilter` starts from zero state, while the SEDREAMS
//   high-pass and creak band-pass outputs depend on MATLAB's zi start-up;
// - Curve Fitting `smooth` (moving average with shrinking ends), MATLAB `findpeaks` (first sample of a
//   flat top) and voicebox `v_findpeaks` (centre of a flat top, minimum distance w): harmonics.ts keeps
//   its quadratic-interpolating v_findpeaks private to HarmonicPicker;
// - thin wrappers returning new arrays around the shared interp1/medfilt1 (which write into buffers).
import { interp1 as sharedInterp1 } from '../dsp/interp.js';
import { medfilt1 as sharedMedfilt1 } from '../dsp/phase.js';
import { wasmHeap } from '../dsp/wasm-fft.js';

interface IirExports {
  glottal_iir(b0: number, bn: number, an: number, order: number, x: number, n: number, state: number, reverse: number): void;
}
/** Scratch slots of wasmHeap().allocTemp owned by the glottal group (160…179; IAIF uses 160–162). */
const IIR_SLOT = 163;
/** Samples per WebAssembly call: the state carries over, so memory stays bounded for any clip length. */
const IIR_CHUNK = 1 << 16;

/**
 * MATLAB `filter(b, a, ·, zi)` (direct form II transposed), a[0] normalised to 1, in place on x, forward
 * or backward (time-reversed, without reversing the array), in WebAssembly (native/glottal-kernels.c
 * glottal_iir). `state` (length max(nb, na) − 1) holds zi on entry.
 */
function iirFilter(b: Float64Array, a: Float64Array, x: Float64Array, state: Float64Array, reverse: boolean): void {
  const order = Math.max(b.length, a.length) - 1;
  const n = x.length;
  const a0 = a[0];
  const coef = new Float64Array(2 * order + order);
  for (let k = 0; k < order; k++) {
    coef[k] = k + 1 < b.length ? b[k + 1] / a0 : 0;
    coef[order + k] = k + 1 < a.length ? a[k + 1] / a0 : 0;
    coef[2 * order + k] = state[k];
  }
  const heap = wasmHeap();
  const ex = heap.ex as unknown as IirExports;
  const pc = heap.allocTemp(IIR_SLOT, coef.length), px = heap.allocTemp(IIR_SLOT + 1, Math.min(n, IIR_CHUNK));
  const mem = heap.f64;
  mem.set(coef, pc / 8);
  const pState = pc + 16 * order;
  for (let c = 0; c < n; c += IIR_CHUNK) {
    const len = Math.min(IIR_CHUNK, n - c);
    const s0 = reverse ? n - c - len : c;
    mem.set(x.subarray(s0, s0 + len), px / 8);
    ex.glottal_iir(b[0] / a0, pc, pc + 8 * order, order, px, len, pState, reverse ? 1 : 0);
    x.set(mem.subarray(px / 8, px / 8 + len), s0);
  }
}

/** Steady-state initial conditions for a step input (MATLAB filtfilt / scipy lfilter_zi). */
function filterZi(b: Float64Array, a: Float64Array): Float64Array {
  const n = Math.max(b.length, a.length);
  const bb = new Float64Array(n); bb.set(b);
  const aa = new Float64Array(n); aa.set(a);
  const m = n - 1;
  // Solve (I − A) zi = B, A = companion(a)ᵀ as in scipy.signal.lfilter_zi.
  const M = Array.from({ length: m }, () => new Float64Array(m + 1));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let aij = 0;
      if (j === 0) aij = -aa[i + 1];
      else if (j === i + 1) aij = 1;
      // companion(a).T : first column -a[1:], superdiagonal ones
      M[i][j] = (i === j ? 1 : 0) - aij;
    }
    M[i][m] = bb[i + 1] - aa[i + 1] * bb[0];
  }
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < m; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= m; k++) M[r][k] -= f * M[c][k];
    }
  }
  const zi = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = M[r][m];
    for (let k = r + 1; k < m; k++) s -= M[r][k] * zi[k];
    zi[r] = s / M[r][r];
  }
  return zi;
}

const ziCache = new WeakMap<Float64Array, Float64Array>();

/**
 * Zero-phase filtering as MATLAB `filtfilt`: odd reflection of 3·(order) samples at both ends,
 * steady-state initial conditions scaled by the first sample, forward then backward.
 */
export function filtfilt(b: Float64Array, a: Float64Array, x: Float64Array): Float64Array {
  const n = x.length;
  const order = Math.max(b.length, a.length) - 1;
  const nfact = 3 * order;
  const out = new Float64Array(n);
  if (n === 0) return out;
  if (n <= nfact) {
    // MATLAB refuses such short input; keep the signal unfiltered rather than throwing.
    out.set(x);
    return out;
  }
  let zi = ziCache.get(a);
  if (!zi) { zi = filterZi(b, a); ziCache.set(a, zi); }
  const len = n + 2 * nfact;
  const ext = new Float64Array(len);
  for (let i = 0; i < nfact; i++) ext[i] = 2 * x[0] - x[nfact - i];
  ext.set(x, nfact);
  for (let i = 0; i < nfact; i++) ext[nfact + n + i] = 2 * x[n - 1] - x[n - 2 - i];
  const state = new Float64Array(order);
  for (let k = 0; k < order; k++) state[k] = zi[k] * ext[0];
  iirFilter(b, a, ext, state, false);
  for (let k = 0; k < order; k++) state[k] = zi[k] * ext[len - 1];
  iirFilter(b, a, ext, state, true);
  out.set(ext.subarray(nfact, nfact + n));
  return out;
}

/** MATLAB `interp1(xk, yk, xq)` linear, NaN outside the knots, into a new array (shared dsp/interp.ts). */
export function interp1(xk: ArrayLike<number>, yk: ArrayLike<number>, xq: ArrayLike<number>): Float64Array {
  const out = new Float64Array(xq.length);
  sharedInterp1(xk, yk, xq, out);
  return out;
}

/** MATLAB `medfilt1(x, n)` (odd n, zero-padded ends) into a new array (shared dsp/phase.ts). */
export function medfilt1(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length);
  sharedMedfilt1(x, x.length, n, out, new Float64Array(n));
  return out;
}

/** MATLAB Curve Fitting `smooth(y, span)` moving average: odd span, shrinking symmetric ends. */
export function smooth(y: Float64Array, span: number): Float64Array {
  const n = y.length;
  let w = span % 2 === 0 ? span - 1 : span;
  if (w > n) w = n % 2 === 0 ? n - 1 : n;
  const h = (w - 1) >> 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const half = Math.min(h, i, n - 1 - i);
    let s = 0;
    for (let k = i - half; k <= i + half; k++) s += y[k];
    out[i] = s / (2 * half + 1);
  }
  return out;
}

/** MATLAB `findpeaks` default rule: strict local maxima (first sample of a flat top), ends excluded. Returns 0-based indices. */
export function findPeaksMatlab(x: Float64Array): number[] {
  const peaks: number[] = [];
  const n = x.length;
  let i = 1;
  while (i < n - 1) {
    if (x[i] > x[i - 1]) {
      let j = i;
      while (j + 1 < n && x[j + 1] === x[i]) j++;
      if (j + 1 < n && x[j + 1] < x[i]) peaks.push(i);
      i = j + 1;
    } else i++;
  }
  return peaks;
}

/**
 * voicebox `v_findpeaks(y)` rule: local maxima, a flat top reported at its centre, ends excluded;
 * with w > 0, of two peaks closer than or equal to w the lower is dropped, repeatedly. 0-based.
 */
export function findPeaksVoicebox(y: ArrayLike<number>, w = 0, from = 0, to = y.length): number[] {
  let k: number[] = [];
  let i = from + 1;
  while (i < to - 1) {
    if (y[i] > y[i - 1]) {
      let j = i;
      while (j + 1 < to && y[j + 1] === y[i]) j++;
      if (j + 1 < to && y[j + 1] < y[i]) k.push(i + ((j - i) >> 1));
      i = j + 1;
    } else i++;
  }
  if (w > 0) {
    for (;;) {
      const drop = new Set<number>();
      for (let q = 0; q + 1 < k.length; q++) {
        if (k[q + 1] - k[q] <= w) drop.add(y[k[q]] < y[k[q + 1]] ? q : q + 1);
      }
      if (drop.size === 0) break;
      k = k.filter((_, q) => !drop.has(q));
    }
  }
  return k;
}
