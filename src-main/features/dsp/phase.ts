// Phase helpers with MATLAB semantics, plus the zero-phase FIR smoothing (filtfilt) and median filter
// (medfilt1) used on phase statistics.
import { roundHalfAway } from './stats';

const TWO_PI = 2 * Math.PI;

/** COVAREP `wrap`: x − round(x/2π)·2π (MATLAB round, halves away from zero). */
export function wrap(x: number): number {
  return x - roundHalfAway(x / TWO_PI) * TWO_PI;
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
 * Zero-phase FIR filtering as MATLAB/Octave `filtfilt(b, 1, x)`: reflected extension of 3·(L−1) samples at
 * each end (2·x(1) − x(reversed)), steady-state initial conditions, forward then backward filtering.
 * x is read from x[off + i·stride], i < n, and the result written back in place. `work` needs
 * n + 6·(L−1) entries. If n ≤ 3·(L−1) (MATLAB raises an error) the extension is shortened to n − 1.
 */
export function filtfiltFirInPlace(
  b: Float64Array, x: Float64Array, n: number, off: number, stride: number, work: Float64Array,
): void {
  const L = b.length;
  let nr = 3 * (L - 1);
  if (n <= nr) nr = Math.max(n - 1, 0);
  const len = n + 2 * nr;
  const v = work;
  const x0 = x[off], xe = x[off + (n - 1) * stride];
  for (let i = 0; i < nr; i++) v[i] = 2 * x0 - x[off + (nr - i) * stride];
  for (let i = 0; i < n; i++) v[nr + i] = x[off + i * stride];
  for (let i = 0; i < nr; i++) v[nr + n + i] = 2 * xe - x[off + (n - 2 - i) * stride];
  // initial state zi = cumsum of reversed (b − kdc·a), first dropped; for a = 1: zi[k] = Σ_{j>k} b[j]
  // Forward: y[t] = Σ_j b[j]·v[t−j] with the state standing for the past input v[0] repeated.
  forwardFir(b, v, len);
  // Backward
  for (let i = 0, j = len - 1; i < j; i++, j--) { const t = v[i]; v[i] = v[j]; v[j] = t; }
  forwardFir(b, v, len);
  for (let i = 0; i < n; i++) x[off + i * stride] = v[len - 1 - nr - i];
}

/** In place y = filter(b, 1, v, zi·v[0]) with zi the steady-state initial conditions. */
function forwardFir(b: Float64Array, v: Float64Array, len: number): void {
  const L = b.length;
  const v0 = v[0];
  // Process from the end so every output only reads inputs not yet overwritten.
  for (let t = len - 1; t >= 0; t--) {
    let acc = 0;
    for (let j = 0; j < L; j++) {
      const k = t - j;
      acc += b[j] * (k >= 0 ? v[k] : v0);
    }
    v[t] = acc;
  }
}

/** MATLAB `medfilt1(x, w)` (odd w, zero padding at both ends) over strided data, into out[0..n). */
export function medfilt1(x: Float64Array, n: number, off: number, stride: number, w: number, out: Float64Array, buf: Float64Array): void {
  const h = (w - 1) >> 1;
  for (let i = 0; i < n; i++) {
    for (let j = -h, m = 0; j <= h; j++, m++) {
      const k = i + j;
      buf[m] = k < 0 || k >= n ? 0 : x[off + k * stride];
    }
    // insertion sort of w values (w is small: 9)
    for (let a = 1; a < w; a++) {
      const t = buf[a];
      let c = a - 1;
      while (c >= 0 && buf[c] > t) { buf[c + 1] = buf[c]; c--; }
      buf[c + 1] = t;
    }
    out[i] = buf[h];
  }
}
