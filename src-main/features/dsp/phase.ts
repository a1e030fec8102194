// Phase helpers with MATLAB semantics, plus the zero-phase FIR smoothing (filtfilt) and median filter
// (medfilt1) used on phase statistics.
import { roundHalfAway } from './stats';

const TWO_PI = 2 * Math.PI;

/** COVAREP `wrap`: x − round(x/2π)·2π (MATLAB round, halves away from zero). */
export function wrap(x: number): number {
  return x - roundHalfAway(x / TWO_PI) * TWO_PI;
}

/** The step MATLAB `unwrap` (tolerance π) takes for a difference dp of neighbours: dp if |dp| < π, else
 *  its equivalent in [−π, π) (π for a positive dp that lands on −π). */
export function unwrapStep(dp: number): number {
  if (Math.abs(dp) < Math.PI) return dp;
  let dps = ((dp + Math.PI) % TWO_PI + TWO_PI) % TWO_PI - Math.PI;
  if (dps === -Math.PI && dp > 0) dps = Math.PI;
  return dps;
}

/**
 * MATLAB `unwrap` (tolerance π) over a[off], a[off+stride], … (n values), in place: a jump |d| ≥ π between
 * neighbours is replaced by its equivalent in [−π, π). NaN values are skipped over as MATLAB's cumsum would
 * propagate them; callers avoid NaN.
 */
export function unwrapInPlace(a: Float64Array, n: number, off = 0, stride = 1): void {
  let corr = 0;
  let prev = a[off];
  for (let i = 1; i < n; i++) {
    const idx = off + i * stride;
    const cur = a[idx];
    const dp = cur - prev;
    if (Math.abs(dp) >= Math.PI) {
      let dps = ((dp + Math.PI) % TWO_PI + TWO_PI) % TWO_PI - Math.PI;
      if (dps === -Math.PI && dp > 0) dps = Math.PI;
      corr += dps - dp;
    }
    prev = cur;
    a[idx] = cur + corr;
  }
}

/**
 * Zero-phase FIR filtering as Octave/MATLAB `filtfilt(b, 1, x)`: reflected extension of 3·(L−1) samples at
 * each end (2·x(1) − x(reversed)), steady-state initial conditions zi·v(1), forward then backward filtering.
 * x[0..n) is filtered in place. `work` needs 2·(n + 6·(L−1)) + L entries. If n ≤ 3·(L−1) (where MATLAB
 * raises an error) the extension is shortened to n − 1.
 *
 * The filter runs as a transposed direct form II with the same order of additions as Octave's `filter`,
 * and zi is the reversed cumulative sum of b: the HMPD deviation is sqrt(−2·ln R) with R → 1 near the
 * clip ends, where a different rounding of R moves HMPDD visibly (README of the reference set).
 */
export function filtfiltFir(b: Float64Array, x: Float64Array, n: number, work: Float64Array): void {
  const L = b.length;
  let nr = 3 * (L - 1);
  if (n <= nr) nr = Math.max(n - 1, 0);
  const len = n + 2 * nr;
  const v = work.subarray(0, len), y = work.subarray(len, 2 * len), zi = work.subarray(2 * len, 2 * len + L);
  const x0 = x[0], xe = x[n - 1];
  for (let i = 0; i < nr; i++) v[i] = 2 * x0 - x[nr - i];
  for (let i = 0; i < n; i++) v[nr + i] = x[i];
  for (let i = 0; i < nr; i++) v[nr + n + i] = 2 * xe - x[n - 2 - i];
  // zi[k] = Σ_{j>k} b[j], accumulated from the last tap (Octave: fliplr(cumsum(fliplr(b − kdc·a)))(2:end))
  let acc = 0;
  for (let k = L - 2; k >= 0; k--) { acc += b[k + 1]; zi[k] = acc; }
  df2tFir(b, zi, v, y, len, false);
  df2tFir(b, zi, y, v, len, true);
  for (let i = 0; i < n; i++) x[i] = v[nr + i];
}

const stateBuf = { s: new Float64Array(64) };

/** out = filter(b, 1, inp, zi·inp[first]) forwards or backwards, transposed direct form II. */
function df2tFir(b: Float64Array, zi: Float64Array, inp: Float64Array, out: Float64Array, len: number, reverse: boolean): void {
  const L = b.length, ns = L - 1;
  if (stateBuf.s.length < ns) stateBuf.s = new Float64Array(ns);
  const si = stateBuf.s;
  const first = inp[reverse ? len - 1 : 0];
  for (let j = 0; j < ns; j++) si[j] = zi[j] * first;
  for (let t = 0; t < len; t++) {
    const idx = reverse ? len - 1 - t : t;
    const xv = inp[idx];
    out[idx] = ns > 0 ? si[0] + b[0] * xv : b[0] * xv;
    for (let j = 0; j < ns - 1; j++) si[j] = si[j + 1] + b[j + 1] * xv;
    if (ns > 0) si[ns - 1] = b[ns] * xv;
  }
}

/**
 * MATLAB `medfilt1(x, w)` (odd w, zero padding at both ends) of x[0..n) into out[0..n). The window is kept
 * sorted in `buf` (w entries) and updated by one removal and one insertion per step.
 */
export function medfilt1(x: Float64Array, n: number, w: number, out: Float64Array, buf: Float64Array): void {
  const h = (w - 1) >> 1;
  const val = (k: number): number => (k < 0 || k >= n ? 0 : x[k]);
  for (let m = 0; m < w; m++) buf[m] = val(m - h);
  buf.subarray(0, w).sort();
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      const old = val(i - 1 - h), nv = val(i + h);
      // remove `old`
      let p = 0;
      while (p < w && buf[p] !== old) p++;
      if (p === w) p = w - 1; // not found (NaN input): drop the largest
      for (let q = p; q < w - 1; q++) buf[q] = buf[q + 1];
      // insert `nv` into the first w − 1 sorted entries
      let q = w - 2;
      while (q >= 0 && buf[q] > nv) { buf[q + 1] = buf[q]; q--; }
      buf[q + 1] = nv;
    }
    out[i] = buf[h];
  }
}
